package dev.rustmaven.distribution;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.FileTrees;
import dev.rustmaven.fs.Sha256;
import dev.rustmaven.log.BuildLog;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The entry point: makes sure a component of a compiler release (rust-std for a target, the host's rustc for
 * its linker) is installed in the cache, fetching, verifying and unpacking it when it is not, and returns
 * the directory holding its payload ({@code lib/rustlib/...}).
 *
 * <p>Concurrent builds, in threads or separate JVMs, download a component once: the installer holds a
 * file lock in the cache, and a waiting build finds the component installed when it gets the lock. An
 * install becomes visible in one rename, after its marker was written, so a killed build leaves only a
 * staging directory that the next install removes.
 */
public final class ComponentProvisioner {

    /** The rust-installer file listing the component directories in a tarball. */
    private static final String COMPONENTS_FILE = "components";

    private final CacheLayout cache;
    private final DistServer server;
    private final Downloader downloader;
    private final Options options;
    private final BuildLog log;
    private final Map<CompilerRelease, DistManifest> manifests = new HashMap<>();

    /**
     * How the provisioner behaves.
     *
     * @param offline     no network at all: only cached components can be returned
     * @param fetchAdvice the sentence that ends the offline error, saying how to fill the cache online; the
     *                    placeholder {@code {target}} is replaced by the target triple
     */
    public record Options(boolean offline, String fetchAdvice) {

        /** Online; the offline error gives a neutral advice (callers name their own command). */
        public static final Options ONLINE = new Options(false, "Run once without offline mode to fetch it.");

        public Options withOffline(boolean isOffline) {
            return new Options(isOffline, fetchAdvice);
        }
    }

    public ComponentProvisioner(
            CacheLayout cache, DistServer server, Downloader downloader, Options options, BuildLog log) {
        this.cache = cache;
        this.server = server;
        this.downloader = downloader;
        this.options = options;
        this.log = log;
    }

    /**
     * Ensures the whole payload of {@code component} for {@code triple}.
     *
     * @see #ensure(CompilerRelease, String, String, PayloadFilter)
     */
    public Path ensure(CompilerRelease compiler, String component, String triple) throws DistException {
        return ensure(compiler, component, triple, PayloadFilter.ALL);
    }

    /**
     * Returns the installed payload of {@code component} (a dist package name such as {@code rust-std} or
     * {@code rustc}) for {@code triple}, built by {@code compiler}, installing it first when needed.
     *
     * @param filter which payload files to install; a filtered install is cached on its own
     * @return the directory holding the payload, e.g. with {@code lib/rustlib/<triple>/lib/*.rlib} for rust-std
     * @throws DistException whose message says what went wrong and what to do; see {@link DistException.Reason}
     */
    public Path ensure(CompilerRelease compiler, String component, String triple, PayloadFilter filter)
            throws DistException {
        Path dir = cache.componentDir(compiler, component, triple, filter);
        if (CacheLayout.readMarker(dir).isPresent()) {
            log.debug("Using cached " + component + " for " + triple + " from " + dir);
            return dir;
        }
        String what = component + " for " + triple + " (" + compiler.describe() + ")";
        if (options.offline()) {
            throw new DistException(
                    DistException.Reason.OFFLINE_MISSING,
                    "Offline mode: " + component
                            + " for target '" + triple + "' of " + compiler.describe() + " is not in the cache (" + dir
                            + "). " + options.fetchAdvice().replace("{target}", triple));
        }
        return TarballInstalls.underLock(cache, dir, what, log, () -> {
            if (CacheLayout.readMarker(dir).isPresent()) {
                log.info("Another build installed " + what + " meanwhile; using " + dir);
                return dir;
            }
            install(compiler, component, triple, filter, dir);
            return dir;
        });
    }

    /** Whether this provisioner may not use the network. */
    public boolean offline() {
        return options.offline();
    }

    /** The cached payload directory, without touching the network. */
    public Optional<Path> cached(CompilerRelease compiler, String component, String triple, PayloadFilter filter) {
        Path dir = cache.componentDir(compiler, component, triple, filter);
        return CacheLayout.readMarker(dir).isPresent() ? Optional.of(dir) : Optional.empty();
    }

