package dev.rustmaven.distribution;

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
 * Unix permission bits are kept, so executables stay executable. Device files and FIFOs are skipped.
 *
 * <p>Symbolic link targets must be relative and may use {@code ..} only as leading segments: then a link
 * resolves inside the destination whatever the other links in the archive turn out to be. Absolute targets
 * are refused, unless the caller asks for {@link AbsoluteLinks#INSIDE_DESTINATION}.
 */
public final class SafeExtractor {

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

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

    private final Path destination;
    private final Path realDestination;
    private final String archiveName;
    private final AbsoluteLinks absoluteLinks;
    private final boolean posix;
    private final Set<String> skippedNames = new HashSet<>();
    private int files;
    private int directories;
    private int links;
    private int filteredOut;

    private SafeExtractor(Path destination, String archiveName, AbsoluteLinks absoluteLinks) throws IOException {
        Files.createDirectories(destination);
        this.destination = destination;
        this.realDestination = destination.toRealPath();
        this.archiveName = archiveName;
        this.absoluteLinks = absoluteLinks;
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
        SafeExtractor extractor = new SafeExtractor(destination, archiveName, absoluteLinks);
        // A non-closing view: the caller owns the stream (it may be an entry of an outer archive).
        TarArchiveInputStream in = new TarArchiveInputStream(new NonClosingInputStream(tar));
        for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
            extractor.write(entry, in, keep);
        }
        return new Result(extractor.files, extractor.directories, extractor.links, extractor.filteredOut);
    }

    private void write(TarArchiveEntry entry, InputStream data, Predicate<String> keep)
            throws IOException, DistException {
        String name = normalize(entry.getName(), entry.getName());
        if (name.isEmpty()) {
            return;
        }
        String linkTarget = entry.isSymbolicLink() ? symlinkTarget(name, entry.getLinkName()) : null;
        String hardLinkSource = entry.isLink() ? normalize(entry.getLinkName(), entry.getName()) : null;
        boolean supported = entry.isDirectory() || entry.isFile() || entry.isSymbolicLink() || entry.isLink();
        if (!supported || !keep.test(name) || (hardLinkSource != null && skippedNames.contains(hardLinkSource))) {
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
                Files.createDirectory(target);
            }
            directories++;
            return;
        }
        if (Files.isDirectory(target, NO_FOLLOW)) {
            throw unsafe(name, "an entry would replace a directory of the same name");
        }
        // A later entry of the same name replaces the earlier one, as tar does; delete never follows a link.
        Files.deleteIfExists(target);
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, target.getFileSystem().getPath(linkTarget));
            links++;
        } else if (entry.isLink()) {
            copyHardLink(name, hardLinkSource, target);
            links++;
        } else {
            try (OutputStream out =
                    Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                data.transferTo(out);
            }
            applyMode(target, entry.getMode());
            files++;
        }
    }

    /** The entry's name as clean relative segments; refuses absolute names and climbing out with "..". */
    private String normalize(String raw, String entryName) throws DistException {
        String unified = raw.replace('\\', '/');
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
        return String.join("/", segments);
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
        String unified = linkTarget.replace('\\', '/');
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
                Files.createDirectory(current);
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
        // The owner may always read and write; other bits come from the archive, minus set-id and sticky bits.
        Set<PosixFilePermission> permissions =
                EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (0400 >> bit)) != 0) {
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

    /** Shields the caller's stream from the tar reader's close. */
    private static final class NonClosingInputStream extends FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // The caller closes the underlying stream.
        }
    }
}
