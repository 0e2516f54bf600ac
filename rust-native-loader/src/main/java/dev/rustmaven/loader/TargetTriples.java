package dev.rustmaven.loader;

import dev.rustmaven.loader.platform.Platform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Rust target triples a platform can load, best first, and the file name a library has for each.
 *
 * <p>The order prefers the most specific build the CPU can run and ends with the most compatible
 * one: an ARMv7 hard-float JVM tries {@code armv7-unknown-linux-gnueabihf}, then
 * {@code thumbv7neon-unknown-linux-gnueabihf} (if the core has NEON), then the ARMv6
 * {@code arm-unknown-linux-gnueabihf}. An ARMv6 (or unknown) core gets only ARMv6 triples.
 */
public final class TargetTriples {

    private TargetTriples() {}

    /** The candidate triples for a platform, best first; empty if the loader knows none. */
    public static List<String> candidates(Platform p) {
        // if, not switches on the enums: each switch on an enum compiles to one more class to load on
        // every start
        Platform.Os os = p.os();
        if (os == Platform.Os.LINUX) {
            return linux(p);
        }
        if (os == Platform.Os.MACOS) {
            return forArch(p, "aarch64-apple-darwin", "x86_64-apple-darwin", null);
        }
        if (os == Platform.Os.WINDOWS) {
            if (p.arch() == Platform.Arch.AARCH64) {
                return Collections.singletonList("aarch64-pc-windows-msvc");
            }
            if (p.arch() == Platform.Arch.X86_64) {
                return Arrays.asList("x86_64-pc-windows-msvc", "x86_64-pc-windows-gnu");
            }
            if (p.arch() == Platform.Arch.X86) {
                return Arrays.asList("i686-pc-windows-msvc", "i686-pc-windows-gnu");
            }
            return Collections.emptyList();
        }
        if (os == Platform.Os.FREEBSD) {
            return forArch(p, "aarch64-unknown-freebsd", "x86_64-unknown-freebsd", "i686-unknown-freebsd");
        }
        return Collections.emptyList();
    }

    private static List<String> forArch(Platform p, String aarch64, String x8664, String x86) {
        String t = p.arch() == Platform.Arch.AARCH64
                ? aarch64
                : p.arch() == Platform.Arch.X86_64 ? x8664 : p.arch() == Platform.Arch.X86 ? x86 : null;
        return t == null ? Collections.<String>emptyList() : Collections.singletonList(t);
    }

    private static List<String> linux(Platform p) {
        List<String> out = new ArrayList<>();
        if (p.libc() == Platform.Libc.MUSL) {
            addLinux(out, p, "musl");
        } else if (p.libc() == Platform.Libc.GLIBC) {
            addLinux(out, p, "gnu");
        } else {
            // unknown C library: glibc is far more common; a wrong one simply fails to load
            addLinux(out, p, "gnu");
            addLinux(out, p, "musl");
        }
        return out;
    }

    private static void addLinux(List<String> out, Platform p, String env) {
        Platform.Arch arch = p.arch();
        if (arch == Platform.Arch.X86_64) {
            out.add("x86_64-unknown-linux-" + env);
        } else if (arch == Platform.Arch.X86) {
            out.add("i686-unknown-linux-" + env);
            out.add("i586-unknown-linux-" + env);
        } else if (arch == Platform.Arch.AARCH64) {
            out.add("aarch64-unknown-linux-" + env);
        } else if (arch == Platform.Arch.RISCV64) {
            out.add("riscv64gc-unknown-linux-" + env);
        } else if (arch == Platform.Arch.PPC64LE) {
            out.add("powerpc64le-unknown-linux-" + env);
        } else if (arch == Platform.Arch.S390X) {
            out.add("s390x-unknown-linux-" + env);
        } else if (arch == Platform.Arch.LOONGARCH64) {
            out.add("loongarch64-unknown-linux-" + env);
        } else if (arch == Platform.Arch.ARM) {
            addArm(out, p, env);
        }
    }

    private static void addArm(List<String> out, Platform p, String env) {
        boolean v7 = p.armVersion() >= 7;
        if (p.floatAbi() != Platform.FloatAbi.SOFT) {
            // hard-float, or unknown: on glibc, ld.so refuses a library of the other float ABI
            String hf = env + "eabihf";
            if (v7) {
                out.add("armv7-unknown-linux-" + hf);
                if (p.neon() && env.equals("gnu")) {
                    out.add("thumbv7neon-unknown-linux-" + hf);
                }
            }
            out.add("arm-unknown-linux-" + hf);
        }
        if (p.floatAbi() != Platform.FloatAbi.HARD) {
            String sf = env + "eabi";
            if (v7) {
                out.add("armv7-unknown-linux-" + sf);
            }
            out.add("arm-unknown-linux-" + sf);
            out.add("armv5te-unknown-linux-" + sf);
        }
    }

    /**
     * The file name a Rust cdylib called {@code name} has on a triple: {@code lib<name>.so},
     * {@code lib<name>.dylib} on Apple, {@code <name>.dll} on Windows (Rust adds no "lib" there).
     */
    public static String libraryFileName(String triple, String name) {
        if (triple.contains("-windows")) {
            return name + ".dll";
        }
        if (triple.contains("-apple-")) {
            return "lib" + name + ".dylib";
        }
        return "lib" + name + ".so";
    }
}
