package dev.rustmaven.loader;

import dev.rustmaven.loader.platform.Platform;
import dev.rustmaven.loader.platform.Versions;
import java.util.Properties;

/**
 * Reads a packaged library's properties file against the running platform: a mislabelled triple or
 * a C library the system does not have rules the library out before anything is extracted.
 */
final class CompatibilityCheck {

    private final Platform platform;

    CompatibilityCheck(Platform platform) {
        this.platform = platform;
    }

    /** Why a library described by its properties cannot run here, or null if it can (as far as known). */
    String incompatibility(String triple, Properties properties) {
        String declared = properties.getProperty(NativeResources.TRIPLE);
        if (declared != null && !declared.trim().equals(triple)) {
            return "its properties say triple " + declared.trim() + ", not " + triple + ": the jar is mislabelled";
        }
        String floor = properties.getProperty(NativeResources.GLIBC_FLOOR);
        if (floor == null || floor.trim().isEmpty()) {
            return null;
        }
        floor = floor.trim();
        if (platform.libc() == Platform.Libc.MUSL) {
            return "built for glibc " + floor + " but this system uses musl";
        }
        // An unknown libc or an unreadable version is let through: the JVM's own load error then says more.
        String running = platform.libcVersion();
        if (platform.libc() == Platform.Libc.GLIBC
                && Versions.isVersion(running)
                && Versions.isVersion(floor)
                && Versions.compare(floor, running) > 0) {
            return "glibc too old: the library needs glibc " + floor + " (" + NativeResources.GLIBC_FLOOR
                    + "), this system has " + running;
        }
        return null;
    }

    /**
     * Why a library whose ELF version needs ask for glibc {@code newest} cannot run here, or null:
     * the check for a library whose properties record no {@value NativeResources#GLIBC_FLOOR}.
     *
     * @param newest the newest {@code GLIBC_x.y} version the library needs, or null if it needs none
     */
    String glibcNeeds(String newest) {
        if (newest == null) {
            return null;
        }
        String source = "read from its ELF version needs, no " + NativeResources.GLIBC_FLOOR + " recorded";
        if (platform.libc() == Platform.Libc.MUSL) {
            return "built for glibc: it needs GLIBC_" + newest + " (" + source + ") but this system uses musl";
        }
        String running = platform.libcVersion();
        if (platform.libc() == Platform.Libc.GLIBC
                && Versions.isVersion(running)
                && Versions.compare(newest, running) > 0) {
            return "glibc too old: the library needs GLIBC_" + newest + " (" + source + "), this system has " + running;
        }
        return null;
    }
}
