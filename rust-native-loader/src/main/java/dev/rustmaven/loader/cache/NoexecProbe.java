package dev.rustmaven.loader.cache;

import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells whether a directory sits on a file system mounted {@code noexec}, where the dynamic loader
 * cannot map code, from {@code /proc/self/mountinfo} (Linux only). The mount table is read once,
 * when first needed.
 */
public final class NoexecProbe {

    private final Host host;
    private final Platform.Os os;
    private MountTable mounts;

    /**
     * @param host where {@code /proc/self/mountinfo} is read
     * @param os only Linux has the mount table; elsewhere nothing is known
     */
    public NoexecProbe(Host host, Platform.Os os) {
        this.host = host;
        this.os = os;
    }

    /**
     * Why code cannot be mapped from {@code directory}, per {@code /proc/self/mountinfo}.
     *
     * @param directory a directory that may not exist yet
     * @return the reason, or null if code can be mapped there or nobody knows
     */
    public String reason(Path directory) {
        if (os != Platform.Os.LINUX) {
            return null;
        }
        if (mounts == null) {
            byte[] info = host.readSmallFile("/proc/self/mountinfo");
            if (info == null) {
                return null;
            }
            mounts = MountTable.parse(new String(info, StandardCharsets.UTF_8));
        }
        MountTable.Mount mount = mounts.mountOf(realPath(directory));
        if (mount != null && mount.isNoExec()) {
            return "on a file system mounted noexec (mount point " + mount.mountPoint() + ", per /proc/self/mountinfo)";
        }
        return null;
    }

    /**
     * The real path of the nearest existing ancestor, with the missing rest appended: mountinfo
     * lists real paths, and a cache directory is often not created yet.
     */
    private static String realPath(Path path) {
        Path existing = path.toAbsolutePath().normalize();
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            Path fileName = existing.getFileName();
            rest = rest == null ? fileName : fileName.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return path.toAbsolutePath().normalize().toString();
        }
        try {
            Path real = existing.toRealPath();
            return (rest == null ? real : real.resolve(rest)).toString();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize().toString();
        }
    }
}