    /**
     * The manifest describing {@code compiler}, fetched once per provisioner.
     *
     * @throws DistException NO_MANIFEST when the server has none for this exact build
     */
    public synchronized DistManifest manifest(CompilerRelease compiler) throws DistException {
        DistManifest known = manifests.get(compiler);
        if (known == null) {
            known = findManifest(compiler);
            manifests.put(compiler, known);
        }
        return known;
    }

    private DistManifest findManifest(CompilerRelease compiler) throws DistException {
        List<URI> candidates = server.manifestCandidates(compiler);
        List<String> otherBuilds = new ArrayList<>();
        for (URI url : candidates) {
            Optional<String> text = downloader.fetchText(url);
            if (text.isEmpty()) {
                log.debug("No manifest at " + url);
                continue;
            }
            verifyManifestChecksum(downloader, log, url, text.get());
            DistManifest manifest = DistManifest.parse(text.get(), url);
            String rustcVersion = manifest.version("rustc").orElse("");
            if (!compiler.hasCommitHash()) {
                log.warn(compiler.describe() + " reports no commit hash, so " + url + " (rustc " + rustcVersion
                        + ") cannot be checked to match it; components from it may not fit this compiler.");
                return manifest;
            }
            if (rustcVersion.contains(compiler.shortHash())) {
                log.debug("Manifest " + url + " describes " + compiler.describe());
                return manifest;
            }
            otherBuilds.add(url + " has rustc " + (rustcVersion.isEmpty() ? "(no version)" : rustcVersion));
        }
        String tried = candidates.stream().map(URI::toString).collect(Collectors.joining(", "));
        if (otherBuilds.isEmpty()) {
            throw new DistException(
                    DistException.Reason.NO_MANIFEST,
                    "The Rust dist server " + server.root()
                            + " has no manifest for " + compiler.describe() + " (tried " + tried
                            + "). This happens with"
                            + " a compiler the Rust project did not build, e.g. a Linux distribution's rustc (its"
                            + " `rustc -vV` says \"built from a source tarball\"), or with a mirror that lacks this"
                            + " release. Use a rustup toolchain (rustup toolchain install " + compiler.release()
                            + "), or install the target's standard library for this compiler yourself (e.g. the"
                            + " distribution's libstd package) and point the build at that sysroot.");
        }
        throw new DistException(
                DistException.Reason.NO_MANIFEST,
                "The Rust dist server " + server.root()
                        + " has no build of " + compiler.describe() + ": " + String.join("; ", otherBuilds) + ". A"
                        + " standard library only works with the exact compiler build it came from, so this compiler"
                        + " (perhaps a distribution's or a local build) cannot use the server's. Use a rustup toolchain,"
                        + " or install the target's standard library for this compiler yourself.");
    }

    /** Checks a manifest against the {@code .sha256} published beside it, when there is one. */
    static void verifyManifestChecksum(Downloader downloader, BuildLog log, URI url, String text) throws DistException {
        URI checksumUrl = DistServer.checksumOf(url);
        Optional<String> checksum = downloader.fetchText(checksumUrl);
        if (checksum.isEmpty()) {
            log.debug("No checksum at " + checksumUrl + "; manifest not verified");
            return;
        }
        Optional<String> expected = Sha256.parseChecksumFile(checksum.get());
        if (expected.isEmpty()) {
            log.warn("Ignoring " + checksumUrl + ": it does not start with a sha256 digest");
            return;
        }
        String actual = Sha256.of(text.getBytes(StandardCharsets.UTF_8));
        if (!expected.get().equals(actual)) {
            throw new DistException(
                    DistException.Reason.CHECKSUM_MISMATCH,
                    "Checksum mismatch for " + url
                            + ": expected sha256 " + expected.get() + " (from " + checksumUrl
                            + ") but the manifest has "
                            + actual + ". Run the build again; if it persists, the dist server or a proxy serves a"
                            + " damaged or stale manifest.");
        }
    }

