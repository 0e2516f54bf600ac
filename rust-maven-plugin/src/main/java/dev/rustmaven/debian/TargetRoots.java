package dev.rustmaven.debian;

import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.distribution.CacheLayout;
import dev.rustmaven.distribution.DebArchive;
import dev.rustmaven.distribution.DistException;
import dev.rustmaven.distribution.Downloader;
import dev.rustmaven.distribution.InstallLock;
import dev.rustmaven.distribution.SafeExtractor;
import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.FileTrees;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.triple.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The entry point: makes sure a <em>target root</em> is installed, a directory holding the files of some
 * Debian packages for one architecture (e.g. {@code libc6-dev} and {@code linux-libc-dev} for {@code armhf}),
 * unpacked together as they would be on the target, for {@code clang --sysroot}. Returns it from the cache
 * when it is there, without touching the network; otherwise fetches the suite's signed index, verifies it
 * with the keyring, picks the packages from the package index, downloads and checks each {@code .deb}, and
 * unpacks them.
 *
 * <p>Concurrent builds, in threads or separate JVMs, install a root once: installers hold file locks in the
 * cache, and a root becomes visible in one rename after its marker was written. See the package
 * documentation for the cache layout.
 */
public final class TargetRoots {

    /**
     * Where packages come from.
     *
     * @param mirror  the archive's root URL ({@code http:}, {@code https:} or {@code file:}), holding
     *                {@code dists/} and {@code pool/}; may be null or blank while every request is cached
     * @param suite   the suite or codename, e.g. {@code bookworm}
     * @param keyring the OpenPGP keyring that must sign the suite's index; may be null while every request is
     *                cached
     * @param offline no network at all: only cached roots can be returned
     */
    public record Settings(String mirror, String suite, Path keyring, boolean offline) {}

    private static final Set<String> SCHEMES = Set.of("http", "https", "file");

    private final RootCache cache;
    private final Settings settings;
    private final Downloader downloader;
    private final SettingNames names;
    private final BuildLog log;
    private final Clock clock;
    private DebianArchive archive;

    /**
     * @param names names the settings in messages, as the user wrote them
     */
    public TargetRoots(CacheLayout cache, Settings settings, Downloader downloader, SettingNames names, BuildLog log) {
        this(cache, settings, downloader, names, log, Clock.systemUTC());
    }

