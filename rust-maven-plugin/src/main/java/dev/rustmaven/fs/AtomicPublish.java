package dev.rustmaven.fs;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts a file or a directory in place in one step, so that other threads and builds see the old version
 * (or nothing) or the complete new one, never a half-written one: the content is written under a temporary
 * name next to its destination, then renamed onto it with {@link StandardCopyOption#ATOMIC_MOVE}.
 *
 * <p><b>Temporary names</b> are {@code .<destination name>.tmp-<random>}, in the destination's directory
 * (which is created when missing). They are removed whether the publishing succeeds or fails; only a killed
 * JVM leaves one behind, which a caller may recognise by {@link #temporaryPrefix(Path)}.
 *
 * <p><b>Without atomic renames</b> (the file system throws {@link AtomicMoveNotSupportedException}) nothing
 * is published: there is no non-atomic fallback, because a shared cache filled by plain copies would show
 * half-written files to concurrent builds. The {@link IOException} names the directory and asks for one on
 * a local file system. A rename within one directory is atomic on every local file system, so this only
 * happens on unusual network or virtual file systems.
 *
 * <p><b>Permissions</b>: what is published is never group- or world-writable, whatever the umask or the
 * writer set (the temporary file starts as the owner's only); missing parent directories are created
 * {@code rwxr-xr-x} at most.
 *
 * <p><b>When the destination exists</b>, a file is replaced (the last writer wins); what happens to a
 * directory is the caller's choice, see {@link IfPresent}.
 */
public final class AtomicPublish {

    /** Writes the content of a file to publish into {@code temporary}, an empty file, and returns a result. */
    @FunctionalInterface
    public interface FileWriter<T, E extends Exception> {
        T write(Path temporary) throws IOException, E;
    }

    /**
     * Builds a directory to publish inside {@code staging}, an empty directory next to the destination, and
     * returns it: {@code staging} itself or a directory inside it. Anything else in {@code staging} (downloads,
     * sources, a compiler's working files) is deleted afterwards.
     */
    @FunctionalInterface
    public interface DirectoryBuilder<E extends Exception> {
        Path build(Path staging) throws IOException, E;
    }

    /** What {@link #publishDirectory} does when something is at the destination at the moment of the move. */
    public enum IfPresent {
        /**
         * Another build may publish the same directory at the same time, from the same inputs: the first one
         * there is kept and this one is dropped. Anything at the destination that is not a directory is an
         * error.
         */
        KEEP_EXISTING,
        /**
         * What is there is an old version: it is deleted just before the move. Between the two, readers find
         * nothing; if someone else puts a directory there in that moment, the move fails.
         */
        REPLACE,
        /**
         * The caller made sure nothing is there (it removed what was, and holds a lock that keeps other
         * builds out): the move's own error, if any, is thrown.
         */
        FAIL
    }

    /** {@link Files#move}, which tests replace to simulate a file system without atomic renames. */
    @FunctionalInterface
    interface Mover {
        void move(Path source, Path target, CopyOption... options) throws IOException;
    }

    private static final Mover FILES = Files::move;

    private AtomicPublish() {}

    /** The start of the name of every temporary file or directory made for {@code destination}. */
    public static String temporaryPrefix(Path destination) {
        return "." + destination.getFileName() + ".tmp-";
    }

    /**
     * Writes {@code destination} through a temporary file next to it, replacing whatever file was there.
     *
     * @param writer fills the temporary file (its permissions are the owner's only until the writer changes
     *     them); an exception from it leaves {@code destination} untouched
     * @return what {@code writer} returned
     */
    public static <T, E extends Exception> T replaceFile(Path destination, FileWriter<T, E> writer)
            throws IOException, E {
        return replaceFile(destination, writer, FILES);
    }

    static <T, E extends Exception> T replaceFile(Path destination, FileWriter<T, E> writer, Mover mover)
            throws IOException, E {
        Path temporary = Files.createTempFile(directoryOf(destination), temporaryPrefix(destination), "");
        try {
            T result = writer.write(temporary);
            FileTrees.removeGroupAndOthersWrite(temporary);
            move(mover, temporary, destination, StandardCopyOption.REPLACE_EXISTING);
            return result;
        } catch (Throwable failure) {
            deleteAfter(failure, temporary);
            throw failure;
        }
    }

    /**
     * Builds a directory in a staging directory next to {@code destination} and moves it there.
     *
     * @return true when this call published its directory; false when, with {@link IfPresent#KEEP_EXISTING},
     *     another build's directory was there first and is kept
     */
    public static <E extends Exception> boolean publishDirectory(
            Path destination, IfPresent ifPresent, DirectoryBuilder<E> builder) throws IOException, E {
        return publishDirectory(destination, ifPresent, builder, FILES);
    }

    static <E extends Exception> boolean publishDirectory(
            Path destination, IfPresent ifPresent, DirectoryBuilder<E> builder, Mover mover) throws IOException, E {
        Path staging = Files.createTempDirectory(directoryOf(destination), temporaryPrefix(destination));
        boolean published;
        try {
            Path built = builder.build(staging);
            FileTrees.removeGroupAndOthersWrite(built);
            published = moveDirectory(mover, built, destination, ifPresent);
        } catch (Throwable failure) {
            deleteAfter(failure, staging);
            throw failure;
        }
        FileTrees.delete(staging);
        return published;
    }

    private static boolean moveDirectory(Mover mover, Path built, Path destination, IfPresent ifPresent)
            throws IOException {
        if (ifPresent == IfPresent.REPLACE) {
            FileTrees.delete(destination);
        }
        try {
            move(mover, built, destination);
            return true;
        } catch (FileSystemException e) {
            // Linux reports a rename onto a directory another build just filled as ENOTEMPTY, which the JDK maps
            // to no specific exception type; EEXIST and ENOTEMPTY mean the same here.
            if (ifPresent != IfPresent.KEEP_EXISTING || !Files.isDirectory(destination)) {
                throw e;
            }
            return false;
        }
    }

    private static void move(Mover mover, Path source, Path destination, CopyOption... options) throws IOException {
        CopyOption[] atomic = new CopyOption[options.length + 1];
        System.arraycopy(options, 0, atomic, 0, options.length);
        atomic[options.length] = StandardCopyOption.ATOMIC_MOVE;
        try {
            mover.move(source, destination, atomic);
        } catch (AtomicMoveNotSupportedException e) {
            // A plain IOException on purpose: no caller may mistake it for a concurrent build's directory.
            throw new IOException(
                    "the directory " + destination.toAbsolutePath().getParent() + " does not support"
                            + " atomic renames; choose a directory on a local file system",
                    e);
        }
    }

    private static Path directoryOf(Path destination) throws IOException {
        return FileTrees.createDirectories(destination.toAbsolutePath().getParent());
    }

    /** Removes a temporary file or tree after {@code failure}; a problem doing so is added to it. */
    private static void deleteAfter(Throwable failure, Path temporary) {
        try {
            FileTrees.delete(temporary);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
