package dev.rustmaven.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Set;

/**
 * Whole file trees, and directories that others may read but not change: whatever the build's umask (000 on
 * some CI images), what the plugin creates in its cache and work directories is never group- or world-writable.
 */
public final class FileTrees {

    /** The most a directory the plugin creates allows: the owner writes, everyone may read and enter it. */
    private static final Set<PosixFilePermission> DIRECTORY =
            Collections.unmodifiableSet(PosixFilePermissions.fromString("rwxr-xr-x"));

    private FileTrees() {}

    /**
     * {@link Files#createDirectories}, with the missing directories created as {@code rwxr-xr-x} at most (the
     * umask may take more away) where the file system has POSIX permissions.
     */
    public static Path createDirectories(Path directory) throws IOException {
        if (!isPosix(directory)) {
            return Files.createDirectories(directory);
        }
        return Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
    }

    /**
     * {@link Files#createDirectory}, as {@code rwxr-xr-x} at most where the file system has POSIX permissions.
     */
    public static Path createDirectory(Path directory) throws IOException {
        if (!isPosix(directory)) {
            return Files.createDirectory(directory);
        }
        return Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
    }

    /**
     * Takes the group's and others' write permission from {@code root} and everything below it; symbolic links
     * are neither changed nor followed. Nothing to do where the file system has no POSIX permissions.
     */
    public static void removeGroupAndOthersWrite(Path root) throws IOException {
        if (!isPosix(root) || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                restrict(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink()) {
                    restrict(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void restrict(Path path) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (permissions.remove(PosixFilePermission.GROUP_WRITE)
                | permissions.remove(PosixFilePermission.OTHERS_WRITE)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Deletes {@code root} with everything below it, depth first. Symbolic links are deleted, never followed:
     * a link to a directory outside the tree leaves that directory alone, and a {@code root} that is a link
     * loses only the link. Nothing at {@code root} is fine, and so is a file that disappears meanwhile
     * (another process cleaning up the same tree).
     *
     * @throws IOException when something could not be deleted; what was deleted before stays deleted
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null && !(failure instanceof NoSuchFileException)) {
                    throw failure;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
