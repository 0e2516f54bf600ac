package dev.rustmaven.elf;

import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.triple.Target;
import dev.rustmaven.triple.Target.Libc;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an output built for one target must look like. Made from the target's facts with
 * {@link #forTarget(Target, Optional)}.
 *
 * @param triple the target triple, for messages and the summary line
 * @param elfClass 32 or 64
 * @param bigEndian whether the data must be big-endian
 * @param machine the {@code e_machine} value
 * @param floatAbi the ARM float ABI, empty when not ARM
 * @param maxArmArch the newest ARM architecture version the code may need (6 or 7), 0 when not ARM
 * @param libc the target's C library
 * @param glibcFloor the oldest glibc the output must load with (gnu targets); empty means no check
 * @param requireSoname whether a shared library must carry a {@code DT_SONAME}
 * @param dynamicLinker the program interpreter a dynamically linked executable must name, or empty
 *     for no check
 * @param neededLibraries the shared libraries ({@code DT_NEEDED}) outputs may need
 * @param floorAdvice how a message about the glibc floor names its setting and what to do; empty for plain
 *     words
 */
public record ElfExpectation(
        String triple,
        int elfClass,
        boolean bigEndian,
        int machine,
        Optional<ArmFloatAbi> floatAbi,
        int maxArmArch,
        Libc libc,
        Optional<GlibcVersion> glibcFloor,
        boolean requireSoname,
        Optional<String> dynamicLinker,
        NeededLibraries neededLibraries,
        Optional<FloorAdvice> floorAdvice) {

    public ElfExpectation {
        Objects.requireNonNull(triple, "triple");
        Objects.requireNonNull(floatAbi, "floatAbi");
        Objects.requireNonNull(libc, "libc");
        Objects.requireNonNull(glibcFloor, "glibcFloor");
        Objects.requireNonNull(dynamicLinker, "dynamicLinker");
        Objects.requireNonNull(neededLibraries, "neededLibraries");
        Objects.requireNonNull(floorAdvice, "floorAdvice");
        if (elfClass != 32 && elfClass != 64) {
            throw new IllegalArgumentException("elfClass must be 32 or 64, not " + elfClass);
        }
    }

    /**
     * The expectation for outputs of {@code target}: its ELF class, byte order and machine; for ARM its
     * float ABI and architecture version (ARMv6 targets such as {@code arm-unknown-linux-gnueabihf} may not
     * need more than ARMv6); for gnu targets the glibc floor; a SONAME on shared libraries; for gnu targets
     * no shared libraries but glibc's and the loader, for musl targets none.
     *
     * @param glibcFloor the glibc floor for a gnu target; ignored for other targets
     * @throws IllegalArgumentException when the plugin knows no facts for the target
     */
    public static ElfExpectation forTarget(Target target, Optional<GlibcVersion> glibcFloor) {
        Target.Facts f = target.facts()
                .orElseThrow(() -> new IllegalArgumentException("no ELF facts are known for" + " target '"
                        + target.triple() + "', so its outputs cannot be checked"));
        return new ElfExpectation(
                target.triple(),
                f.elfClass(),
                f.bigEndian(),
                f.elfMachine(),
                f.floatAbi(),
                f.armArchitecture(),
                f.libc(),
                f.libc() == Libc.GNU ? glibcFloor : Optional.empty(),
                true,
                f.dynamicLinker().isEmpty() ? Optional.empty() : Optional.of(f.dynamicLinker()),
                NeededLibraries.forLibc(f.libc(), f.dynamicLinker()),
                Optional.empty());
    }

    /** This expectation with the SONAME requirement switched on or off. */
    public ElfExpectation withRequireSoname(boolean require) {
        return new ElfExpectation(
                triple,
                elfClass,
                bigEndian,
                machine,
                floatAbi,
                maxArmArch,
                libc,
                glibcFloor,
                require,
                dynamicLinker,
                neededLibraries,
                floorAdvice);
    }

    /** This expectation with another glibc floor. */
    public ElfExpectation withGlibcFloor(Optional<GlibcVersion> floor) {
        return new ElfExpectation(
                triple,
                elfClass,
                bigEndian,
                machine,
                floatAbi,
                maxArmArch,
                libc,
                floor,
                requireSoname,
                dynamicLinker,
                neededLibraries,
                floorAdvice);
    }

    /** This expectation with the glibc floor's setting and remedy for messages. */
    public ElfExpectation withFloorAdvice(FloorAdvice advice) {
        return new ElfExpectation(
                triple,
                elfClass,
                bigEndian,
                machine,
                floatAbi,
                maxArmArch,
                libc,
                glibcFloor,
                requireSoname,
                dynamicLinker,
                neededLibraries,
                Optional.of(advice));
    }

    /**
     * This expectation allowing also the libraries build scripts declared, by link name ({@code stdc++} for
     * {@code libstdc++.so.6}).
     */
    public ElfExpectation withDeclaredLibraries(Set<String> linkNames) {
        return new ElfExpectation(
                triple,
                elfClass,
                bigEndian,
                machine,
                floatAbi,
                maxArmArch,
                libc,
                glibcFloor,
                requireSoname,
                dynamicLinker,
                neededLibraries.withDeclared(linkNames),
                floorAdvice);
    }

    public boolean isArm() {
        return machine == ElfHeader.EM_ARM;
    }

    /** Whether the machine is 32-bit ARM or AArch64: a Raspberry Pi. */
    public boolean isArmOrAarch64() {
        return machine == ElfHeader.EM_ARM || machine == ElfHeader.EM_AARCH64;
    }
}
