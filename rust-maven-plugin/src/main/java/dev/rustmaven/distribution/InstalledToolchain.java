package dev.rustmaven.distribution;

import java.nio.file.Path;

/**
 * A whole host toolchain in the cache, laid out as rustup lays out a toolchain ({@code bin/rustc},
 * {@code bin/cargo}, {@code lib/rustlib/<host>/lib/*.rlib}, {@code lib/rustlib/components}).
 *
 * @param directory the toolchain's root, its sysroot
 * @param compiler the compiler build it holds
 * @param manifestDate the {@code date} of the channel manifest it was installed from
 * @param host the host triple it runs on
 * @param origin how it was found, for the log: downloaded now, or taken from the cache
 */
public record InstalledToolchain(
        Path directory, CompilerRelease compiler, String manifestDate, String host, String origin) {

    /** The executable {@code name} in {@code bin/}, with {@code .exe} on Windows hosts. */
    public Path executable(String name) {
        return directory.resolve("bin").resolve(host.contains("windows") ? name + ".exe" : name);
    }
}
