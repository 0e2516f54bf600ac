package dev.rustmaven.toolchain;

import dev.rustmaven.system.HostSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The Rust host triple of the machine the build runs on, known without a Rust compiler (which is what a
 * toolchain must be fetched for): from the JVM's {@code os.name} and {@code os.arch}, and on Linux from
 * whether the machine's C library is musl (Alpine) or glibc.
 */
public final class HostTriple {

    private HostTriple() {}

    /** The triple of {@code host}, if Rust publishes toolchains for it. */
    public static Optional<String> of(HostSystem host) {
        return of(host.osName(), host.osArch(), Files::exists);
    }

    /**
     * The triple for an operating system and architecture as the JVM names them.
     *
     * @param exists tells whether a file exists (for the musl check)
     */
    public static Optional<String> of(String osName, String osArch, Predicate<Path> exists) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i686" -> "i686";
            case "riscv64" -> "riscv64gc";
            case "ppc64le" -> "powerpc64le";
            case "s390x" -> "s390x";
            case "loongarch64" -> "loongarch64";
            // 32-bit ARM: the JVM does not say ARMv6 or ARMv7, hard or soft float, and a toolchain for the wrong
            // one dies with an illegal instruction, so none is guessed.
            default -> "";
        };
        if (arch.isEmpty()) {
            return Optional.empty();
        }
        if (os.startsWith("windows")) {
            return switch (arch) {
                case "x86_64", "aarch64", "i686" -> Optional.of(arch + "-pc-windows-msvc");
                default -> Optional.empty();
            };
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return switch (arch) {
                case "x86_64", "aarch64" -> Optional.of(arch + "-apple-darwin");
                default -> Optional.empty();
            };
        }
        if (os.startsWith("linux")) {
            boolean musl = exists.test(Path.of("/lib/ld-musl-" + muslArch(arch) + ".so.1"));
            return Optional.of(arch + "-unknown-linux-" + (musl ? "musl" : "gnu"));
        }
        return Optional.empty();
    }

    private static String muslArch(String rustArch) {
        return switch (rustArch) {
            case "i686" -> "i386";
            case "riscv64gc" -> "riscv64";
            case "powerpc64le" -> "powerpc64le";
            default -> rustArch;
        };
    }
}
