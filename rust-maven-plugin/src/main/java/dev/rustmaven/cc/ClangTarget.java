package dev.rustmaven.cc;

import dev.rustmaven.elf.ArmFloatAbi;
import dev.rustmaven.triple.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * The clang flags that make C code match a Rust target: the target triple, and on 32-bit ARM the
 * architecture version, the instruction set and the float ABI rustc itself uses for that triple (so that
 * an ARMv6 triple never gets ARMv7 code from C, and hard-float code passes floats as Rust expects).
 */
public final class ClangTarget {

    private ClangTarget() {}

    /** The triple clang is given: Rust's, except where the two spell an architecture differently. */
    public static String clangTriple(Target target) {
        String triple = target.triple();
        if (triple.startsWith("riscv64gc-")) {
            return "riscv64-" + triple.substring("riscv64gc-".length());
        }
        return triple;
    }

    /**
     * {@code --target=<triple>} and, for ARM, {@code -march}, {@code -marm}/{@code -mthumb}, {@code -mfpu}
     * and {@code -mfloat-abi}, matching rustc's target features: ARMv7 with VFPv3-D16 (no NEON) for the
     * {@code armv7} triples, ARMv6 with VFPv2 and ARM instructions for the {@code arm} triples (the Pi Zero
     * and Pi 1), NEON for {@code thumbv7neon}.
     */
    public static List<String> flags(Target target) {
        List<String> flags = new ArrayList<>();
        flags.add("--target=" + clangTriple(target));
        Target.Facts facts = target.facts().orElse(null);
        if (facts == null || facts.floatAbi().isEmpty()) {
            return flags;
        }
        boolean hard = facts.floatAbi().get() == ArmFloatAbi.HARD;
        if (target.triple().startsWith("thumbv7neon")) {
            flags.addAll(List.of("-march=armv7-a", "-mthumb", "-mfpu=neon-vfpv4"));
        } else if (facts.armArchitecture() >= 7) {
            flags.add("-march=armv7-a");
            if (hard) {
                flags.add("-mfpu=vfpv3-d16");
            }
        } else {
            // The Pi Zero and Pi 1 (ARM1176JZF-S): ARMv6, no Thumb-2, VFPv2.
            flags.addAll(List.of("-march=armv6", "-marm"));
            if (hard) {
                flags.add("-mfpu=vfp");
            }
        }
        flags.add(hard ? "-mfloat-abi=hard" : "-mfloat-abi=soft");
        return flags;
    }
}
