package dev.rustmaven.loader.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * What {@link LoaderBench}'s {@code checked} mode calls: {@link OneClassLoader}'s {@code System.load}, after the
 * checks no loader that keeps copies in a cache may skip before it loads one: that the cache's root, the copy's
 * directory and the copy belong to the current user and that nobody else may write them. The JDK shows a file's
 * owner and mode only through NIO's {@code unix:} attribute view; this class reads four of them (the user of
 * {@code /proc/self}, then the three paths, not following links) and nothing else. So the mode measures the least
 * a loader that trusts its cache only after checking it costs, leaving out everything that finds the library
 * (which copy, whether it is still the one of the class path): a lower bound for {@code warm}.
 *
 * <p>Alone in a jar of its own, as {@code OneClassLoader} is. The file must be {@code <root>/<dir>/<copy>}.
 */
public final class CheckedOneClassLoader {

    private CheckedOneClassLoader() {}

    /**
     * Checks the copy, its directory and their root, then loads the copy.
     *
     * @throws IllegalStateException if one of them is not the user's alone: the benchmark's cache is, so that is a
     *     broken run, never a measurement
     */
    public static void load(String file) throws IOException {
        Path copy = Paths.get(file);
        Path dir = copy.getParent();
        Path root = dir.getParent();
        int me = (Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        for (Path path : new Path[] {root, dir, copy}) {
            Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
            if ((Integer) a.get("uid") != me || ((Integer) a.get("mode") & 0022) != 0) {
                throw new IllegalStateException(path + " may be written by another user than " + me);
            }
        }
        System.load(file);
    }
}
