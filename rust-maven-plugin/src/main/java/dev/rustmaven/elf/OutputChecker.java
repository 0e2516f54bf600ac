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
 * for musl executables; for linked outputs what the device's loader and kernel refuse (LOAD segments aligned
 * below the 16 KiB pages of a Raspberry Pi 5, text relocations, an executable stack, shared libraries the
 * target does not have); the member objects of a static library.
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

    /**
     * The smallest {@code p_align} of a LOAD segment an ARM or AArch64 output may have: the Raspberry Pi 5's
     * kernel (the 64-bit one, which its 32-bit Raspberry Pi OS boots too) uses 16 KiB pages. LLD's default
     * for both machines, what the plugin's linker front end produces, is 64 KiB.
     */
    static final long MIN_PAGE_ALIGNMENT = 0x4000;

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
            expected.glibcFloor().ifPresent(floor -> checkGlibcFloor(elf, expected, floor, problems));
        }
        if (rightMachine && kind == OutputKind.EXECUTABLE) {
            checkInterpreter(elf, expected, problems);
        }
        if (rightMachine) {
            checkPageAlignment(elf, expected, problems);
            checkTextRelocations(elf, expected, problems);
            checkExecutableStack(elf, expected, kind, problems);
            checkNeeded(elf, expected, kind, problems);
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

    private static void checkGlibcFloor(
            ElfFile elf, ElfExpectation expected, GlibcVersion floor, List<String> problems) {
        List<GlibcVersion> above = aboveFloor(elf, floor);
        if (above.isEmpty()) {
            return;
        }
        if (expected.floorAdvice().isPresent()) {
            problems.add(floorBroken(
                    elf, expected, floor, above, expected.floorAdvice().get()));
            return;
        }
        for (GlibcVersion v : above) {
            String version = v.symbolVersionName();
            List<String> symbols = elf.symbolsNeeding(version);
            problems.add(elf.name() + " needs " + version
                    + (symbols.isEmpty() ? "" : " (symbols: " + names(symbols) + ")") + " but the glibc floor is "
                    + floor + ": a system with glibc older than " + v + " refuses to load it (\"version `" + version
                    + "' not found\"); raise the glibc floor to " + v + " or avoid these symbols");
        }
    }

    /**
     * The message for {@code elf} when it needs a glibc newer than {@code floor}, else empty; the same words the
     * check itself uses, for callers that only warn.
     */
    public static Optional<String> floorExceeded(
            ElfFile elf, ElfExpectation expected, GlibcVersion floor, FloorAdvice advice) {
        List<GlibcVersion> above = aboveFloor(elf, floor);
        return above.isEmpty() ? Optional.empty() : Optional.of(floorBroken(elf, expected, floor, above, advice));
    }

    /** The glibc versions {@code elf} needs that are newer than {@code floor}, oldest first. */
    public static List<GlibcVersion> aboveFloor(ElfFile elf, GlibcVersion floor) {
        return elf.requiredGlibcVersions().stream()
                .filter(v -> v.isNewerThan(floor))
                .toList();
    }

    /**
     * One message for an output above its floor: the newest version it needs first, each version above the floor
     * with a few of its symbols, the floor and its setting, and what to do.
     */
    private static String floorBroken(
            ElfFile elf, ElfExpectation expected, GlibcVersion floor, List<GlibcVersion> above, FloorAdvice advice) {
        List<String> versions = new ArrayList<>();
        for (int i = above.size() - 1; i >= 0; i--) {
            String version = above.get(i).symbolVersionName();
            List<String> symbols = elf.symbolsNeeding(version);
            versions.add(version + (symbols.isEmpty() ? "" : " (" + names(symbols) + ")"));
        }
        GlibcVersion newest = above.get(above.size() - 1);
        String listed = versions.size() == 1
                ? versions.get(0)
                : String.join(", ", versions.subList(0, versions.size() - 1)) + " and "
                        + versions.get(versions.size() - 1);
        return elf.name() + " needs " + listed + " but the glibc floor of " + expected.triple() + " is " + floor + " ("
                + advice.setting() + "): a system with glibc older than " + newest + " refuses to load it (\"version `"
                + newest.symbolVersionName() + "' not found\"); "
                + advice.remedy().orElse("avoid these symbols")
                + ", or raise " + advice.setting() + " to " + newest;
    }

    private static void checkPageAlignment(ElfFile elf, ElfExpectation expected, List<String> problems) {
        if (!expected.isArmOrAarch64()) {
            return;
        }
        elf.segments().stream()
                .filter(s -> s.type() == Segment.PT_LOAD && s.align() < MIN_PAGE_ALIGNMENT)
                .mapToLong(Segment::align)
                .min()
                .ifPresent(align -> problems.add(elf.name() + " has LOAD segments aligned to " + formatSize(align)
                        + " (p_align 0x" + Long.toHexString(align) + ") but " + expected.triple()
                        + " code also runs on a Raspberry Pi 5, whose kernel uses 16 KiB pages: there the loader"
                        + " refuses it (\"ELF load command alignment not page-aligned\") or the kernel cannot map it;"
                        + " link with -z max-page-size=0x4000 or more (LLD's default for ARM and AArch64 is 64 KiB, so"
                        + " look for -z max-page-size or -z common-page-size in RUSTFLAGS and the linker's"
                        + " configuration)"));
    }

    private static void checkTextRelocations(ElfFile elf, ElfExpectation expected, List<String> problems) {
        if (elf.dynamic().textRelocations()) {
            problems.add(elf.name() + " has text relocations (DT_TEXTREL or DF_TEXTREL in DT_FLAGS): to load it on "
                    + expected.triple() + " the loader must make its code writable, which a system that forbids"
                    + " writable code (SELinux's execmod, hardened kernels) refuses, and which costs every process its"
                    + " own copy of that code; some code linked into it was not compiled position-independent:"
                    + " build C and assembly code with -fPIC, and do not link with -z notext");
        }
    }

    private static void checkExecutableStack(
            ElfFile elf, ElfExpectation expected, OutputKind kind, List<String> problems) {
        Optional<Boolean> executable = elf.executableStack();
        String what;
        if (executable.isPresent()) {
            if (!executable.get()) {
                return;
            }
            what = " asks for an executable stack (PT_GNU_STACK with PF_X)";
        } else if (expected.machine() != ElfHeader.EM_AARCH64) {
            // Without PT_GNU_STACK, glibc's loader and the kernel fall back to the architecture's default:
            // executable on 32-bit ARM (and x86), not on AArch64.
            what = " has no PT_GNU_STACK header, which on " + expected.triple() + " means an executable stack";
        } else {
            return;
        }
        String why = kind == OutputKind.SHARED_LIBRARY
                ? ": glibc 2.41 and newer (Raspberry Pi OS trixie) refuse to load such a library (\"cannot enable"
                        + " executable stack as shared object requires\"), older ones make the stacks of every thread"
                        + " of the JVM executable"
                : ": the program runs with an executable stack, which turns a stack overflow into code execution"
                        + " and which hardened kernels refuse";
        problems.add(elf.name() + what + why + "; link with -z noexecstack and give assembly files a"
                + " .note.GNU-stack section (.section .note.GNU-stack,\"\",%progbits)");
    }

    private static void checkNeeded(ElfFile elf, ElfExpectation expected, OutputKind kind, List<String> problems) {
        if (expected.libc() == Libc.MUSL) {
            if (kind == OutputKind.EXECUTABLE && elf.interpreter().isPresent()) {
                return; // reported as a dynamically linked musl executable
            }
            for (String library : elf.needed()) {
                problems.add(elf.name() + " needs the shared library " + library + " (DT_NEEDED) but "
                        + expected.triple() + " outputs are static and need none: a Raspberry Pi has no musl"
                        + " libraries to load it with; link it statically (-C target-feature=+crt-static, the default"
                        + " for musl)");
            }
            return;
        }
        if (expected.libc() != Libc.GNU) {
            return;
        }
        NeededLibraries allowed = expected.neededLibraries();
        for (String library : elf.needed()) {
            if (!allowed.allows(library)) {
                problems.add(elf.name() + " needs " + library + " (DT_NEEDED), which is not part of glibc and which"
                        + " no build script declared: " + expected.triple() + " outputs may need only "
                        + String.join(", ", allowed.systemSorted()) + " and the libraries build scripts declare"
                        + " (cargo:rustc-link-lib), so a system without " + library + " refuses to load it (\""
                        + library + ": cannot open shared object file\"); link that library statically or drop it,"
                        + " or, if every Pi it runs on has it installed, declare it from the crate's build script"
                        + " (cargo:rustc-link-lib=" + linkName(library) + ")");
            }
        }
    }

    /** {@code z} for {@code libz.so.1}: the name {@code -l} takes. */
    static String linkName(String library) {
        String name = library;
        int so = name.indexOf(".so");
        if (so > 0) {
            name = name.substring(0, so);
        }
        return name.startsWith("lib") && name.length() > 3 ? name.substring(3) : name;
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
