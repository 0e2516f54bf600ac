package dev.rustmaven.loader.cache;

import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.Platform;
import java.nio.file.Path;
import java.nio.file.Paths;
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
        return StartRecord.roots(
                chosen, configured, userCache(), host.property("java.io.tmpdir"), host.property("user.name"));
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
        return StartRecord.linuxUserCache(host.environment("XDG_CACHE_HOME"), home);
    }
}
