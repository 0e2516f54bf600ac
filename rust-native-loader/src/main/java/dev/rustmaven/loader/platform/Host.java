package dev.rustmaven.loader.platform;

import java.io.IOException;
import java.util.List;

/**
 * The seam between detection logic and the machine: system properties, environment variables and
 * files. {@link #system()} is the real one; tests pass their own with recorded facts.
 */
public interface Host {

    /** A system property, or null. */
    String property(String key);

    /** An environment variable, or null. */
    String environment(String name);

    /**
     * The whole content of a small file such as {@code /proc/cpuinfo} (whose reported size is 0, so
     * it is read to the end), or null if it does not exist or cannot be read.
     */
    byte[] readSmallFile(String path);

    /** Random access to a regular file, or null if there is none at that path. */
    ByteSource open(String path) throws IOException;

    /** True if something exists at that path. */
    boolean exists(String path);

    /** The names in a directory, or an empty list if it is not one. */
    List<String> list(String directory);

    /** The running JVM and its machine. */
    static Host system() {
        return SystemHost.INSTANCE;
    }
}
