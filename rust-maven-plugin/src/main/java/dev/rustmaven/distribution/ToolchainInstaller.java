package dev.rustmaven.distribution;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.FileTrees;
import dev.rustmaven.log.BuildLog;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Provides a whole host toolchain (the dist packages {@code rustc}, {@code cargo} and the host's
 * {@code rust-std}) named by a {@link ToolchainSpec}: from the cache, or fetched from the dist server,
 * verified and installed as rustup lays a toolchain out. Same server, downloader, lock and offline rules as
 * {@link ComponentProvisioner}.
 *
 * <p>A pinned name (a release, a dated channel) found in the cache is used without asking the server; a
 * moving name ({@code stable}, {@code 1.85}) is resolved through its channel manifest when online, and
 * offline stands for the newest cached toolchain it admits.
 */
public final class ToolchainInstaller {

    /** The packages a build needs, in install order; rust-std is for the host. */
    static final List<String> PACKAGES = List.of("rustc", "rust-std", "cargo");

    private static final String MARKER = CacheLayout.MARKER;
    private static final String RUSTLIB = "lib/rustlib";
    private static final Pattern VERSION =
            Pattern.compile("(\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.]+)?) \\(([0-9a-f]{7,40}) (\\d{4}-\\d{2}-\\d{2})\\)");

    private final CacheLayout cache;
    private final DistServer server;
    private final Downloader downloader;
    private final boolean offline;
    private final BuildLog log;

    public ToolchainInstaller(
            CacheLayout cache, DistServer server, Downloader downloader, boolean offline, BuildLog log) {
        this.cache = cache;
        this.server = server;
        this.downloader = downloader;
        this.offline = offline;
        this.log = log;
    }

    /**
     * Returns the toolchain {@code spec} names for {@code host}, installing it first when needed.
     *
     * @throws DistException OFFLINE_MISSING (offline, nothing cached fits), NO_MANIFEST (the server has no such
     *     toolchain; the message lists what it has), TARGET_UNAVAILABLE (no build for this host), or a download
     *     or install failure
     */
    public InstalledToolchain ensure(ToolchainSpec spec, String host) throws DistException {
        if (spec.isPinned() || offline) {
            Optional<InstalledToolchain> cached = newestCached(spec, host);
            if (cached.isPresent()) {
                return cached.get();
            }
            if (offline) {
                throw new DistException(
                        DistException.Reason.OFFLINE_MISSING,
                        "Offline mode: no Rust toolchain '" + spec + "' for " + host + " is in the cache ("
                                + cache.toolchainsDir() + "; it holds " + describeCached(host)
                                + "). Run once without offline mode to fetch it.");
            }
        }
        URI url = URI.create(server.root() + "/" + spec.manifestPath());
        String text = downloader.fetchText(url).orElseThrow(() -> noSuchToolchain(spec, url));
        ComponentProvisioner.verifyManifestChecksum(downloader, log, url, text);
        CompilerRelease compiler = rustcOf(text, url);
        Path dir = cache.toolchainDir(compiler, host);
        if (readMarker(dir).isPresent()) {
            log.debug("Rust toolchain '" + spec + "' is " + compiler.describe() + ", cached in " + dir);
            return new InstalledToolchain(dir, compiler, manifestDate(text), host, "cached in " + dir);
        }
        return install(spec, compiler, text, url, host, dir);
    }

    /** Every toolchain for {@code host} in the cache that {@code spec} admits, newest first. */
    public List<InstalledToolchain> cached(ToolchainSpec spec, String host) {
        return installed(host).stream()
                .filter(t -> spec.admits(t.compiler(), t.manifestDate()))
                .toList();
    }

    private Optional<InstalledToolchain> newestCached(ToolchainSpec spec, String host) {
        return cached(spec, host).stream().findFirst();
    }

