package dev.rustmaven.elf;

/**
 * How 32-bit ARM code passes floating point values: in VFP registers (hard-float, {@code gnueabihf}) or
 * core registers (soft-float, {@code gnueabi}). The plugin's one float-ABI vocabulary: what a target
 * triple promises ({@code Target.Facts#floatAbi()}), what an output must use ({@link ElfExpectation})
 * and what a file says ({@link ElfHeader#armFloatFlag()}, {@link ElfFile#armFloatAbi()}).
 */
public enum ArmFloatAbi {
    HARD,
    SOFT;

    /** {@code hard-float} or {@code soft-float}, as {@code readelf} says it. */
    public String label() {
        return this == HARD ? "hard-float" : "soft-float";
    }
}
