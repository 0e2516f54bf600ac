package dev.rustmaven.distribution;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where components live in the cache. See the package documentation for the layout.
 *
 * @param root the cache root, e.g. {@code ~/.cache/rust-maven-plugin}
 */
public record CacheLayout(Path root) {

    /** The marker file in an installed component's directory, written before the directory is moved in. */
    public static final String MARKER = ".installed";

    /** The cache root's directory name below the user's cache directory. */
    public static final String DIRECTORY_NAME = "rust-maven-plugin";

    public CacheLayout {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * The default cache root: {@code $XDG_CACHE_HOME/rust-maven-plugin} when that variable holds an absolute
     * path (the XDG spec says to ignore relative ones), else {@code <user.home>/.cache/rust-maven-plugin}.
     *
     * @param env      the process environment (or a test's map)
     * @param userHome the {@code user.home} system property
     */
    public static Path defaultRoot(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, DIRECTORY_NAME);
        }
        return Path.of(userHome, ".cache", DIRECTORY_NAME);
    }

    /**
     * The directory holding an installed component: {@code <root>/<component>/<release>-<short hash>/<triple>},
     * with {@code -<filter name>} appended for a filtered install.
     */
    public Path componentDir(CompilerRelease compiler, String component, String triple, PayloadFilter filter) {
        return root.resolve(safe(component))
                .resolve(safe(compiler.release() + "-" + compiler.shortHash()))
                .resolve(safe(triple) + (filter.isAll() ? "" : "-" + filter.name()));
    }

    /** The directory holding every installed host toolchain. */
    public Path toolchainsDir() {
        return root.resolve("toolchains");
    }

    /**
     * The directory of a whole host toolchain: {@code <root>/toolchains/<release>-<short hash>-<host>}, named like
     * rustup's {@code stable-x86_64-unknown-linux-gnu}. Not {@code .../<host>}: rustc takes a sysroot directory
     * named exactly like its host triple for {@code <sysroot>/lib/rustlib/<host>} and climbs three levels up.
     */
    public Path toolchainDir(CompilerRelease compiler, String host) {
        return toolchainsDir().resolve(safe(compiler.release() + "-" + compiler.shortHash() + "-" + host));
    }

    /** The lock file guarding the installation of one component directory. */
    public Path lockFile(Path componentDir) {
        Path relative = root.relativize(componentDir);
        return root.resolve("locks")
                .resolve(String.join("_", relative.toString().split("[/\\\\]")) + ".lock");
    }

    /** The marker of an installed component, if {@code componentDir} holds a complete install. */
    public static Optional<InstallMarker> readMarker(Path componentDir) {
        Path marker = componentDir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new InstallMarker(
                properties.getProperty("component", ""),
                properties.getProperty("target", ""),
                properties.getProperty("compiler", ""),
                properties.getProperty("url", ""),
                properties.getProperty("sha256", ""),
                properties.getProperty("filter", "")));
    }

    /** Writes the marker into a (staging) component directory. */
    public static void writeMarker(Path componentDir, InstallMarker marker) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("component", marker.component());
        properties.setProperty("target", marker.triple());
        properties.setProperty("compiler", marker.compiler());
        properties.setProperty("url", marker.url());
        properties.setProperty("sha256", marker.sha256());
        properties.setProperty("filter", marker.filter());
        try (Writer out = Files.newBufferedWriter(componentDir.resolve(MARKER), StandardCharsets.UTF_8)) {
            properties.store(out, "Installed by rust-maven-plugin; delete this directory to fetch it again");
        }
    }

    /**
     * What the marker records.
     *
     * @param component the dist package, e.g. {@code rust-std}
     * @param triple    the target
     * @param compiler  {@link CompilerRelease#describe()}
     * @param url       where the tarball came from
     * @param sha256    the tarball's verified digest
     * @param filter    the {@link PayloadFilter#name()}, empty for a full install
     */
    public record InstallMarker(
            String component, String triple, String compiler, String url, String sha256, String filter) {}

    private static String safe(String segment) {
        if (segment.isEmpty() || segment.contains("/") || segment.contains("\\") || segment.startsWith(".")) {
            throw new IllegalArgumentException("Not usable as a cache directory name: '" + segment + "'");
        }
        return segment;
    }
}
