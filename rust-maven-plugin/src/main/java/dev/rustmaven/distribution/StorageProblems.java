package dev.rustmaven.distribution;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/** Tells a full disk and an unwritable cache from other I/O failures, and words the advice for each. */
final class StorageProblems {

    private StorageProblems() {}

    /** Whether {@code e}, or one of its causes, says the disk (or the user's quota) is full. */
    static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("quota"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code e}, or one of its causes, says a path cannot be written at all: permissions, a read-only or
     * immutable file system, or a file where a directory belongs.
     */
    static boolean notWritable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AccessDeniedException
                    || t instanceof FileAlreadyExistsException
                    || t instanceof NotDirectoryException) {
                return true;
            }
            if (t instanceof FileSystemException fse && fse.getReason() != null) {
                String reason = fse.getReason();
                if (reason.contains("Operation not permitted")
                        || reason.contains("Read-only file system")
                        || reason.contains("Not a directory")
                        || reason.contains("Permission denied")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** "N bytes (x.y MiB)". */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        return String.format(Locale.ROOT, "%,d bytes (%s)", bytes, human(bytes));
    }

    /** A short human size: "16 MiB", "4 GiB", "1.5 MiB", "300 KiB". */
    static String human(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (value == Math.rint(value)) {
            return (long) value + " " + units[unit];
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** What is free on the disk of {@code dir} (or of its nearest existing parent), as a sentence part. */
    static String freeSpace(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return "how much is free there is unknown";
        }
        try {
            return human(Files.getFileStore(existing).getUsableSpace()) + " is free there";
        } catch (IOException | SecurityException e) {
            return "how much is free there is unknown";
        }
    }

    /**
     * The advice for a cache that cannot be written, naming {@code dir}: what to change, and that nothing is
     * retried in a loop.
     */
    static String notWritableAdvice(Path dir) {
        return "The cache directory " + dir + " (or a parent of it) cannot be written by this user, or a file"
                + " stands where a directory belongs. Make it writable (chmod u+w, or chown it to this user), remove"
                + " the file in the way, or choose another cache directory. Components already installed there are"
                + " still used read-only; nothing is retried.";
    }
}
