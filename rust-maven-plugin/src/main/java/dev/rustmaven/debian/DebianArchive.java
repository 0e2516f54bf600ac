package dev.rustmaven.debian;

import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.distribution.DistException;
import dev.rustmaven.distribution.Downloader;
import dev.rustmaven.log.BuildLog;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * One suite of a Debian-format archive, read through a {@link Downloader}: its signed index, its package
 * indexes and its packages, each checked against what the signature covers. The verified Release is fetched
 * once per instance.
 */
final class DebianArchive {

    /** The package index files of an architecture, best first; a mirror need not have them all. */
    private static final List<String> PACKAGES_FILES = List.of("Packages.xz", "Packages.gz", "Packages");

    private final URI mirror;
    private final String suite;
    private final InReleaseVerifier verifier;
    private final Downloader downloader;
    private final Clock clock;
    private final SettingNames names;
    private final BuildLog log;
    private Release release;

    DebianArchive(
            URI mirror,
            String suite,
            InReleaseVerifier verifier,
            Downloader downloader,
            Clock clock,
            SettingNames names,
            BuildLog log) {
        this.mirror = mirror;
        this.suite = suite;
        this.verifier = verifier;
        this.downloader = downloader;
        this.clock = clock;
        this.names = names;
        this.log = log;
    }

    URI mirror() {
        return mirror;
    }

    String suite() {
        return suite;
    }

    /** {@code <mirror>/<path>}, whatever the mirror URL ends with. */
    URI resolve(String path) {
        String root = mirror.toString().replaceAll("/+$", "");
        return URI.create(root + "/" + path);
    }

    URI inReleaseUrl() {
        return resolve("dists/" + suite + "/InRelease");
    }

    /**
     * The suite's verified Release.
     *
     * @throws DebianException UNKNOWN_SUITE when the mirror has no InRelease for the suite, UNTRUSTED when its
     *     signature does not verify, it has expired or it describes another suite
     */
    synchronized Release release() throws DebianException {
        if (release != null) {
            return release;
        }
        URI url = inReleaseUrl();
        Optional<byte[]> bytes = fetch(url);
        if (bytes.isEmpty()) {
            throw new DebianException(
                    DebianException.Reason.UNKNOWN_SUITE,
                    "The archive " + mirror + " has no suite '" + suite + "': " + url + " does not exist. Check "
                            + names.name(Setting.DEBIAN_SUITE) + ", which must name a suite or codename such as"
                            + " bookworm or stable, and " + names.name(Setting.DEBIAN_MIRROR) + ", which must be the"
                            + " archive's root (holding dists/ and pool/).");
        }
        InReleaseVerifier.Verified verified = verifier.verify(bytes.get(), url.toString());
        Release parsed = Release.parse(verified.text(), url.toString());
        if (!parsed.describes(suite)) {
            throw new DebianException(
                    DebianException.Reason.UNTRUSTED,
                    url + " is signed, but describes the suite '" + parsed.suite() + "' (codename '"
                            + parsed.codename() + "'), not '" + suite + "'. The mirror serves another suite under this"
                            + " name; check " + names.name(Setting.DEBIAN_MIRROR) + ".");
        }
        if (parsed.validUntil().isPresent() && parsed.validUntil().get().isBefore(clock.instant())) {
            throw new DebianException(
                    DebianException.Reason.UNTRUSTED,
                    url + " is signed, but expired: its Valid-Until is "
                            + parsed.validUntil().get()
                            + ". The mirror is out of date (or replays an old index); try again later or use another"
                            + " mirror.");
        }
        log.debug("Verified " + url + ": signed by key " + verified.signer() + " at " + verified.signedAt() + "; suite "
                + parsed.suite() + ", codename " + parsed.codename() + ", date " + parsed.date());
        release = parsed;
        return parsed;
    }