    TargetRoots(
            CacheLayout cache,
            Settings settings,
            Downloader downloader,
            SettingNames names,
            BuildLog log,
            Clock clock) {
        this.cache = new RootCache(cache);
        this.settings = settings;
        this.downloader = downloader;
        this.names = names;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Returns the root holding the requested packages for {@code debianArch}, installing it first when needed.
     *
     * @param debianArch   a Debian architecture, e.g. {@code armhf} or {@code arm64}
     * @param packageNames package names, or names with one {@code *} for a version number, of which the highest
     *                     present is taken ({@code libstdc++-*-dev}); of a name listed more than once in the
     *                     index, the highest version is taken. Dependencies are not added: list every package
     *                     whose files are needed.
     * @return the root directory, e.g. with {@code usr/include/} and {@code usr/lib/arm-linux-gnueabihf/}
     * @throws DebianException whose message says what went wrong and what to do; see
     *     {@link DebianException.Reason}
     */
    public Path provision(String debianArch, List<String> packageNames) throws DebianException {
        Request request = request(debianArch, packageNames);
        Optional<Path> cached = cache.lookup(request.indexFile(), request.names());
        if (cached.isPresent()) {
            log.debug("Using the cached target root " + cached.get() + " for " + request);
            return cached.get();
        }
        if (settings.offline()) {
            throw new DebianException(
                    DebianException.Reason.OFFLINE_MISSING,
                    "Offline mode: no target root for " + request + " is in the cache (" + request.indexFile()
                            + "). Run the build once without offline mode to install it.");
        }
        try {
            InstallLock lock =
                    InstallLock.acquire(cache.lockFile(request.indexFile()), "the target root for " + request, log);
            try {
                return provisionLocked(request);
            } finally {
                lock.close();
            }
        } catch (IOException e) {
            throw new DebianException(
                    DebianException.Reason.IO,
                    "Could not install the target root for " + request + " in " + cache.base() + ": " + e
                            + ". Check that the cache directory is writable, or delete it.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DebianException(
                    DebianException.Reason.IO,
                    "Interrupted while waiting to install the target root for " + request,
                    e);
        }
    }

    /** Resolves and installs a request while holding its index file's lock. */
    private Path provisionLocked(Request request) throws IOException, InterruptedException, DebianException {
        Optional<Path> meanwhile = cache.lookup(request.indexFile(), request.names());
        if (meanwhile.isPresent()) {
            log.info("Another build installed the target root for " + request + " meanwhile; using " + meanwhile.get());
            return meanwhile.get();
        }
        DebianArchive source = archive();
        List<PackageStanza> packages = resolve(source, request);
        Path root = cache.rootDir(request.architecture(), packages);
        if (RootCache.installed(root)) {
            log.debug("The target root " + root + " already holds " + RootCache.describe(packages));
        } else {
            String what = "the target root " + RootCache.describe(packages) + " for " + request.architecture();
            InstallLock lock = InstallLock.acquire(cache.lockFile(root), what, log);
            try {
                install(source, request, packages, root, what);
            } finally {
                lock.close();
            }
        }
        cache.writeIndex(request.indexFile(), root, request.suite(), request.architecture(), request.names(), packages);
        return root;
    }

    /**
     * The cached root for this request, without touching the network.
     *
     * @throws DebianException (CONFIGURATION) when the suite, architecture or a name is not usable
     */
    public Optional<Path> cached(String debianArch, List<String> packageNames) throws DebianException {
        Request request = request(debianArch, packageNames);
        return cache.lookup(request.indexFile(), request.names());
    }

    /**
     * The names of the packages of the suite for {@code debianArch} that start with {@code prefix} and end
     * with {@code suffix}, sorted; for choosing among versioned names such as {@code libgcc-12-dev}. Reads the
     * package index, so it needs the network.
     *
     * @throws DebianException OFFLINE_MISSING in offline mode, else as {@link #provision}
     */
    public SortedSet<String> availablePackages(String debianArch, String prefix, String suffix) throws DebianException {
        String architecture = architecture(debianArch);
        String suite = suite();
        if (settings.offline()) {
            throw new DebianException(
                    DebianException.Reason.OFFLINE_MISSING,
                    "Offline mode: the package names of " + suite + " for " + architecture
                            + " come from the archive's package index, which needs the network. Run the build once"
                            + " without offline mode.");
        }
        PackagesIndex index = readIndex(archive(), architecture, name -> false);
        return index.names().stream()
                .filter(n -> n.startsWith(prefix) && n.endsWith(suffix))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A checked request: the suite, the architecture and the sorted, distinct requested names. */
    private record Request(String suite, String architecture, List<String> names, Path indexFile) {
        @Override
        public String toString() {
            return String.join(", ", names) + " (" + suite + ", " + architecture + ")";
        }
    }

    private Request request(String debianArch, List<String> packageNames) throws DebianException {
        String suite = suite();
        String architecture = architecture(debianArch);
        if (packageNames == null || packageNames.isEmpty()) {
            throw new DebianException(
                    DebianException.Reason.CONFIGURATION,
                    "No packages were named for the target root of " + architecture + ": name at least one, e.g."
                            + " libc6-dev.");
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String name : packageNames) {
            sorted.add(PackageRequest.of(name).text());
        }
        List<String> names = List.copyOf(sorted);
        return new Request(suite, architecture, names, cache.indexFile(suite, architecture, names));
    }

    private String suite() throws DebianException {
        String suite = settings.suite() == null ? "" : settings.suite().strip();
        if (!suite.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new DebianException(
                    DebianException.Reason.CONFIGURATION,
                    names.name(Setting.DEBIAN_SUITE) + " is " + (suite.isEmpty() ? "not set" : "'" + suite + "'")
                            + ": it must name a suite or codename of the archive, e.g. bookworm or stable.");
        }
        return suite;
    }

    private static String architecture(String debianArch) throws DebianException {
        if (debianArch == null || !debianArch.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new DebianException(
                    DebianException.Reason.CONFIGURATION,
                    "'" + debianArch + "' is not a Debian architecture name such as armhf, arm64 or armel.");
        }
        return debianArch;
    }

    /** The archive, checked on first use: only a build that needs the network needs a mirror and keyring. */
    private synchronized DebianArchive archive() throws DebianException {
        if (archive == null) {
            String suite = suite();
            URI mirror = mirror();
            Keyring keyring = keyring();
            archive = new DebianArchive(
                    mirror, suite, new InReleaseVerifier(keyring, clock), downloader, clock, names, log);
        }
        return archive;
    }

    private URI mirror() throws DebianException {
        String setting = names.name(Setting.DEBIAN_MIRROR);
        String value = settings.mirror() == null ? "" : settings.mirror().strip();
        if (value.isEmpty()) {
            throw new DebianException(
                    DebianException.Reason.CONFIGURATION,
                    "No Debian archive is set: " + setting + " is needed to install a target root that is not in"
                            + " the cache. Set it to the root URL of a Debian mirror (the directory holding dists/ and"
                            + " pool/), or to a file: URL of a mirror on disk.");
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw new URISyntaxException(value, "the scheme must be http, https or file");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new DebianException(
                    DebianException.Reason.CONFIGURATION,
                    setting + " is '" + value + "', which is not a usable URL (" + e.getMessage() + "). Set it to"
                            + " the root URL of a Debian mirror, e.g. https://mirror.example.com/debian, or a file:"
                            + " URL.",
                    e);
        }
    }

    private Keyring keyring() throws DebianException {
        if (settings.keyring() == null) {
            throw new DebianException(
                    DebianException.Reason.CONFIGURATION,
                    "No keyring is set: " + names.name(Setting.DEBIAN_KEYRING) + " must name the OpenPGP keyring"
                            + " that signs the archive's index, e.g."
                            + " /usr/share/keyrings/debian-archive-keyring.gpg of Debian's debian-archive-keyring"
                            + " package.");
        }
        return Keyring.load(settings.keyring(), names);
    }

    /** The newest stanza of each requested package, in the order of the request. */
    private List<PackageStanza> resolve(DebianArchive source, Request request) throws DebianException {
        List<PackageRequest> requests = new ArrayList<>();
        for (String name : request.names()) {
            requests.add(PackageRequest.of(name));
        }
        Predicate<String> wanted = name -> requests.stream().anyMatch(r -> r.matches(name));
        PackagesIndex index = readIndex(source, request.architecture(), wanted);
        SortedSet<String> all = index.names();
        List<PackageStanza> packages = new ArrayList<>();
        for (PackageRequest wish : requests) {
            Optional<String> name = wish.choose(all);
            if (name.isEmpty()) {
                throw notFound(source, request, wish, all);
            }
            if (wish.isPattern()) {
                log.debug("Chose " + name.get() + " for " + wish.text());
            }
            PackageStanza stanza = index.newest(name.get()).orElseThrow();
            if (packages.stream().noneMatch(p -> p.name().equals(stanza.name()))) {
                packages.add(stanza);
                log.debug("Package " + stanza.describe() + " (" + stanza.architecture() + ", " + stanza.filename()
                        + ", " + stanza.size() + " bytes)"
                        + (stanza.depends().isEmpty() ? "" : "; it depends on " + stanza.depends()));
            }
        }
        return packages;
    }

    private PackagesIndex readIndex(DebianArchive source, String architecture, Predicate<String> wanted)
            throws DebianException {
        Path work = null;
        try {
            FileTrees.createDirectories(cache.base());
            work = Files.createTempDirectory(cache.base(), ".index-");
            return source.packages(architecture, wanted, work);
        } catch (IOException e) {
            throw new DebianException(
                    DebianException.Reason.IO,
                    "Could not download a package index into " + cache.base() + ": " + e
                            + ". Check that the cache directory is writable.",
                    e);
        } finally {
            deleteQuietly(work);
        }
    }

    private DebianException notFound(
            DebianArchive source, Request request, PackageRequest wish, SortedSet<String> all) {
        List<String> close = wish.isPattern()
                ? all.stream()
                        .filter(n -> n.startsWith(wish.prefix()))
                        .limit(10)
                        .toList()
                : Suggestions.closest(wish.text(), all, 5);
        return new DebianException(
                DebianException.Reason.PACKAGE_NOT_FOUND,
                (wish.isPattern()
                                ? "No package matches '" + wish.text() + "'"
                                : "There is no package '" + wish.text() + "'")
                        + " in the suite '" + request.suite() + "' (main, " + request.architecture() + ") of "
                        + source.mirror() + "."
                        + (close.isEmpty() ? "" : " Close names: " + String.join(", ", close) + "."));
    }

    /** Installs a root while holding its lock. */
    private void install(DebianArchive source, Request request, List<PackageStanza> packages, Path root, String what)
            throws IOException, DebianException {
        if (RootCache.installed(root)) {
            log.info("Another build installed " + what + " meanwhile; using " + root);
            return;
        }
        removeLeftovers(root);
        Release release = source.release();
        long[] bytes = {0};
        // The move is the one step that makes the root visible; the lock keeps other builds out.
        AtomicPublish.publishDirectory(root, AtomicPublish.IfPresent.FAIL, staging -> {
            Path tree = Files.createDirectories(staging.resolve("root"));
            // The .debs are not kept: the root is the cache, and a changed request downloads anew.
            Path debs = Files.createDirectories(staging.resolve("debs"));
            for (PackageStanza stanza : packages) {
                Path deb = debs.resolve(stanza.fileName());
                source.download(stanza, deb);
                unpack(deb, stanza, tree);
                Files.delete(deb);
            }
            bytes[0] = size(tree);
            RootCache.writeMarker(
                    tree, source.mirror().toString(), request.suite(), release, request.architecture(), packages);
            return tree;
        });
        log.info(String.format(
                Locale.ROOT,
                "Installed the target root for %s from %s: %s (%.1f MB) in %s",
                request.architecture(),
                request.suite(),
                RootCache.describe(packages),
                bytes[0] / (1024.0 * 1024.0),
                root));
    }

    private static void unpack(Path deb, PackageStanza stanza, Path tree) throws IOException, DebianException {
        String name = stanza.fileName();
        try (InputStream in = Files.newInputStream(deb);
                InputStream tar = DebArchive.dataTar(in, name)) {
            SafeExtractor.extract(tar, tree, path -> true, name, SafeExtractor.AbsoluteLinks.INSIDE_DESTINATION);
        } catch (DistException e) {
            throw new DebianException(DebianException.Reason.MALFORMED, e.getMessage(), e);
        } catch (IOException e) {
            throw new DebianException(
                    DebianException.Reason.MALFORMED,
                    "Cannot unpack " + name + " (" + stanza.describe() + "): " + e
                            + ". It matched the signed checksum, so the archive publishes it this way.",
                    e);
        }
    }

    /** Removes what a killed install left: staging directories, and a root without its marker. */
    private void removeLeftovers(Path root) throws IOException {
        Path parent = root.getParent();
        if (!Files.isDirectory(parent)) {
            return;
        }
        String prefix = AtomicPublish.temporaryPrefix(root);
        try (DirectoryStream<Path> siblings =
                Files.newDirectoryStream(parent, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path sibling : siblings) {
                log.debug("Removing the leftover staging directory " + sibling);
                FileTrees.delete(sibling);
            }
        }
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            log.warn("Removing the incomplete target root " + root + " (no " + CacheLayout.MARKER + " marker)");
            FileTrees.delete(root);
        }
    }

    private static long size(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            long total = 0;
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    total += Files.size(file);
                }
            }
            return total;
        }
    }

    private void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            log.debug("Could not delete " + dir + ": " + e);
        }
    }
}
