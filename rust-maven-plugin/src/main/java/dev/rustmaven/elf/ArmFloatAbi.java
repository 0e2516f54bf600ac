package dev.rustmaven.elf;

/** How an ARM file passes floating point values: in VFP registers (hard-float) or core registers (soft-float). */
public enum ArmFloatAbi {
    HARD,
    SOFT;

    /** {@code hard-float} or {@code soft-float}, as {@code readelf} says it. */
    public String label() {
        return this == HARD ? "hard-float" : "soft-float";
    }
}
