package dev.rustmaven.loader.cache;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Remembers that a cached library's bytes were hashed and matched, so that the next loads need not
 * hash them again: an empty file next to it, {@code .<file>.verified-<dev>-<inode>-<size>-<mtime>-<ctime>},
 * whose name is the library's state when it was verified (device, inode, size, and modification and
 * status change times in nanoseconds, in hex). A load that finds the record for the library's
 * current state reuses it; any other state means hashing, as without records.
 *
 * <p>Why this still catches a damaged or tampered library: every write or truncation of a file sets
 * its modification and change times; setting the modification time back ({@code touch -d}) sets the
 * change time, which no program can choose; replacing the file (a rename over it, or delete and
 * create) gives another inode and change time; a cut-off file has another size. The one thing no
 * state shows is a change within the same tick of the file system's clock as the state recorded, so
 * a record is only written for a file whose last change lies {@link #SETTLED_MILLIS} before the hash
 * began (and whose state did not move while it was hashed): any later change then carries a later
 * change time. A freshly extracted library therefore gets its record on a later load. Changes that
 * bypass the file system (a failing disk, writes to the raw device) are not seen: the same user, or
 * root, could as well rewrite the record. Without the {@code unix} attribute view (Windows) nothing is
 * recorded and every load hashes.
 *
 * <p>A record is trusted like the library itself: a regular file, not a symbolic link, of the current
 * user, in the private {@code <sha256>} directory. Checking one is two {@code lstat} calls; nothing is
 * opened or read.
 */
final class VerificationRecord {

    /** How long before the hash a file must have last changed to be recorded: above any timestamp granularity. */
    static final long SETTLED_MILLIS = 3000;

    private static final String ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime";

    private VerificationRecord() {}

    /** A file's state: what its record's name holds, and when it last changed. */
    static final class State {
        final String key;
        final long changedMillis;

        State(String key, long changedMillis) {
            this.key = key;
            this.changedMillis = changedMillis;
        }

        boolean same(State other) {
            return other != null && key.equals(other.key);
        }
    }

    /** The file's current state, or null where the file system does not tell it (no {@code unix} view). */
    static State stateOf(Path file) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
        Object dev = a.get("dev");
        Object ino = a.get("ino");
        Object size = a.get("size");
        Object modified = a.get("lastModifiedTime");
        Object changed = a.get("ctime");
        if (!(dev instanceof Long
                && ino instanceof Long
                && size instanceof Long
                && modified instanceof FileTime
                && changed instanceof FileTime)) {
            return null;
        }
        FileTime ctime = (FileTime) changed;
        String key = Long.toHexString((Long) dev)
                + "-" + Long.toHexString((Long) ino)
                + "-" + Long.toHexString((Long) size)
                + "-" + Long.toHexString(((FileTime) modified).to(TimeUnit.NANOSECONDS))
                + "-" + Long.toHexString(ctime.to(TimeUnit.NANOSECONDS));
        return new State(key, ctime.toMillis());
    }

    /** True if a trusted record says the file, in exactly this state, was verified. */
    static boolean holds(Path file, State state, UserPrincipal me) throws IOException {
        return state != null && LibraryCache.trusted(recordOf(file, state), me);
    }

    /**
     * Records that the file was verified by a hash that began at {@code hashStartedMillis}, if its state
     * before the hash was settled and has not moved since; removes the records of its earlier states.
     * Best effort: a record that cannot be written only means the next load hashes again.
     *
     * @param before the file's state taken before the hash, or null
     */
    static void record(Path file, State before, long hashStartedMillis) {
        if (before == null || hashStartedMillis - before.changedMillis < SETTLED_MILLIS) {
            return;
        }
        if (!before.same(stateOf(file))) {
            return;
        }
        Path record = recordOf(file, before);
        try {
            LibraryCache.createPrivateFile(record);
        } catch (FileAlreadyExistsException e) {
            // another JVM recorded the same state just now
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        removeOthers(file, record);
    }

    /** Removes the records of the file's earlier states, leaving {@code keep}. */
    private static void removeOthers(Path file, Path keep) {
        String prefix = prefix(file);
        Path dir = file.getParent();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(prefix) && !entry.equals(keep)) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // a stale record names a state the file no longer has: it never matches, it only takes a directory entry
        }
    }

    private static Path recordOf(Path file, State state) {
        return file.resolveSibling(prefix(file) + state.key);
    }

    private static String prefix(Path file) {
        return "." + file.getFileName() + ".verified-";
    }
}
