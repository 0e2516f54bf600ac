package dev.rustmaven.loader.cache;

import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.Platform;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Where extracted libraries may be cached, best first: the directory chosen in code, the one
 * chosen by system property, the per-user cache of the operating system, then a per-user
 * directory below {@code java.io.tmpdir}. Whether a directory is usable is decided later, by
 * trying it.
 */
public final class CacheRoots {

    private final Host host;
    private final Platform.Os os;

    /**
     * @param host where {@code user.home}, {@code user.name}, {@code java.io.tmpdir} and the
     *     environment are read
     * @param os decides which per-user cache directory is conventional
     */
    public CacheRoots(Host host, Platform.Os os) {
        this.host = host;
        this.os = os;
    }

    /**
     * The cache directories in the documented order, absolute and without duplicates.
     *
     * @param chosen the directory chosen in code, or null
     * @param configured the directory chosen by system property, or null or empty
     * @return the directories to try, best first
     */
    public List<Path> inOrder(Path chosen, String configured) {
        return inOrder(chosen, configured, userCache(), host.property("java.io.tmpdir"), host.property("user.name"));
    }

    /**
     * {@code inOrder(null, null)} of the running JVM on Linux, read without a {@link Host} (for a start that finds
     * its record: fewer classes to load).
     *
     * @throws SecurityException if a property or the environment may not be read
     */
    public static List<Path> ofThisLinuxUser() {
        String home = System.getProperty("user.home");
        return inOrder(
                null,
                null,
                linuxUserCache(System.getenv("XDG_CACHE_HOME"), home),
                System.getProperty("java.io.tmpdir"),
                System.getProperty("user.name"));
    }

    private static List<Path> inOrder(Path chosen, String configured, Path user, String tmp, String who) {
        List<Path> roots = new ArrayList<>(4);
        if (chosen != null) {
            addNew(roots, chosen.toAbsolutePath());
        }
        if (configured != null && !configured.isEmpty()) {
            addNew(roots, Paths.get(configured).toAbsolutePath());
        }
        if (user != null) {
            addNew(roots, user);
        }
        if (tmp != null && !tmp.isEmpty()) {
            // tmpdir is shared by every user: a per-user name keeps one user's directory out of another's way.
            String suffix = who == null ? "" : "-" + safeName(who);
            addNew(roots, Paths.get(tmp, "rust-native-loader" + suffix).toAbsolutePath());
        }
        return roots;
    }

    /** Adds {@code root} unless it is there (a list, not a LinkedHashSet: one class less to load at start). */
    private static void addNew(List<Path> roots, Path root) {
        if (!roots.contains(root)) {
            roots.add(root);
        }
    }

    /** The user name with every character but {@code A-Z a-z 0-9 . _ -} replaced by {@code _}, one per code point (by hand: no regex). */
    private static String safeName(String who) {
        StringBuilder s = new StringBuilder(who.length());
        for (int i = 0; i < who.length(); i += Character.charCount(who.codePointAt(i))) {
            int c = who.codePointAt(i);
            boolean kept = c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '_'
                    || c == '-';
            s.appendCodePoint(kept ? c : '_');
        }
        return s.toString();
    }

    /** The operating system's conventional per-user cache directory, or null without a home. */
    private Path userCache() {
        // if, not a switch on the enum: that compiles to one more class to load on every start
        String home = host.property("user.home");
        if (os == Platform.Os.MACOS) {
            return home == null ? null : Paths.get(home, "Library", "Caches", "rust-native-loader");
        }
        if (os == Platform.Os.WINDOWS) {
            String local = host.environment("LOCALAPPDATA");
            if (local != null && !local.isEmpty()) {
                return Paths.get(local, "rust-native-loader");
            }
            return home == null ? null : Paths.get(home, "AppData", "Local", "rust-native-loader");
        }
        return linuxUserCache(host.environment("XDG_CACHE_HOME"), home);
    }

    /** {@code $XDG_CACHE_HOME/rust-native-loader}, else {@code ~/.cache/rust-native-loader}; null without either. */
    private static Path linuxUserCache(String xdg, String home) {
        // The XDG base directory spec says to ignore a relative XDG_CACHE_HOME.
        if (xdg != null && xdg.startsWith("/")) {
            return Paths.get(xdg, "rust-native-loader");
        }
        return home == null ? null : Paths.get(home, ".cache", "rust-native-loader");
    }
}
