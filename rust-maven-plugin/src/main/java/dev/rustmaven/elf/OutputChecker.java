package dev.rustmaven.elf;

import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.triple.Target.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a native output against what its target needs: ELF class, byte order and machine; on ARM
 * the EABI version, float ABI and architecture (an ARMv6 target's code must not need ARMv7); glibc
 * symbol versions within the glibc floor and a SONAME for shared libraries; no program interpreter
 * for musl executables; the member objects of a static library.
 *
 * <pre>{@code
 * OutputCheck result = OutputChecker.check(file, ElfExpectation.forTarget(target, floor), OutputKind.SHARED_LIBRARY);
 * log.info(result.summary());
 * result.problems().forEach(log::error);
 * }</pre>
 */
public final class OutputChecker {

    /** How many symbol or member names a message lists before saying "and N more". */
    private static final int NAMES_SHOWN = 8;

    private OutputChecker() {}

    /**
     * Reads and checks one output file. A file that is not a well-formed ELF file or archive is
     * reported as a problem, not thrown.
     *
     * @throws IOException when the file cannot be read at all
     */
    public static OutputCheck check(Path file, ElfExpectation expected, OutputKind kind) throws IOException {
        String name = ElfFile.fileName(file);
        long size = Files.size(file);
        try {
            if (kind == OutputKind.STATIC_LIBRARY) {
                return checkArchive(file, ArArchive.read(file).elfMembers(), expected, size);
            }
            return check(file, ElfFile.read(file), expected, kind);
        } catch (ElfFormatException e) {
            String what = kind == OutputKind.STATIC_LIBRARY ? "static library (ar archive)" : "ELF file";
            return new OutputCheck(
                    file,
                    summary(name, expected, "unreadable", "", size),
                    List.of(name + " is not a readable " + what + " (" + e.getMessage() + "): it is not a usable output"
                            + " for " + expected.triple()));
        }
    }

    /** Checks an ELF file already read; {@code file} is used for the result only. */
    public static OutputCheck check(Path file, ElfFile elf, ElfExpectation expected, OutputKind kind) {
        List<String> problems = new ArrayList<>();
        for (Finding f : identity(elf, expected)) {
            problems.add(elf.name() + " " + f.text());
        }
        boolean rightMachine = elf.header().machine() == expected.machine();
        checkType(elf, kind, problems);
        if (rightMachine
                && kind == OutputKind.SHARED_LIBRARY
                && expected.requireSoname()
                && elf.soname().isEmpty()) {
            problems.add(elf.name() + " has no SONAME (DT_SONAME): Java's System.load does not need one, but native"
                    + " code linked against it would record the build path instead of the library's name; link with"
                    + " -Wl,-soname," + elf.name());
        }
        if (rightMachine && expected.libc() == Libc.GNU && elf.isDynamicallyLinked()) {
            expected.glibcFloor().ifPresent(floor -> checkGlibcFloor(elf, floor, problems));
        }
        if (rightMachine && kind == OutputKind.EXECUTABLE) {
            checkInterpreter(elf, expected, problems);
        }
        return new OutputCheck(
                file,
                summary(elf.name(), expected, elf.describe(), linkage(elf, expected, kind), elf.size()),
                problems);
    }

    private static OutputCheck checkArchive(Path file, List<ElfFile> members, ElfExpectation expected, long size) {
        String name = ElfFile.fileName(file);
        if (members.isEmpty()) {
            return new OutputCheck(
                    file,
                    summary(name, expected, "no objects", "staticlib", size),
                    List.of(name + " holds no ELF object files: expected relocatable objects for "
                            + expected.triple()));
        }
        // One message per distinct finding, naming the members it applies to, rather than one per member.
        Map<String, List<String>> membersByFinding = new LinkedHashMap<>();
        for (ElfFile member : members) {
            List<Finding> findings = new ArrayList<>(identity(member, expected));
            if (member.header().type() != ElfHeader.ElfType.REL) {
                findings.add(new Finding("is a " + member.header().type() + " file, not a relocatable object (REL)"));
            }
            for (Finding f : findings) {
                membersByFinding
                        .computeIfAbsent(f.text(), k -> new ArrayList<>())
                        .add(memberName(member));
            }
        }
        List<String> problems = new ArrayList<>();
        membersByFinding.forEach((text, names) -> problems.add(name + " member " + names.get(0)
                + (names.size() > 1 ? " (and " + (names.size() - 1) + " more of " + members.size() + " members)" : "")
                + " " + text));
        return new OutputCheck(
                file,
                summary(
                        name,
                        expected,
                        members.get(0).describe(),
                        "staticlib " + members.size() + (members.size() == 1 ? " object" : " objects"),
                        size),
                problems);
    }

    private static String memberName(ElfFile member) {
        String n = member.name();
        int open = n.indexOf('(');
        return open >= 0 && n.endsWith(")") ? n.substring(open + 1, n.length() - 1) : n;
    }

    /** A problem as a predicate on its subject: "is ELF64 but ...". */
    private record Finding(String text) {}

    /** Class, byte order, machine and for ARM the EABI version, float ABI and architecture. */
    private static List<Finding> identity(ElfFile elf, ElfExpectation expected) {
        List<Finding> findings = new ArrayList<>();
        ElfHeader h = elf.header();
        String triple = expected.triple();
        if (h.elfClass() != expected.elfClass()) {
            findings.add(new Finding("is ELF" + h.elfClass() + " but " + triple + " needs ELF" + expected.elfClass()
                    + ": it was built for another target"));
        }
        if (h.bigEndian() != expected.bigEndian()) {
            findings.add(new Finding("is " + endian(h.bigEndian()) + " but " + triple + " is "
                    + endian(expected.bigEndian()) + ": it was built for another target"));
        }
        if (h.machine() != expected.machine()) {
            findings.add(new Finding("is for " + h.machineName() + " (e_machine " + h.machine() + ") but " + triple
                    + " needs " + ElfHeader.machineName(expected.machine()) + " (e_machine " + expected.machine()
                    + "): it was built for another target and cannot load there"));
            return findings;
        }
        if (expected.isArm()) {
            if (h.armEabiVersion() != 5) {
                findings.add(new Finding("is not an EABI5 object (e_flags 0x" + Long.toHexString(h.flags())
                        + ", EABI version " + h.armEabiVersion() + ") but Linux on ARM (" + triple
                        + ") needs EABI5: it was not made by a current ARM toolchain"));
            }
            checkArmFloat(elf, expected, findings);
            elf.armAttributes().ifPresent(a -> checkArmArchitecture(a, expected, findings));
        }
        return findings;
    }

    private static void checkArmFloat(ElfFile elf, ElfExpectation expected, List<Finding> findings) {
        if (expected.floatAbi().isEmpty()) {
            return;
        }
        ArmFloatAbi wanted = expected.floatAbi().get();
        elf.armFloatAbi()
                .filter(found -> found != wanted)
                .ifPresent(found -> findings.add(new Finding("uses the "
                        + found.label() + " ABI (e_flags 0x"
                        + Long.toHexString(elf.header().flags())
                        + elf.armAttributes()
                                .map(a -> ", Tag_ABI_VFP_args " + a.abiVfpArgs())
                                .orElse("")
                        + ") but " + expected.triple() + " is " + wanted.label() + ": a " + wanted.label()
                        + " system's loader refuses it, or floating point arguments arrive in the wrong registers")));
    }

    private static void checkArmArchitecture(ArmAttributes a, ElfExpectation expected, List<Finding> findings) {
        int max = expected.maxArmArch();
        if (max <= 0) {
            return;
        }
        List<String> reasons = new ArrayList<>();
        if (!fitsArchitecture(a.cpuArch(), max)) {
            reasons.add("Tag_CPU_arch " + a.cpuArchName());
        }
        if (max == 6) {
            // ARM1176JZF-S (Raspberry Pi 1 and Zero): VFPv2, no NEON, no Thumb-2.
            if (a.fpArch() > 2) {
                reasons.add("Tag_FP_arch " + a.fpArchName());
            }
            if (a.advancedSimdArch() != 0) {
                reasons.add("NEON (Tag_Advanced_SIMD_arch " + a.advancedSimdArch() + ")");
            }
            if (a.thumbIsaUse() == 2) {
                reasons.add("Thumb-2");
            }
        }
        if (!reasons.isEmpty()) {
            String cpus = max == 6 ? "ARMv6 (ARM1176, Raspberry Pi 1 and Zero)" : "ARMv" + max;
            findings.add(new Finding("needs a newer CPU than ARMv" + max + " (" + String.join(", ", reasons) + ") but "
                    + expected.triple() + " targets " + cpus + ": it dies there with SIGILL (illegal instruction);"
                    + " check RUSTFLAGS for -C target-cpu or -C target-feature and any C code built into it"));
        }
    }

    /** Whether code for {@code Tag_CPU_arch} value {@code cpuArch} runs on an A-profile core of ARM version {@code max}. */
    public static boolean fitsArchitecture(int cpuArch, int max) {
        if (max >= 8) {
            return true;
        }
        if (max == 7) {
            return cpuArch <= 13;
        }
        // v6T2 (8) brings Thumb-2, which the ARM1176 lacks; the M profiles (11, 12) are subsets.
        boolean v6Family = cpuArch <= ArmAttributes.CPU_ARCH_V6KZ
                || cpuArch == ArmAttributes.CPU_ARCH_V6K
                || cpuArch == 11
                || cpuArch == 12;
        return max == 6 ? v6Family : cpuArch <= 5;
    }

    private static void checkType(ElfFile elf, OutputKind kind, List<String> problems) {
        ElfHeader.ElfType type = elf.header().type();
        if (kind == OutputKind.SHARED_LIBRARY
                && (type != ElfHeader.ElfType.DYN || elf.interpreter().isPresent())) {
            problems.add(elf.name() + " is "
                    + (type == ElfHeader.ElfType.DYN ? "a position-independent executable" : "of type " + type)
                    + ", not a shared library (DYN without an interpreter): check the crate's"
                    + " crate-type (cdylib)");
        } else if (kind == OutputKind.EXECUTABLE && type != ElfHeader.ElfType.EXEC && type != ElfHeader.ElfType.DYN) {
            problems.add(elf.name() + " is of type " + type + ", not an executable (EXEC or position-independent DYN)");
        }
    }

    private static void checkGlibcFloor(ElfFile elf, GlibcVersion floor, List<String> problems) {
        for (GlibcVersion v : elf.requiredGlibcVersions()) {
            if (v.isNewerThan(floor)) {
                String version = v.symbolVersionName();
                List<String> symbols = elf.symbolsNeeding(version);
                problems.add(elf.name() + " needs " + version
                        + (symbols.isEmpty() ? "" : " (symbols: " + names(symbols) + ")") + " but the glibc floor is "
                        + floor + ": a system with glibc older than " + v + " refuses to load it (\"version `" + version
                        + "' not found\"); raise the glibc floor to " + v + " or avoid these symbols");
            }
        }
    }

    private static void checkInterpreter(ElfFile elf, ElfExpectation expected, List<String> problems) {
        Optional<String> interpreter = elf.interpreter();
        if (expected.libc() == Libc.MUSL) {
            interpreter.ifPresent(i -> problems.add(elf.name() + " is dynamically linked (interpreter " + i
                    + ") but " + expected.triple() + " executables are expected to be static: a glibc system such as"
                    + " Raspberry Pi OS has no musl loader, so it fails to start with \"No such file or directory\""));
        } else if (expected.libc() == Libc.GNU
                && interpreter.isPresent()
                && expected.dynamicLinker().isPresent()
                && !interpreter.get().equals(expected.dynamicLinker().get())) {
            problems.add(elf.name() + " names the interpreter " + interpreter.get() + " but " + expected.triple()
                    + " systems load programs with " + expected.dynamicLinker().get()
                    + ": it fails to start there with \"No such file or directory\"");
        }
    }

    private static String linkage(ElfFile elf, ElfExpectation expected, OutputKind kind) {
        if (kind == OutputKind.EXECUTABLE && elf.isStaticExecutable()) {
            return "static";
        }
        if (!elf.isDynamicallyLinked() && elf.header().type() != ElfHeader.ElfType.DYN) {
            return "static";
        }
        if (expected.libc() == Libc.GNU) {
            return elf.highestGlibcVersion().map(v -> "glibc>=" + v).orElse("glibc (no versioned symbols)");
        }
        return "dynamic";
    }

    private static String names(List<String> names) {
        if (names.size() <= NAMES_SHOWN) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, NAMES_SHOWN)) + " and " + (names.size() - NAMES_SHOWN) + " more";
    }

    private static String endian(boolean big) {
        return big ? "big-endian" : "little-endian";
    }

    private static String summary(String name, ElfExpectation expected, String identity, String linkage, long size) {
        StringBuilder s = new StringBuilder(name)
                .append("  ")
                .append(expected.triple())
                .append("  ")
                .append(identity);
        if (!linkage.isEmpty()) {
            s.append("  ").append(linkage);
        }
        return s.append("  ").append(formatSize(size)).toString();
    }

    /** {@code 928 B}, {@code 412 KiB}, {@code 3.4 MiB}. */
    static String formatSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return Math.round(bytes / 1024.0) + " KiB";
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