    /** The installed toolchains for {@code host}, newest first. */
    private List<InstalledToolchain> installed(String host) {
        List<InstalledToolchain> found = new ArrayList<>();
        Path root = cache.toolchainsDir();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> builds = Files.newDirectoryStream(root, "*-" + host)) {
            for (Path dir : builds) {
                readMarker(dir).ifPresent(p -> toInstalled(dir, p, host).ifPresent(found::add));
            }
        } catch (IOException e) {
            log.warn("Could not list the cached toolchains in " + root + ": " + e.getMessage());
        }
        found.sort(Comparator.comparing(
                        (InstalledToolchain t) -> ReleaseOrder.of(t.compiler().release()))
                .thenComparing(t -> t.compiler().commitDate())
                .reversed());
        return found;
    }

    private Optional<InstalledToolchain> toInstalled(Path dir, Properties marker, String host) {
        try {
            CompilerRelease compiler = CompilerRelease.of(
                    marker.getProperty("release", ""),
                    marker.getProperty("commit-hash", ""),
                    marker.getProperty("commit-date", ""));
            return Optional.of(new InstalledToolchain(
                    dir, compiler, marker.getProperty("manifest-date", ""), host, "cached in " + dir));
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring the cached toolchain in " + dir + ": its " + MARKER + " is damaged (" + e.getMessage()
                    + "); delete the directory.");
            return Optional.empty();
        }
    }

    private String describeCached(String host) {
        List<InstalledToolchain> all = installed(host);
        return all.isEmpty()
                ? "none"
                : all.stream().map(t -> t.compiler().describe()).collect(Collectors.joining(", "));
    }

    /** The server has no manifest at {@code url}: say which toolchains it does have. */
    private DistException noSuchToolchain(ToolchainSpec spec, URI url) {
        List<String> offered = new ArrayList<>();
        for (String channel : List.of("stable", "beta", "nightly")) {
            URI channelUrl = URI.create(server.root() + "/dist/channel-rust-" + channel + ".toml");
            try {
                downloader
                        .fetchText(channelUrl)
                        .flatMap(ToolchainInstaller::rustcVersion)
                        .ifPresent(v -> offered.add(channel + " is " + v));
            } catch (DistException e) {
                log.debug("Could not read " + channelUrl + ": " + e.getMessage());
            }
        }
        return new DistException(
                DistException.Reason.NO_MANIFEST,
                "The Rust dist server " + server.root() + " has no toolchain '" + spec + "' (no " + url + "). "
                        + (offered.isEmpty()
                                ? "It serves none of the channel manifests either; check the server address."
                                : "It has: " + String.join("; ", offered) + ".")
                        + " Name one of those, or a release it has, as " + ToolchainSpec.FORMS + ".");
    }

    private InstalledToolchain install(
            ToolchainSpec spec, CompilerRelease compiler, String text, URI url, String host, Path dir)
            throws DistException {
        String what = "Rust " + compiler.describe() + " for " + host;
        boolean installedHere = TarballInstalls.underLock(cache, dir, what, log, () -> {
            if (readMarker(dir).isPresent()) {
                log.info("Another build installed " + what + " meanwhile; using " + dir);
                return false;
            }
            FileTrees.createDirectories(dir.getParent());
            ComponentProvisioner.removeLeftovers(dir, log);
            DistManifest manifest = DistManifest.parse(text, url);
            log.info("Installing " + what + " (Rust toolchain '" + spec + "', from " + url + ")");
            AtomicPublish.publishDirectory(
                    dir, AtomicPublish.IfPresent.FAIL, staging -> build(staging, manifest, text, compiler, host));
            return true;
        });
        if (!installedHere) {
            return new InstalledToolchain(dir, compiler, manifestDate(text), host, "cached in " + dir);
        }
        log.info("Installed " + what + " in " + dir);
        return new InstalledToolchain(dir, compiler, manifestDate(text), host, "downloaded from " + server.root());
    }

    /** Fills {@code staging} with the toolchain and returns its root, marker written last. */
    private Path build(Path staging, DistManifest manifest, String text, CompilerRelease compiler, String host)
            throws IOException, DistException {
        Path root = Files.createDirectories(staging.resolve("toolchain"));
        Properties marker = new Properties();
        List<String> installedComponents = new ArrayList<>();
        for (String pkg : PACKAGES) {
            TarballInstalls.Fetched archive =
                    TarballInstalls.download(manifest.archives(pkg, host), staging, server, downloader, log);
            Path unpacked = staging.resolve("unpack-" + pkg);
            Path top = TarballInstalls.unpack(archive, unpacked, name -> true, downloader.output())
                    .top();
            List<String> components = components(top, archive.url());
            for (String component : components) {
                // rustup's names: <pkg>-<host> for a package of one component, else the component's own name
                String name = components.size() == 1 ? pkg + "-" + host : component;
                List<String> entries = installComponent(top.resolve(component), root, archive.url(), component);
                Path listing = root.resolve(RUSTLIB).resolve("manifest-" + name);
                Files.createDirectories(listing.getParent());
                Files.write(listing, entries, StandardCharsets.UTF_8);
                installedComponents.add(name);
            }
            FileTrees.delete(unpacked);
            Files.delete(archive.tarball());
            marker.setProperty(pkg + ".url", archive.url().toString());
            marker.setProperty(pkg + ".sha256", archive.archive().sha256());
        }
        Path rustlib = root.resolve(RUSTLIB);
        Files.write(rustlib.resolve("components"), installedComponents, StandardCharsets.UTF_8);
        Files.writeString(rustlib.resolve("rust-installer-version"), "3\n", StandardCharsets.UTF_8);
        Files.writeString(rustlib.resolve("multirust-channel-manifest.toml"), text, StandardCharsets.UTF_8);
        marker.setProperty("release", compiler.release());
        marker.setProperty("commit-hash", compiler.commitHash());
        marker.setProperty("commit-date", compiler.commitDate());
        marker.setProperty("manifest-date", manifest.date());
        marker.setProperty("host", host);
        try (Writer out = Files.newBufferedWriter(root.resolve(MARKER), StandardCharsets.UTF_8)) {
            marker.store(out, "Installed by rust-maven-plugin; delete this directory to fetch it again");
        }
        return root;
    }

    /** The component directories a rust-installer tarball lists in its {@code components} file. */
    private static List<String> components(Path top, URI url) throws IOException, DistException {
        Path listing = top.resolve("components");
        if (!Files.isRegularFile(listing)) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    url + " is not a rust-installer tarball: it has no " + top.getFileName() + "/components file.");
        }
        List<String> names = Files.readAllLines(listing, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        for (String name : names) {
            if (name.contains("/")
                    || name.contains("\\")
                    || name.startsWith(".")
                    || !Files.isDirectory(top.resolve(name))) {
                throw new DistException(
                        DistException.Reason.MALFORMED,
                        url + " lists a component '" + name + "' that is not a directory of the tarball.");
            }
        }
        if (names.isEmpty()) {
            throw new DistException(DistException.Reason.MALFORMED, url + " lists no component.");
        }
        return names;
    }

    /**
     * Moves one component's files into the toolchain as its {@code manifest.in} lists them ({@code file:<path>}
     * and {@code dir:<path>}), the way rust-installer's install script does.
     *
     * @return the manifest's entries, for {@code lib/rustlib/manifest-<component>}
     */
    private static List<String> installComponent(Path componentDir, Path root, URI url, String component)
            throws IOException, DistException {
        Path manifestIn = componentDir.resolve("manifest.in");
        if (!Files.isRegularFile(manifestIn)) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    url + " is not a rust-installer tarball: component " + component + " has no manifest.in.");
        }
        List<String> entries = new ArrayList<>();
        for (String line : Files.readAllLines(manifestIn, StandardCharsets.UTF_8)) {
            String entry = line.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String kind = colon < 0 ? "" : entry.substring(0, colon);
            String relative = colon < 0 ? "" : entry.substring(colon + 1);
            if (!kind.equals("file") && !kind.equals("dir")) {
                throw new DistException(
                        DistException.Reason.MALFORMED,
                        url + ": " + component + "/manifest.in has a line that is neither file: nor dir:: '" + line
                                + "'.");
            }
            Path from = inside(componentDir, relative, url, component);
            Path to = inside(root, relative, url, component);
            boolean present = kind.equals("file")
                    ? Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)
                    : Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS);
            if (!present) {
                throw new DistException(
                        DistException.Reason.MALFORMED,
                        url + ": " + component + "/manifest.in lists " + entry + ", which the tarball lacks.");
            }
            refuseLinks(from, url, component);
            Files.createDirectories(to.getParent());
            if (kind.equals("dir") && Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                mergeDirectory(from, to, url, component);
            } else if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                throw overlap(url, component, relative);
            } else {
                Files.move(from, to);
            }
            entries.add(kind + ":" + relative);
        }
        return entries;
    }

    private static void mergeDirectory(Path from, Path to, URI url, String component)
            throws IOException, DistException {
        for (Path child : ComponentProvisioner.list(from)) {
            Path target = to.resolve(child.getFileName().toString());
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
                    && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                mergeDirectory(child, target, url, component);
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw overlap(url, component, target.toString());
            } else {
                Files.move(child, target);
            }
        }
    }

    private static DistException overlap(URI url, String component, String path) {
        return new DistException(
                DistException.Reason.MALFORMED,
                url + ": " + component + " installs " + path + ", which another component already installed;"
                        + " the toolchain's packages overlap, so the server does not serve a real Rust toolchain.");
    }

    /**
     * Refuses symbolic links in what a component installs: rust-installer tarballs have none, and a relative link
     * checked where it was unpacked would point elsewhere once moved into the toolchain.
     */
    private static void refuseLinks(Path installed, URI url, String component) throws IOException, DistException {
        try (java.util.stream.Stream<Path> all = Files.walk(installed)) {
            Optional<Path> link = all.filter(Files::isSymbolicLink).findFirst();
            if (link.isPresent()) {
                throw new DistException(
                        DistException.Reason.MALFORMED,
                        url + ": " + component + " holds a symbolic link ("
                                + link.get().getFileName()
                                + "); Rust's component tarballs have none, so it is refused.");
            }
        }
    }

    private static Path inside(Path base, String relative, URI url, String component) throws DistException {
        Path resolved = base.resolve(relative).normalize();
        if (relative.isEmpty()
                || Path.of(relative).isAbsolute()
                || !resolved.startsWith(base)
                || resolved.equals(base)) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    url + ": " + component + "/manifest.in names '" + relative
                            + "', which is not a path inside the toolchain.");
        }
        return resolved;
    }

    /** The compiler a channel manifest describes, from {@code [pkg.rustc]}'s version and commit. */
    static CompilerRelease rustcOf(String text, URI url) throws DistException {
        Optional<String> version = rustcVersion(text);
        Matcher m = VERSION.matcher(version.orElse(""));
        if (!m.matches()) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    "The Rust dist manifest " + url + " has no [pkg.rustc] version of the form '1.85.0 (4d91de4e4"
                            + " 2025-02-17)' (found "
                            + version.map(v -> "'" + v + "'").orElse("none") + ").");
        }
        String hash = tableValue(text, "pkg.rustc", "git_commit_hash")
                .filter(h -> h.startsWith(m.group(2)))
                .orElse(m.group(2));
        return CompilerRelease.of(m.group(1), hash, m.group(3));
    }

    /**
     * {@code [pkg.rustc] version}, read without parsing the whole manifest: a real one is about 1 MB, and only
     * this line is needed to know whether the cache already has the toolchain.
     */
    static Optional<String> rustcVersion(String text) {
        return tableValue(text, "pkg.rustc", "version");
    }

    private static String manifestDate(String text) {
        return tableValue(text, "", "date").orElse("");
    }

    /** A string value of a key in a table of a TOML document written one key per line, as manifests are. */
    static Optional<String> tableValue(String text, String table, String key) {
        String current = "";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                current = line.replaceAll("^\\[+\\s*|\\s*]+$", "");
                continue;
            }
            if (!current.equals(table)) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).strip().equals(key)) {
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    return Optional.of(value.substring(1, value.length() - 1));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Properties> readMarker(Path dir) {
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
            properties.load(in);
            return Optional.of(properties);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Orders releases numerically: 1.10.0 after 1.9.0; a pre-release suffix sorts before its release. */
    record ReleaseOrder(int major, int minor, int patch, boolean release) implements Comparable<ReleaseOrder> {

        static ReleaseOrder of(String text) {
            String[] parts = text.split("-", 2)[0].split("\\.");
            return new ReleaseOrder(
                    Integer.parseInt(parts[0]),
                    Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]),
                    !text.contains("-"));
        }

        @Override
        public int compareTo(ReleaseOrder o) {
            return Comparator.comparingInt(ReleaseOrder::major)
                    .thenComparingInt(ReleaseOrder::minor)
                    .thenComparingInt(ReleaseOrder::patch)
                    .thenComparing(ReleaseOrder::release)
                    .compare(this, o);
        }
    }
}