    private void install(CompilerRelease compiler, String component, String triple, PayloadFilter filter, Path dir)
            throws IOException, DistException {
        Path parent = dir.getParent();
        FileTrees.createDirectories(parent);
        removeLeftovers(dir, log);
        DistManifest manifest = manifest(compiler);
        List<PackageArchive> archives = manifest.archives(component, triple);
        // The move is the one step that makes the install visible; a crash before it leaves only the staging
        // directory. The install lock keeps other builds out, so nothing is at dir by then.
        AtomicPublish.publishDirectory(dir, AtomicPublish.IfPresent.FAIL, staging -> {
            TarballInstalls.Streamed fetched = TarballInstalls.downloadAndUnpack(
                    archives, staging.resolve("tree"), keep(filter), server, downloader, log);
            Path payload = payload(fetched.archive(), fetched.unpacked(), component, triple, filter);
            CacheLayout.writeMarker(
                    payload,
                    new CacheLayout.InstallMarker(
                            component,
                            triple,
                            compiler.describe(),
                            fetched.url().toString(),
                            fetched.archive().sha256(),
                            filter.name()));
            return payload;
        });
        log.info("Installed " + component + " for " + triple + " (" + compiler.describe() + ") in " + dir);
    }

    /** The entries of a rust-installer tarball to extract: all but the installer's manifest and filtered files. */
    private static Predicate<String> keep(PayloadFilter filter) {
        // Layout: <top>/components, <top>/rust-installer-version, <top>/<component dir>/<payload...>.
        return name -> {
            String[] parts = name.split("/", 3);
            if (parts.length < 3) {
                return true;
            }
            return !parts[2].equals("manifest.in") && filter.keep().test(parts[2]);
        };
    }

    /** The component's payload directory in an unpacked rust-installer tarball. */
    private static Path payload(
            PackageArchive archive,
            TarballInstalls.Unpacked unpacked,
            String component,
            String triple,
            PayloadFilter filter)
            throws IOException, DistException {
        SafeExtractor.Result result = unpacked.result();
        Path top = unpacked.top();
        Path payload = top.resolve(componentDir(top, component, triple, archive));
        if (!Files.isDirectory(payload) || result.files() == 0) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    archive.url() + " holds no files"
                            + (filter.isAll() ? "" : " matching the '" + filter.name() + "' selection") + " for "
                            + component + ". This toolchain's " + component + " lacks what is needed; try another"
                            + " toolchain.");
        }
        return payload;
    }

    static String componentDir(Path top, String component, String triple, PackageArchive archive)
            throws IOException, DistException {
        Path listing = top.resolve(COMPONENTS_FILE);
        if (!Files.isRegularFile(listing)) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    archive.url() + " is not a rust-installer" + " tarball: it has no " + top.getFileName() + "/"
                            + COMPONENTS_FILE + " file.");
        }
        List<String> names = Files.readAllLines(listing, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        for (String candidate : List.of(component + "-" + triple, component)) {
            if (names.contains(candidate)) {
                return candidate;
            }
        }
        throw new DistException(
                DistException.Reason.MALFORMED,
                archive.url() + " lists components " + names + ", none of which is " + component + ".");
    }

    /** Removes what a killed install left: staging directories, and a directory without its marker. */
    static void removeLeftovers(Path dir, BuildLog log) throws IOException {
        String stagingPrefix = AtomicPublish.temporaryPrefix(dir);
        for (Path sibling : list(dir.getParent())) {
            if (sibling.getFileName().toString().startsWith(stagingPrefix)) {
                log.debug("Removing leftover staging directory " + sibling);
                FileTrees.delete(sibling);
            }
        }
        if (Files.exists(dir)) {
            log.warn("Removing incomplete install " + dir + " (no " + CacheLayout.MARKER + " marker)");
            FileTrees.delete(dir);
        }
    }

    static List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        }
        return entries;
    }

    private static String names(List<Path> paths) {
        return paths.isEmpty()
                ? "nothing"
                : paths.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
    }
}
