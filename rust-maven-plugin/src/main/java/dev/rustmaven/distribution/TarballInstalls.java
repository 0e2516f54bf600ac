package dev.rustmaven.distribution;

import dev.rustmaven.log.BuildLog;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The steps every install from the dist server shares: taking the install lock, downloading the best
 * tarball a manifest lists, and unpacking a rust-installer tarball safely.
 */
final class TarballInstalls {

    private TarballInstalls() {}

    /** What runs while the install lock is held. */
    @FunctionalInterface
    interface Locked<T> {
        T run() throws IOException, DistException;
    }

    /**
     * Runs {@code body} holding the lock of {@code dir}, turning I/O failures and interrupts into a
     * {@link DistException} that names {@code what} and {@code dir}.
     */
    static <T> T underLock(CacheLayout cache, Path dir, String what, BuildLog log, Locked<T> body)
            throws DistException {
        try {
            InstallLock lock = InstallLock.acquire(cache.lockFile(dir), what, log);
            try {
                return body.run();
            } finally {
                lock.close();
            }
        } catch (IOException e) {
            String advice;
            if (StorageProblems.diskFull(e)) {
                advice = "The disk is full: " + StorageProblems.freeSpace(dir) + ". Free some space or choose another"
                        + " cache directory; nothing was installed, and the next build starts over.";
            } else if (StorageProblems.notWritable(e)) {
                advice = StorageProblems.notWritableAdvice(cache.root());
            } else {
                advice = "Check that the cache directory is writable and has space, or delete it.";
            }
            throw new DistException(
                    DistException.Reason.IO,
                    "Could not install " + what + " into " + dir + ": " + e + ". " + advice,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistException(DistException.Reason.IO, "Interrupted while waiting to install " + what, e);
        }
    }

    /** A downloaded, verified tarball. */
    record Fetched(PackageArchive archive, URI url, Path tarball) {}

    /**
     * Downloads the first of {@code archives} (best first: xz, then gz) that the server has into {@code dir},
     * verified against the manifest's sha256.
     */
    static Fetched download(
            List<PackageArchive> archives, Path dir, DistServer server, Downloader downloader, BuildLog log)
            throws DistException {
        return firstOnServer(archives, server, log, (archive, url) -> {
            Path tarball = dir.resolve(archive.fileName());
            downloader.download(url, tarball, archive.sha256());
            return new Fetched(archive, url, tarball);
        });
    }

    /** A tarball downloaded and unpacked in one pass, its sha256 verified. */
    record Streamed(PackageArchive archive, URI url, Unpacked unpacked) {}

    /**
     * Downloads the first of {@code archives} (best first: xz, then gz) that the server has and unpacks it into
     * {@code tree} while it downloads, keeping the entries {@code keep} accepts; the tree is only returned once the
     * download matched the manifest's sha256. On any failure, {@code tree} is left for the caller's staging
     * directory to be deleted with it.
     */
    static Streamed downloadAndUnpack(
            List<PackageArchive> archives,
            Path tree,
            Predicate<String> keep,
            DistServer server,
            Downloader downloader,
            BuildLog log)
            throws IOException, DistException {
        return firstOnServer(archives, server, log, (archive, url) -> {
            try (StreamedUnpack sink = new StreamedUnpack(archive, tree, keep, downloader.output())) {
                downloader.stream(url, archive.sha256(), sink, tree.getParent());
                return new Streamed(archive, url, sink.finish());
            }
        });
    }

    /** What is done with one archive at its (rewritten) address: download it, or stream it into a tree. */
    @FunctionalInterface
    private interface ArchiveFetch<T, E extends Exception> {
        T fetch(PackageArchive archive, URI url) throws E, DistException;
    }

    /**
     * Runs {@code fetch} on the first of {@code archives} (best first: xz, then gz) that the server has: an archive
     * that is NOT_FOUND is followed by the next one, if any.
     */
    private static <T, E extends Exception> T firstOnServer(
            List<PackageArchive> archives, DistServer server, BuildLog log, ArchiveFetch<T, E> fetch)
            throws E, DistException {
        for (int i = 0; i < archives.size(); i++) {
            PackageArchive archive = archives.get(i);
            URI url = server.rewrite(archive.url());
            try {
                return fetch.fetch(archive, url);
            } catch (DistException e) {
                if (e.reason() == DistException.Reason.NOT_FOUND && i + 1 < archives.size()) {
                    log.info(url + " is not on the server; trying the "
                            + archives.get(i + 1).compression() + " tarball");
                    continue;
                }
                throw e;
            }
        }
        throw new IllegalArgumentException("no archive to download");
    }

    /** An unpacked rust-installer tarball: its one top directory, and what was extracted. */
    record Unpacked(Path top, SafeExtractor.Result result) {}

    /**
     * Unpacks {@code fetched} into {@code tree}, keeping the entries {@code keep} accepts.
     *
     * @throws DistException (MALFORMED) when the file cannot be read, is refused by {@link SafeExtractor} or has
     *                       not exactly one top directory
     * @throws IOException   when writing the tree fails
     */
    static Unpacked unpack(Fetched fetched, Path tree, Predicate<String> keep) throws IOException, DistException {
        return unpack(fetched, tree, keep, FileOutput.DISK);
    }

    /**
     * As {@link #unpack(Fetched, Path, Predicate)}, writing through {@code output}.
     *
     * @throws DistException (IO) when the disk fills up, naming the directory, the tarball's size and the space left
     */
    static Unpacked unpack(Fetched fetched, Path tree, Predicate<String> keep, FileOutput output)
            throws IOException, DistException {
        PackageArchive archive = fetched.archive();
        InputStream in;
        try {
            in = archive.compression().decompress(Files.newInputStream(fetched.tarball()));
        } catch (IOException e) {
            throw unreadable(archive, e);
        }
        try (in) {
            return unpack(archive, in, tree, keep, output, () -> size(fetched.tarball()));
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The error for a tarball whose compressed stream cannot even be opened. */
    static DistException unreadable(PackageArchive archive, IOException e) {
        return new DistException(
                DistException.Reason.MALFORMED,
                "Cannot unpack " + archive.url() + ": " + e
                        + ". The download passed its checksum, so the published file itself is unreadable.",
                e);
    }

    /**
     * Extracts the decompressed tar stream {@code tar} of {@code archive} into {@code tree}, keeping the entries
     * {@code keep} accepts, and checks that it has one top directory.
     *
     * @param tarballSize the size of the compressed tarball (so far), for the message when the disk fills up
     * @throws DistException (MALFORMED) when the stream cannot be read, is refused by {@link SafeExtractor} or has
     *                       not exactly one top directory; (IO) when the disk fills up
     * @throws IOException   when writing the tree fails otherwise
     */
    static Unpacked unpack(
            PackageArchive archive,
            InputStream tar,
            Path tree,
            Predicate<String> keep,
            FileOutput output,
            java.util.function.LongSupplier tarballSize)
            throws IOException, DistException {
        SafeExtractor.Result result;
        // Reading errors become MALFORMED inside the extractor; what is left here is a failing disk.
        try {
            result = SafeExtractor.extract(
                    tar,
                    tree,
                    keep,
                    archive.url(),
                    SafeExtractor.AbsoluteLinks.REFUSE,
                    SafeExtractor.Limits.DEFAULT,
                    output);
        } catch (IOException e) {
            if (!StorageProblems.diskFull(e)) {
                throw e;
            }
            throw new DistException(
                    DistException.Reason.IO,
                    "The disk is full while unpacking " + archive.url() + " into " + tree.getParent() + ": "
                            + e.getMessage() + ". The tarball is " + StorageProblems.size(tarballSize.getAsLong())
                            + " and unpacks to several times that; " + StorageProblems.freeSpace(tree)
                            + ". Free some space or choose another cache directory; nothing was installed, and the"
                            + " next build starts over.",
                    e);
        }
        List<Path> tops = ComponentProvisioner.list(tree);
        if (tops.size() != 1 || !Files.isDirectory(tops.get(0))) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    archive.url() + " is not a rust-installer tarball: expected one top directory, found "
                            + (tops.isEmpty()
                                    ? "nothing"
                                    : tops.stream()
                                            .map(p -> p.getFileName().toString())
                                            .collect(Collectors.joining(", ")))
                            + ".");
        }
        return new Unpacked(tops.get(0), result);
    }
}
