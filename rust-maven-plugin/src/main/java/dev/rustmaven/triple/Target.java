package dev.rustmaven.triple;

import dev.rustmaven.elf.ArmFloatAbi;
import dev.rustmaven.elf.ElfHeader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Rust target triple and everything the plugin derives from it: which libc it uses, what its ELF
 * outputs must look like, which LLD emulation links it and which dynamic loader its executables name.
 *
 * <p>The facts come from one table ({@link #KNOWN}); a triple rustc knows but the table does not is
 * still a {@code Target} (cargo can build it) but has no {@link #facts()}, so the plugin neither links
 * nor checks its outputs itself.
 */
public record Target(String triple, String arch, String vendor, String os, String env, Optional<Facts> facts) {

    /** The C library a target links against. */
    public enum Libc {
        GNU,
        MUSL,
        OTHER
    }

    /**
     * What the plugin knows about a target.
     *
     * @param libc the C library
     * @param elfClass 32 or 64
     * @param bigEndian whether the ELF data encoding is big-endian
     * @param elfMachine the ELF {@code e_machine} value, such as {@link ElfHeader#EM_ARM}
     * @param floatAbi how a 32-bit ARM target passes floating point values; empty when not ARM
     * @param armArchitecture the ARM architecture version the code may use (6 or 7), 0 when not ARM
     * @param lldEmulation the emulation name given to {@code ld.lld -m}
     * @param dynamicLinker the program interpreter of dynamically linked executables
     * @param glibcAbi the name of the glibc ABI data set for gnu targets ({@code arm}, {@code aarch64}), else empty
     * @param debianCpu the CPU part of Debian's multiarch tuples for this architecture ({@code arm},
     *     {@code aarch64}, {@code i386}), where a Debian root keeps the target's libraries and crt files
     */
    public record Facts(
            Libc libc,
            int elfClass,
            boolean bigEndian,
            int elfMachine,
            Optional<ArmFloatAbi> floatAbi,
            int armArchitecture,
            String lldEmulation,
            String dynamicLinker,
            String glibcAbi,
            String debianCpu) {}

    private static final Map<String, Facts> KNOWN = new LinkedHashMap<>();

    static {
        // Raspberry Pi targets first: they are what this plugin is for.
        arm("armv7-unknown-linux-gnueabihf", Libc.GNU, ArmFloatAbi.HARD, 7, "/lib/ld-linux-armhf.so.3");
        arm("armv7-unknown-linux-musleabihf", Libc.MUSL, ArmFloatAbi.HARD, 7, "/lib/ld-musl-armhf.so.1");
        arm("arm-unknown-linux-gnueabihf", Libc.GNU, ArmFloatAbi.HARD, 6, "/lib/ld-linux-armhf.so.3");
        arm("arm-unknown-linux-musleabihf", Libc.MUSL, ArmFloatAbi.HARD, 6, "/lib/ld-musl-armhf.so.1");
        arm("arm-unknown-linux-gnueabi", Libc.GNU, ArmFloatAbi.SOFT, 6, "/lib/ld-linux.so.3");
        arm("arm-unknown-linux-musleabi", Libc.MUSL, ArmFloatAbi.SOFT, 6, "/lib/ld-musl-arm.so.1");
        arm("armv7-unknown-linux-gnueabi", Libc.GNU, ArmFloatAbi.SOFT, 7, "/lib/ld-linux.so.3");
        arm("armv7-unknown-linux-musleabi", Libc.MUSL, ArmFloatAbi.SOFT, 7, "/lib/ld-musl-arm.so.1");
        arm("thumbv7neon-unknown-linux-gnueabihf", Libc.GNU, ArmFloatAbi.HARD, 7, "/lib/ld-linux-armhf.so.3");
        other(
                "aarch64-unknown-linux-gnu",
                Libc.GNU,
                64,
                ElfHeader.EM_AARCH64,
                "aarch64linux",
                "/lib/ld-linux-aarch64.so.1",
                "aarch64",
                "aarch64");
        other(
                "aarch64-unknown-linux-musl",
                Libc.MUSL,
                64,
                ElfHeader.EM_AARCH64,
                "aarch64linux",
                "/lib/ld-musl-aarch64.so.1",
                "",
                "aarch64");
        other(
                "x86_64-unknown-linux-gnu",
                Libc.GNU,
                64,
                ElfHeader.EM_X86_64,
                "elf_x86_64",
                "/lib64/ld-linux-x86-64.so.2",
                "x86_64",
                "x86_64");
        other(
                "x86_64-unknown-linux-musl",
                Libc.MUSL,
                64,
                ElfHeader.EM_X86_64,
                "elf_x86_64",
                "/lib/ld-musl-x86_64.so.1",
                "",
                "x86_64");
        other(
                "i686-unknown-linux-gnu",
                Libc.GNU,
                32,
                ElfHeader.EM_386,
                "elf_i386",
                "/lib/ld-linux.so.2",
                "i686",
                "i386");
        other(
                "i686-unknown-linux-musl",
                Libc.MUSL,
                32,
                ElfHeader.EM_386,
                "elf_i386",
                "/lib/ld-musl-i386.so.1",
                "",
                "i386");
        other(
                "riscv64gc-unknown-linux-gnu",
                Libc.GNU,
                64,
                ElfHeader.EM_RISCV,
                "elf64lriscv",
                "/lib/ld-linux-riscv64-lp64d.so.1",
                "riscv64",
                "riscv64");
        other(
                "riscv64gc-unknown-linux-musl",
                Libc.MUSL,
                64,
                ElfHeader.EM_RISCV,
                "elf64lriscv",
                "/lib/ld-musl-riscv64.so.1",
                "",
                "riscv64");
    }

    private static void arm(String triple, Libc libc, ArmFloatAbi floatAbi, int armArch, String loader) {
        KNOWN.put(
                triple,
                new Facts(
                        libc,
                        32,
                        false,
                        ElfHeader.EM_ARM,
                        Optional.of(floatAbi),
                        armArch,
                        "armelf_linux_eabi",
                        loader,
                        libc == Libc.GNU ? "arm" : "",
                        "arm"));
    }

    private static void other(
            String triple,
            Libc libc,
            int elfClass,
            int machine,
            String emulation,
            String loader,
            String glibcAbi,
            String debianCpu) {
        KNOWN.put(
                triple,
                new Facts(libc, elfClass, false, machine, Optional.empty(), 0, emulation, loader, glibcAbi, debianCpu));
    }

    public Target {
        Objects.requireNonNull(triple, "triple");
        Objects.requireNonNull(facts, "facts");
    }

    /**
     * Parses a target triple such as {@code armv7-unknown-linux-gnueabihf}. Whether rustc knows the
     * triple is checked elsewhere (against {@code rustc --print target-list}).
     *
     * @throws IllegalArgumentException when the text cannot be a triple
     */
    public static Target parse(String text) {
        String triple = text == null ? "" : text.trim();
        if (triple.isEmpty()) {
            throw new IllegalArgumentException("an empty target triple was given");
        }
        if (isTargetSpecFile(triple)) {
            return new Target(triple, "", "", "", "", Optional.empty());
        }
        if (!triple.matches("[A-Za-z0-9_.]+(-[A-Za-z0-9_.]+){1,3}")) {
            throw new IllegalArgumentException("'" + text + "' is not a target triple: expected"
                    + " <arch>-<vendor>-<os>[-<env>], for example armv7-unknown-linux-gnueabihf");
        }
        String[] parts = triple.split("-");
        String arch = parts[0];
        String vendor = parts.length > 2 ? parts[1] : "unknown";
        String os = parts.length > 2 ? parts[2] : parts[1];
        String env = parts.length > 3 ? parts[3] : "";
        return new Target(triple, arch, vendor, os, env, Optional.ofNullable(KNOWN.get(triple)));
    }

    /** Whether {@code triple} names a custom target specification file rather than a built-in target. */
    public static boolean isTargetSpecFile(String triple) {
        return triple.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** The triples whose facts the plugin knows, in the order of the table. */
    public static Set<String> knownTriples() {
        return KNOWN.keySet();
    }

    public boolean isKnown() {
        return facts.isPresent();
    }

    /** Whether this target links against glibc ({@code *-linux-gnu*}). */
    public boolean isGnu() {
        return facts.map(f -> f.libc() == Libc.GNU).orElse(os.equals("linux") && env.startsWith("gnu"));
    }

    /**
     * Debian's multiarch tuple for this target ({@code arm-linux-gnueabihf}, {@code aarch64-linux-gnu}): the
     * directory under {@code usr/lib} where a Debian or Raspberry Pi OS root keeps the target's libraries and
     * C start files. For a target the table does not know, its own architecture stands in.
     */
    public String debianMultiarch() {
        return facts.map(Facts::debianCpu).orElse(arch) + "-" + os + "-" + env;
    }

    /**
     * Debian's name for the architecture whose packages hold this target's headers and libraries
     * ({@code armhf}, {@code armel}, {@code arm64}, {@code amd64}, {@code i386}, {@code riscv64}); empty for
     * a target the table does not know.
     */
    public Optional<String> debianArchitecture() {
        return facts.map(f -> switch (f.debianCpu()) {
            case "arm" -> f.floatAbi().orElse(ArmFloatAbi.SOFT) == ArmFloatAbi.HARD ? "armhf" : "armel";
            case "aarch64" -> "arm64";
            case "x86_64" -> "amd64";
            default -> f.debianCpu();
        });
    }

    /** Whether this target links against musl ({@code *-linux-musl*}). */
    public boolean isMusl() {
        return facts.map(f -> f.libc() == Libc.MUSL).orElse(env.startsWith("musl"));
    }

    /**
     * The name cargo uses for this target in environment variables, as in
     * {@code CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER}.
     */
    public String cargoEnvName() {
        return triple.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    @Override
    public String toString() {
        return triple;
    }
}