    /**
     * Reads the package index of {@code architecture} in the {@code main} component, keeping the stanzas of
     * wanted packages: the first of {@code Packages.xz}, {@code Packages.gz} and {@code Packages} that the
     * signed list names and the mirror has, checked for size and SHA-256.
     *
     * @param work a directory for the download, which is deleted afterwards
     */
    PackagesIndex packages(String architecture, Predicate<String> wanted, Path work) throws DebianException {
        Release signed = release();
        String directory = "main/binary-" + architecture + "/";
        List<Release.IndexFile> listed = new ArrayList<>();
        for (String name : PACKAGES_FILES) {
            Release.IndexFile file = signed.sha256().get(directory + name);
            if (file != null) {
                listed.add(file);
            }
        }
        if (listed.isEmpty()) {
            throw new DebianException(
                    DebianException.Reason.PACKAGE_NOT_FOUND,
                    "The suite '" + suite + "' of " + mirror + " has no package index for the architecture '"
                            + architecture + "' (no " + directory + "Packages in " + inReleaseUrl() + "); it has "
                            + (signed.architectures().isEmpty()
                                    ? "no Architectures field"
                                    : "the architectures " + String.join(", ", signed.architectures()))
                            + ".");
        }
        List<String> tried = new ArrayList<>();
        for (Release.IndexFile file : listed) {
            URI url = resolve("dists/" + suite + "/" + file.path());
            Path target = work.resolve(file.path().substring(directory.length()));
            Optional<String> digest = download(url, target);
            if (digest.isEmpty()) {
                log.debug(url + " is not on the mirror; trying the next index file");
                tried.add(url.toString());
                continue;
            }
            checkSignedFile(url, target, digest.get(), file.size(), file.sha256(), "the signed Release");
            long started = System.nanoTime();
            try (InputStream in = decompress(file.path(), Files.newInputStream(target))) {
                PackagesIndex index = PackagesIndex.read(in, wanted, url.toString());
                log.debug("Read " + url + " (" + file.size() + " bytes) in " + (System.nanoTime() - started) / 1_000_000
                        + " ms: " + index.names().size() + " packages");
                return index;
            } catch (IOException e) {
                throw new DebianException(
                        DebianException.Reason.MALFORMED,
                        "Cannot read the package index " + url + ": " + e
                                + ". Its checksum matched the signed Release, so the archive publishes it this way.",
                        e);
            }
        }
        throw new DebianException(
                DebianException.Reason.NETWORK,
                "The mirror " + mirror + " lacks every package index that " + inReleaseUrl() + " lists for "
                        + architecture + " (tried " + String.join(", ", tried) + "). The mirror is incomplete or being"
                        + " synchronized; try again later or use another mirror.");
    }

    /**
     * Downloads a package's {@code .deb} to {@code target}, checked for the size and SHA-256 that the signed
     * package index gives.
     */
    void download(PackageStanza stanza, Path target) throws DebianException {
        URI url = resolve(stanza.filename());
        Optional<String> digest = download(url, target);
        if (digest.isEmpty()) {
            throw new DebianException(
                    DebianException.Reason.NETWORK,
                    "The mirror " + mirror + " lacks " + stanza.filename() + " (" + stanza.describe() + "), which the"
                            + " package index lists: " + url + " does not exist. The mirror is incomplete or being"
                            + " synchronized; try again later or use another mirror.");
        }
        checkSignedFile(url, target, digest.get(), stanza.size(), stanza.sha256(), "the package index");
    }

    /** Downloads {@code url} and returns its SHA-256; empty when the mirror does not have it. */
    private Optional<String> download(URI url, Path target) throws DebianException {
        try {
            return Optional.of(downloader.download(url, target, null));
        } catch (DistException e) {
            if (e.reason() == DistException.Reason.NOT_FOUND) {
                return Optional.empty();
            }
            throw fromDownloader(e);
        }
    }

    private Optional<byte[]> fetch(URI url) throws DebianException {
        try {
            return downloader.fetchBytes(url);
        } catch (DistException e) {
            throw fromDownloader(e);
        }
    }

    private static DebianException fromDownloader(DistException e) {
        DebianException.Reason reason =
                e.reason() == DistException.Reason.IO ? DebianException.Reason.IO : DebianException.Reason.NETWORK;
        return new DebianException(reason, e.getMessage(), e);
    }

    private static void checkSignedFile(URI url, Path file, String actual, long size, String sha256, String listedIn)
            throws DebianException {
        try {
            long actualSize = Files.size(file);
            if (actualSize != size || !actual.equals(sha256)) {
                Files.deleteIfExists(file);
                throw new DebianException(
                        DebianException.Reason.CHECKSUM_MISMATCH,
                        "Checksum mismatch for " + url + ": " + listedIn + " says " + size + " bytes with sha256 "
                                + sha256 + ", but the download has " + actualSize + " bytes with sha256 " + actual
                                + ". The file was deleted. A mirror that is being synchronized serves new files"
                                + " next to an old index (or the reverse): try again later. If it persists, the"
                                + " mirror or a proxy serves damaged files.");
            }
        } catch (IOException e) {
            throw new DebianException(DebianException.Reason.IO, "Cannot read the download " + file + ": " + e, e);
        }
    }

    private static InputStream decompress(String path, InputStream raw) throws IOException {
        InputStream buffered = new BufferedInputStream(raw, 1 << 16);
        if (path.endsWith(".xz")) {
            return new XZInputStream(buffered);
        }
        if (path.endsWith(".gz")) {
            return new GZIPInputStream(buffered, 1 << 16);
        }
        return buffered;
    }
}
