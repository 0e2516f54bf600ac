package dev.rustmaven.distribution;

import dev.rustmaven.fs.FileTrees;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a tar stream into a directory and refuses, before writing anything for it, every entry that could
 * land outside: absolute names, names that climb out with {@code ..}, symbolic links whose target leaves the
 * directory, hard links to files outside it, and entries that would be written through a symbolic link.
 * Unix permission bits are kept, so executables stay executable.
 *
 * <p>Symbolic link targets must be relative and may use {@code ..} only as leading segments: then a link
 * resolves inside the destination whatever the other links in the archive turn out to be. Absolute targets
 * are refused, unless the caller asks for {@link AbsoluteLinks#INSIDE_DESTINATION}.
 *
 * <p>Also refused, as archives neither the Rust project nor Debian publish: device files, FIFOs and sparse
 * files (Debian policy forbids the first two in packages; written as plain files they would only mislead);
 * names with a NUL, a backslash or another control character; the same name twice (tar would let the second
 * replace the first, so what is installed would depend on the order); an archive that ends before its
 * end-of-archive marker, or whose data does not fit the sizes its headers declare; and archives beyond the
 * {@link Limits} (a decompression bomb). A refusal is a {@link DistException} (MALFORMED) naming the archive and
 * the entry. What was written before it stays in the destination: callers unpack into a staging directory that
 * they drop on failure.
 */
public final class SafeExtractor {

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private static final int RECORD = 512;

    /** What an extraction wrote. */
    public record Result(int files, int directories, int links, int filteredOut) {}

    /** What to do with a symbolic link whose target is an absolute path. */
    public enum AbsoluteLinks {
        /** Refuse the archive: the link would point at the host's files. */
        REFUSE,
        /**
         * Read the target as a path inside the destination, as a chroot or a compiler's {@code --sysroot}
         * does, and write the link relative to its own directory: {@code usr/lib/libm.so -> /lib/libm.so.6}
         * becomes {@code usr/lib/libm.so -> ../../lib/libm.so.6}. A {@code ..} at the top stays at the top, as
         * in a chroot. For unpacking operating system packages (Debian's {@code -dev} packages link this way
         * from {@code /usr/lib} to {@code /lib}) into one root directory.
         */
        INSIDE_DESTINATION
    }

    /**
     * What one archive may hold at most; beyond it the archive is refused as a decompression bomb. The
     * defaults are far above what the Rust project publishes: the rustc component of Rust 1.95.0
     * (x86_64-unknown-linux-gnu, the largest the plugin fetches) unpacks to 402 MB in under 100 entries,
     * rust-std to 167 MB; even rust-docs, which the plugin never fetches, has 67,000 entries, 723 MB, and
     * names 15 segments deep.
     *
     * @param maxEntries     entries of any kind, directories and links included
     * @param maxTotalBytes  the data of all entries together, as their headers declare it (entries the filter
     *                       leaves out count too: they are decompressed all the same)
     * @param maxDepth       segments of one entry's name, {@code a/b/c} having three
     * @param maxNameLength  characters of one entry's name
     * @param maxHeaderBytes bytes of headers before one entry (its long-name and pax records), which the tar
     *                       reader holds in memory
     */
    public record Limits(long maxEntries, long maxTotalBytes, int maxDepth, int maxNameLength, int maxHeaderBytes) {

        /** 100,000 entries, 4 GiB, 64 segments, 1,024 characters, 1 MiB of headers per entry. */
        public static final Limits DEFAULT = new Limits(100_000, 4L << 30, 64, 1024, 1 << 20);
    }

    private final Path destination;
    private final Path realDestination;
    private final String archiveName;
    private final AbsoluteLinks absoluteLinks;
    private final Limits limits;
    private final boolean posix;
    private final Set<String> skippedNames = new HashSet<>();
    private final Set<String> seenNames = new HashSet<>();
    private long entries;
    private long declaredBytes;
    private int files;
    private int directories;
    private int links;
    private int filteredOut;

    private final FileOutput output;

    private SafeExtractor(
            Path destination, String archiveName, AbsoluteLinks absoluteLinks, Limits limits, FileOutput output)
            throws IOException {
        FileTrees.createDirectories(destination);
        this.output = output;
        this.destination = destination;
        this.realDestination = destination.toRealPath();
        this.archiveName = archiveName;
        this.absoluteLinks = absoluteLinks;
        this.limits = limits;
        this.posix = destination.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Extracts an uncompressed tar stream.
     *
     * @param tar         the tar data (see {@link Compression#decompress(InputStream)}); not closed
     * @param destination the directory to fill; created if needed
     * @param keep        which entries to write, by their normalized relative name ({@code a/b/c}); the
     *                    safety checks apply to every entry, kept or not
     * @param archiveName names the archive in messages
     * @throws DistException (MALFORMED) on an unsafe entry, naming it and the archive
     */
    public static Result extract(InputStream tar, Path destination, Predicate<String> keep, String archiveName)
            throws IOException, DistException {
        return extract(tar, destination, keep, archiveName, AbsoluteLinks.REFUSE);
    }

    /**
     * Extracts an uncompressed tar stream, treating symbolic links to absolute paths as {@code absoluteLinks}
     * says; otherwise as {@link #extract(InputStream, Path, Predicate, String)}.
     */
    public static Result extract(
            InputStream tar, Path destination, Predicate<String> keep, String archiveName, AbsoluteLinks absoluteLinks)
            throws IOException, DistException {
        return extract(tar, destination, keep, archiveName, absoluteLinks, Limits.DEFAULT);
    }

    /** As {@link #extract(InputStream, Path, Predicate, String, AbsoluteLinks)}, within other limits (tests). */
    static Result extract(
            InputStream tar,
            Path destination,
            Predicate<String> keep,
            String archiveName,
            AbsoluteLinks absoluteLinks,
            Limits limits)
            throws IOException, DistException {
        return extract(tar, destination, keep, archiveName, absoluteLinks, limits, FileOutput.DISK);
    }

    /** As {@link #extract(InputStream, Path, Predicate, String, AbsoluteLinks, Limits)}, writing through {@code output}. */
    static Result extract(
            InputStream tar,
            Path destination,
            Predicate<String> keep,
            String archiveName,
            AbsoluteLinks absoluteLinks,
            Limits limits,
            FileOutput output)
            throws IOException, DistException {
        SafeExtractor extractor = new SafeExtractor(destination, archiveName, absoluteLinks, limits, output);
        // A non-closing view: the caller owns the stream (it may be an entry of an outer archive). The budget
        // bounds what the tar reader may consume, headers included, before the next entry is checked.
        BudgetedInputStream raw = new BudgetedInputStream(tar, limits.maxHeaderBytes());
        StrictTarInputStream in = new StrictTarInputStream(raw);
        String previous = null;
        while (true) {
            TarArchiveEntry entry;
            try {
                entry = in.getNextEntry();
            } catch (IOException e) {
                throw extractor.unreadable(previous, e);
            }
            if (entry == null) {
                break;
            }
            previous = entry.getName();
            extractor.check(entry);
            // The entry's data, padded to whole records, and at most the headers of the next entry.
            raw.allow(roundUp(entry.getSize()) + limits.maxHeaderBytes());
            extractor.write(entry, in, keep);
        }
        // Read to the end of the stream, so that a decompressor checks its trailer (xz and gzip keep their
        // checksum and length there): a compressed stream cut after the tar's end marker is refused too.
        raw.allow(limits.maxHeaderBytes());
        try {
            raw.transferTo(OutputStream.nullOutputStream());
        } catch (HeaderLimitException e) {
            throw extractor.unsafe(
                    previous == null ? "(end)" : previous,
                    "more than " + limits.maxHeaderBytes() + " bytes follow the end-of-archive marker");
        } catch (IOException e) {
            throw extractor.unreadable(previous, e);
        }
        return new Result(extractor.files, extractor.directories, extractor.links, extractor.filteredOut);
    }

    private static long roundUp(long size) {
        return (size + RECORD - 1) / RECORD * RECORD;
    }

    /** The limits and the checks of the entry's kind, made before anything of it is read or written. */
    private void check(TarArchiveEntry entry) throws DistException {
        String name = printable(entry.getName());
        entries++;
        if (entries > limits.maxEntries()) {
            throw unsafe(
                    name,
                    "the archive has more than " + limits.maxEntries()
                            + " entries, far more than a Rust component holds (a decompression bomb?)");
        }
        declaredBytes += entry.getSize();
        if (entry.getSize() < 0 || declaredBytes > limits.maxTotalBytes()) {
            throw unsafe(
                    name,
                    "it declares " + entry.getSize() + " bytes, which takes the archive past "
                            + limits.maxTotalBytes() + " bytes unpacked, far more than a Rust component holds"
                            + " (a decompression bomb?)");
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw unsafe(name, "it is a device file or FIFO, which no Rust component or Debian package contains");
        }
        if (entry.isSparse()) {
            throw unsafe(name, "it is a sparse file, which no Rust component or Debian package contains");
        }
        if (!(entry.isDirectory() || entry.isFile() || entry.isSymbolicLink() || entry.isLink())) {
            throw unsafe(name, "it is of an unknown kind (tar type '" + (char) entry.getLinkFlag() + "')");
        }
    }

    private void write(TarArchiveEntry entry, InputStream data, Predicate<String> keep)
            throws IOException, DistException {
        String name = normalize(entry.getName(), entry.getName());
        if (name.isEmpty()) {
            if (!entry.isDirectory()) {
                throw unsafe(entry.getName(), "an entry other than a directory names the destination itself");
            }
            return;
        }
        if (!seenNames.add(name)) {
            throw unsafe(
                    name,
                    "the archive holds this name twice; which one is meant cannot be told, so neither is"
                            + " installed");
        }
        String linkTarget = entry.isSymbolicLink() ? symlinkTarget(name, entry.getLinkName()) : null;
        String hardLinkSource = entry.isLink() ? normalize(entry.getLinkName(), entry.getName()) : null;
        if (!keep.test(name) || (hardLinkSource != null && skippedNames.contains(hardLinkSource))) {
            // A hard link to a file that was left out is left out too.
            skippedNames.add(name);
            filteredOut++;
            return;
        }
        Path target = realDestination.resolve(name);
        ensureRealParents(name);
        if (entry.isDirectory()) {
            if (Files.isSymbolicLink(target)
                    || (Files.exists(target, NO_FOLLOW) && !Files.isDirectory(target, NO_FOLLOW))) {
                throw unsafe(name, "a directory entry would replace a file or link of the same name");
            }
            if (!Files.exists(target, NO_FOLLOW)) {
                FileTrees.createDirectory(target);
            }
            directories++;
            return;
        }
        if (Files.isDirectory(target, NO_FOLLOW)) {
            throw unsafe(name, "an entry would replace a directory of the same name");
        }
        // A name twice in this archive was refused above; what is here came from an earlier archive unpacked
        // into the same destination (the packages of one Debian root), and is replaced, as dpkg would.
        // Deleting never follows a link.
        Files.deleteIfExists(target);
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, target.getFileSystem().getPath(linkTarget));
            links++;
        } else if (entry.isLink()) {
            copyHardLink(name, hardLinkSource, target);
            links++;
        } else {
            try (OutputStream out = output.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                copy(name, entry.getSize(), data, out);
            } catch (DistException e) {
                Files.deleteIfExists(target);
                throw e;
            }
            applyMode(target, entry.getMode());
            files++;
        }
    }

    /** Copies the entry's data, telling a damaged archive (MALFORMED) from a failing disk (IOException). */
    private void copy(String name, long declared, InputStream data, OutputStream out)
            throws IOException, DistException {
        byte[] buffer = new byte[1 << 16];
        long copied = 0;
        while (true) {
            int n;
            try {
                n = data.read(buffer);
            } catch (IOException e) {
                throw unreadable(name, e);
            }
            if (n < 0) {
                break;
            }
            copied += n;
            if (copied > declared) {
                // The tar reader stops at the declared size; this guards the caps should it ever not.
                throw unsafe(name, "its data is longer than the " + declared + " bytes its header declares");
            }
            out.write(buffer, 0, n);
        }
        if (copied != declared) {
            throw unsafe(name, "the archive ends after " + copied + " of the " + declared + " bytes it declares");
        }
    }

    /** The entry's name as clean relative segments; refuses absolute names and climbing out with "..". */
    private String normalize(String raw, String entryName) throws DistException {
        checkCharacters(raw, entryName);
        String unified = raw;
        if (unified.startsWith("/") || unified.matches("^[A-Za-z]:.*")) {
            throw unsafe(entryName, "absolute path '" + raw + "'");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : unified.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw unsafe(entryName, "'" + raw + "' climbs out of the destination");
                }
                segments.remove(segments.size() - 1);
            } else {
                segments.add(segment);
            }
        }
        if (segments.size() > limits.maxDepth()) {
            throw unsafe(
                    entryName,
                    "it is " + segments.size() + " segments deep, more than the " + limits.maxDepth() + " allowed");
        }
        return String.join("/", segments);
    }

    /** Refuses names no published archive has: overlong, or with a NUL, a backslash or a control character. */
    private void checkCharacters(String raw, String entryName) throws DistException {
        if (raw.length() > limits.maxNameLength()) {
            throw unsafe(
                    printable(entryName),
                    "a name of " + raw.length() + " characters, more than the " + limits.maxNameLength() + " allowed");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                throw unsafe(
                        entryName,
                        "a backslash in '" + raw + "' (a directory separator on Windows, a letter elsewhere)");
            }
            if (c < 0x20 || c == 0x7f) {
                throw unsafe(
                        printable(entryName),
                        (c == 0 ? "a NUL" : "a control character") + " in '" + printable(raw) + "'");
            }
        }
    }

    /** The name with control characters shown as {@code \\uXXXX}, fit for a message. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && i < 300; i++) {
            char c = name.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return name.length() > 300 ? out + "..." : out.toString();
    }

    /** The target to write for a symbolic link: checked, and rebased when absolute and so asked. */
    private String symlinkTarget(String name, String linkTarget) throws DistException {
        String target = linkTarget;
        if (absoluteLinks == AbsoluteLinks.INSIDE_DESTINATION && linkTarget.startsWith("/")) {
            target = insideDestination(name, linkTarget);
        }
        checkSymlinkTarget(name, target);
        return target;
    }

    /** An absolute target as the relative path from the link's directory to that path inside the destination. */
    private static String insideDestination(String name, String absoluteTarget) {
        List<String> segments = new ArrayList<>();
        for (String segment : absoluteTarget.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                // As in a chroot: the parent of the top is the top.
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else {
                segments.add(segment);
            }
        }
        int depth = name.split("/").length - 1;
        List<String> relative = new ArrayList<>(Collections.nCopies(depth, ".."));
        relative.addAll(segments);
        return relative.isEmpty() ? "." : String.join("/", relative);
    }

    private void checkSymlinkTarget(String name, String linkTarget) throws DistException {
        checkCharacters(linkTarget, name);
        String unified = linkTarget;
        if (unified.isEmpty() || unified.startsWith("/") || unified.matches("^[A-Za-z]:.*")) {
            throw unsafe(name, "symbolic link to absolute or empty target '" + linkTarget + "'");
        }
        int depth = name.split("/").length - 1;
        boolean descending = false;
        for (String segment : unified.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (descending) {
                    throw unsafe(name, "symbolic link target '" + linkTarget + "' uses '..' after a name");
                }
                depth--;
                if (depth < 0) {
                    throw unsafe(name, "symbolic link target '" + linkTarget + "' points outside the destination");
                }
            } else {
                descending = true;
            }
        }
    }

    /** Creates the entry's parent directories, refusing to pass through a symbolic link or a file. */
    private void ensureRealParents(String name) throws IOException, DistException {
        String[] segments = name.split("/");
        Path current = realDestination;
        for (int i = 0; i < segments.length - 1; i++) {
            current = current.resolve(segments[i]);
            if (Files.isSymbolicLink(current)) {
                throw unsafe(
                        name,
                        "it would be written through the symbolic link '" + realDestination.relativize(current) + "'");
            }
            if (!Files.exists(current, NO_FOLLOW)) {
                FileTrees.createDirectory(current);
                directories++;
            } else if (!Files.isDirectory(current, NO_FOLLOW)) {
                throw unsafe(name, "its parent '" + realDestination.relativize(current) + "' is not a directory");
            }
        }
    }

    private void copyHardLink(String name, String sourceName, Path target) throws IOException, DistException {
        Path source = realDestination.resolve(sourceName);
        if (!Files.isRegularFile(source, NO_FOLLOW)) {
            throw unsafe(name, "hard link to '" + sourceName + "', which is not a file extracted before it");
        }
        if (!source.toRealPath().startsWith(realDestination)) {
            throw unsafe(name, "hard link to '" + sourceName + "' resolves outside the destination");
        }
        // A copy, not a link: the installed tree must not share inodes that a later write could change.
        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private void applyMode(Path file, int mode) throws IOException {
        if (!posix) {
            if ((mode & 0100) != 0 && !file.toFile().setExecutable(true)) {
                throw new IOException("Cannot make " + file + " executable");
            }
            return;
        }
        // The owner may always read and write; the read and execute bits of the group and others come from the
        // archive; no one else may write, and set-id and sticky bits are dropped.
        Set<PosixFilePermission> permissions =
                EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE
        };
        for (int bit = 0; bit < order.length; bit++) {
            boolean othersWrite =
                    order[bit] == PosixFilePermission.GROUP_WRITE || order[bit] == PosixFilePermission.OTHERS_WRITE;
            if ((mode & (0400 >> bit)) != 0 && !othersWrite) {
                permissions.add(order[bit]);
            }
        }
        Files.setPosixFilePermissions(file, permissions);
    }

    private DistException unsafe(String entry, String why) {
        return new DistException(
                DistException.Reason.MALFORMED,
                "Refusing to extract '" + entry + "' from "
                        + archiveName + " into " + destination + ": " + why + ". The archive is damaged or malicious;"
                        + " check the dist server it came from.");
    }

    /** The archive could not be read at or after {@code entry} (null before the first): cut short or damaged. */
    private DistException unreadable(String entry, IOException e) {
        String where = entry == null ? "its first entry" : "'" + printable(entry) + "'";
        if (e instanceof HeaderLimitException) {
            return new DistException(
                    DistException.Reason.MALFORMED,
                    "Refusing " + archiveName + ": the headers "
                            + (entry == null ? "before its first entry" : "after " + where) + " are longer than "
                            + limits.maxHeaderBytes() + " bytes, far longer than any real archive has (a"
                            + " decompression bomb?). Check the dist server it came from.",
                    e);
        }
        String why = e instanceof EOFException || String.valueOf(e.getMessage()).contains("Truncated")
                ? "it ends early"
                : "it is damaged";
        return new DistException(
                DistException.Reason.MALFORMED,
                "Refusing " + archiveName + ": " + why + " at or after " + where + " (" + e.getMessage() + ")."
                        + " Nothing of it is installed. Run the build again; if it persists, the dist server or a"
                        + " proxy serves a damaged file.",
                e);
    }

    /**
     * A tar reader that refuses an archive ending without its end-of-archive marker: the reader it extends
     * takes such an end for the marker, and an archive cut at an entry boundary would lose entries silently.
     */
    private static final class StrictTarInputStream extends TarArchiveInputStream {
        private boolean markerSeen;

        StrictTarInputStream(InputStream in) {
            super(in);
        }

        @Override
        protected byte[] readRecord() throws IOException {
            byte[] record = super.readRecord();
            if (record == null && !markerSeen) {
                throw new EOFException("the archive ends before its end-of-archive marker");
            }
            if (record != null && isZero(record)) {
                markerSeen = true;
            }
            return record;
        }

        private static boolean isZero(byte[] record) {
            for (byte b : record) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The tar reader wanted more than its allowance: headers far longer than any real archive has. */
    private static final class HeaderLimitException extends IOException {
        private static final long serialVersionUID = 1L;

        HeaderLimitException() {
            super("more header data before one entry than allowed");
        }
    }

    /**
     * Counts what the tar reader consumes and refuses more than it was allowed since the last entry: bounds
     * the long names and pax records that it would otherwise read into memory without end.
     */
    private static final class BudgetedInputStream extends FilterInputStream {
        private long left;

        BudgetedInputStream(InputStream in, long allowance) {
            super(in);
            this.left = allowance;
        }

        /** Replaces what is left with {@code allowance}. */
        void allow(long allowance) {
            left = allowance;
        }

        @Override
        public int read() throws IOException {
            checkLeft();
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            checkLeft();
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) {
                return 0;
            }
            checkLeft();
            long skipped = in.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public void close() {
            // The caller closes the underlying stream.
        }

        private void checkLeft() throws IOException {
            if (left <= 0) {
                throw new HeaderLimitException();
            }
        }
    }
}
