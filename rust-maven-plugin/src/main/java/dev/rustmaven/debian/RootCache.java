package dev.rustmaven.debian;

import dev.rustmaven.distribution.CacheLayout;
import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.Sha256;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Where target roots live in the cache (see the package documentation for the layout), and the small files
 * that let a later build find its root without the network: the marker inside each root and the index file
 * per suite, architecture and requested names.
 */
final class RootCache {

    /** The directory below the cache root. */
    static final String DIRECTORY = "target-roots";

    private final CacheLayout cache;

    RootCache(CacheLayout cache) {
        this.cache = cache;
    }

    Path base() {
        return cache.root().resolve(DIRECTORY);
    }

    /** The lock file guarding one root or index file. */
    Path lockFile(Path path) {
        return cache.lockFile(path);
    }

    /** {@code <base>/<arch>/<key>}: one root, named by the packages it holds. */
    Path rootDir(String architecture, List<PackageStanza> packages) {
        String identity = architecture + "\n"
                + packages.stream()
                        .map(p -> p.name() + "=" + p.version() + "=" + p.sha256())
                        .sorted()
                        .collect(Collectors.joining("\n"));
        return base().resolve(architecture).resolve(key(identity));
    }

    /** {@code <base>/<suite>/<arch>/<names key>.properties}: which root a request was answered with. */
    Path indexFile(String suite, String architecture, List<String> requested) {
        return base().resolve(suite).resolve(architecture).resolve(key(String.join("\n", requested)) + ".properties");
    }

    /** Whether {@code root} holds a complete install: its marker is written last. */
    static boolean installed(Path root) {
        return Files.isRegularFile(root.resolve(CacheLayout.MARKER));
    }

    /** The installed root an index file points at, if the file is there and the root is complete. */
    Optional<Path> lookup(Path indexFile, List<String> requested) {
        if (!Files.isRegularFile(indexFile)) {
            return Optional.empty();
        }
        Properties index = new Properties();
        try (Reader in = Files.newBufferedReader(indexFile, StandardCharsets.UTF_8)) {
            index.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        String root = index.getProperty("root", "");
        if (root.isEmpty() || !index.getProperty("requested", "").equals(String.join(",", requested))) {
            return Optional.empty();
        }
        Path dir = base().resolve(root).normalize();
        return dir.startsWith(base()) && installed(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** Points {@code indexFile} at an installed root, replacing what it said before. */
    void writeIndex(
            Path indexFile,
            Path root,
            String suite,
            String architecture,
            List<String> requested,
            List<PackageStanza> packages)
            throws IOException {
        Properties index = new Properties();
        index.setProperty("root", base().relativize(root).toString().replace('\\', '/'));
        index.setProperty("suite", suite);
        index.setProperty("architecture", architecture);
        index.setProperty("requested", String.join(",", requested));
        index.setProperty("packages", describe(packages));
        AtomicPublish.replaceFile(indexFile, temporary -> {
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                index.store(out, "Which target root answers this request; delete this file to resolve it again online");
            }
            return null;
        });
    }

    /**
     * Writes the marker of a root being built, as its last file.
     *
     * @param mirror the archive the packages came from
     * @param release the verified Release they were listed in
     */
    static void writeMarker(
            Path root, String mirror, String suite, Release release, String architecture, List<PackageStanza> packages)
            throws IOException {
        Properties marker = new Properties();
        marker.setProperty("mirror", mirror);
        marker.setProperty("suite", suite);
        marker.setProperty("codename", release.codename());
        marker.setProperty("date", release.date());
        marker.setProperty("architecture", architecture);
        marker.setProperty("packages", describe(packages));
        for (PackageStanza p : packages) {
            marker.setProperty("sha256." + p.name(), p.sha256());
            marker.setProperty("filename." + p.name(), p.filename());
        }
        try (Writer out = Files.newBufferedWriter(root.resolve(CacheLayout.MARKER), StandardCharsets.UTF_8)) {
            marker.store(out, "Installed by rust-maven-plugin; delete this directory to fetch it again");
        }
    }

    /** {@code name=version} of each package, comma-separated. */
    static String describe(List<PackageStanza> packages) {
        return packages.stream().map(PackageStanza::describe).collect(Collectors.joining(", "));
    }

    /** The first 16 hex digits of the SHA-256 of {@code identity}: short, and distinct enough for a cache. */
    private static String key(String identity) {
        return Sha256.of(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }
}
