package dev.rustmaven.toolchain;

import dev.rustmaven.fs.AtomicPublish;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A sysroot for one cross target made of the compiler's own host libraries and a target's rust-std
 * from elsewhere (the plugin's cache), so that the compiler can build for a target it was not installed
 * with, without touching the user's Rust installation.
 *
 * <p>Layout: {@code <dir>/lib/rustlib/<host>} and {@code <dir>/lib/rustlib/<target>}, each a symbolic
 * link (or, where links cannot be made, a copy).
 */
public final class ComposedSysroot {

    private ComposedSysroot() {}

    /**
     * Makes (or reuses) the composed sysroot in {@code dir}.
     *
     * @param realSysroot {@code rustc --print sysroot}
     * @param host the host triple
     * @param targetRustlib the target's directory holding its {@code lib/} (that is, a
     *     {@code lib/rustlib/<target>} directory of an installed rust-std)
     * @param target the target triple
     * @return {@code dir}
     */
    public static Path compose(Path dir, Path realSysroot, String host, Path targetRustlib, String target)
            throws IOException {
        Path hostRustlib = realSysroot.resolve("lib/rustlib").resolve(host);
        Path rustlib = dir.resolve("lib/rustlib");
        if (pointsTo(rustlib.resolve(host), hostRustlib) && pointsTo(rustlib.resolve(target), targetRustlib)) {
            return dir;
        }
        AtomicPublish.publishDirectory(dir, AtomicPublish.IfPresent.REPLACE, staging -> {
            Path stagingRustlib = Files.createDirectories(staging.resolve("lib/rustlib"));
            linkOrCopy(stagingRustlib.resolve(host), hostRustlib);
            linkOrCopy(stagingRustlib.resolve(target), targetRustlib);
            return staging;
        });
        return dir;
    }

    private static boolean pointsTo(Path link, Path target) throws IOException {
        if (Files.isSymbolicLink(link)) {
            return Files.readSymbolicLink(link).equals(target.toAbsolutePath());
        }
        return false;
    }

    private static void linkOrCopy(Path link, Path target) throws IOException {
        try {
            Files.createSymbolicLink(link, target.toAbsolutePath());
        } catch (UnsupportedOperationException | FileSystemException e) {
            // Windows without the privilege to make links: a copy works too, it only costs disk space.
            copyRecursively(target, link);
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
