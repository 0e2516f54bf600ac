package dev.rustmaven.loader.cache;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checks a warm start makes on the cache, apart from {@link LibraryCache}: that class's code (writing,
 * hashing, locking, and the exception types it catches, which the JVM loads to verify it) is not needed when a
 * sealed copy is reused, and loading it costs a fresh JVM milliseconds.
 */
public final class CacheChecks {

    /** {@code st_mode}: the file type bits, a regular file, a directory. */
    static final int S_IFMT = 0170000;

    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;

    private static final int UNKNOWN_UID = -2;

    /** This process's user id once {@link #currentUid} has looked: -1 if unknown. */
    private static volatile int myUid = UNKNOWN_UID;

    private CacheChecks() {}

    /**
     * {@code <root>/<sha256>/<fileName>} if it is sealed, of {@code size} bytes, and it, its directory and the
     * root are the current user's and writable by nobody else; else null. Nothing is created, opened or read:
     * three {@code lstat} calls and one {@code stat} of {@code /proc/self}, which tells the current user without
     * a probe. Null without a size or off Linux.
     */
    public static Path sealedCopy(Path root, String sha256, String fileName, long size) {
        if (size < 0) {
            return null;
        }
        int me = currentUid();
        if (me < 0) {
            return null;
        }
        Path dir = root.resolve(sha256.toLowerCase(Locale.ROOT));
        Path file = dir.resolve(fileName);
        Map<String, Object> r = unixAttributes(root);
        Map<String, Object> d = unixAttributes(dir);
        Map<String, Object> f = unixAttributes(file);
        if (r == null || d == null || f == null) {
            return null;
        }
        boolean ours = ownDirectory(r, me) && ownDirectory(d, me) && ((Integer) f.get("uid")) == me;
        return ours && sealed(f, size) ? file : null;
    }

    /** A regular file of {@code size} bytes that nobody may write: what the cache leaves behind. */
    static boolean sealed(Map<String, Object> a, long size) {
        int mode = (Integer) a.get("mode");
        return (mode & S_IFMT) == S_IFREG && (mode & 0222) == 0 && ((Long) a.get("size")) == size;
    }

    /** A directory of the user that nobody else may write. */
    static boolean ownDirectory(Map<String, Object> a, int me) {
        int mode = (Integer) a.get("mode");
        return (mode & S_IFMT) == S_IFDIR && (mode & 0022) == 0 && ((Integer) a.get("uid")) == me;
    }

    /** The {@code unix} attributes mode, uid and size of a path, not following a link; null if unknown. */
    static Map<String, Object> unixAttributes(Path path) {
        try {
            return Files.readAttributes(path, "unix:mode,uid,size", LinkOption.NOFOLLOW_LINKS);
        } catch (Exception e) {
            // I/O, no unix view, an odd path, a SecurityException: unknown (one type caught: each caught type is
            // a class a fresh JVM loads to verify this one, see StartRecord)
            return null;
        }
    }

    /**
     * The user id of this process, from the owner of {@code /proc/self} (Linux), or -1. A process that may
     * not be traced shows root there: then nothing but root's own directories match, and those are safe.
     */
    static int currentUid() {
        int uid = myUid;
        if (uid == UNKNOWN_UID) {
            uid = -1;
            try {
                Object owner = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
                if (owner instanceof Integer) {
                    uid = (Integer) owner;
                }
            } catch (Exception e) {
                // one type caught, as above
                if (e instanceof SecurityException) {
                    // not for good: code with more permissions may ask later
                    return -1;
                }
                // not Linux: the full way finds the user with a probe
            }
            myUid = uid;
        }
        return uid;
    }

    /**
     * True for 64 lower-case hex digits, as the cache names its directories (nothing a path could climb out
     * with); by hand, as a regex would be compiled on every start.
     */
    public static boolean isSha256(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The JVM-wide monitor of a key (no lambda: see {@code NativeLoader}). */
    public static Object monitor(ConcurrentHashMap<Object, Object> monitors, Object key) {
        Object lock = monitors.get(key);
        if (lock == null) {
            Object fresh = new Object();
            lock = monitors.putIfAbsent(key, fresh);
            if (lock == null) {
                lock = fresh;
            }
        }
        return lock;
    }
}
