package dev.rustmaven.elf;

import java.util.Optional;

/**
 * The ELF file header: what kind of file this is and for which machine.
 *
 * @param elfClass 32 or 64
 * @param bigEndian whether the data encoding is big-endian (ELFDATA2MSB)
 * @param osAbi the {@code EI_OSABI} byte (0 = System V, 3 = GNU/Linux)
 * @param type the file type
 * @param rawType the {@code e_type} value as read
 * @param machine the {@code e_machine} value (ARM = 40, AArch64 = 183, x86-64 = 62)
 * @param flags the processor-specific {@code e_flags}
 * @param entry the entry point address, 0 when there is none
 */
public record ElfHeader(
        int elfClass, boolean bigEndian, int osAbi, ElfType type, int rawType, int machine, long flags, long entry) {

    public static final int EM_386 = 3;
    public static final int EM_ARM = 40;
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;
    public static final int EM_RISCV = 243;

    /** ARM {@code e_flags}: the EABI version sits in the top byte. */
    public static final long EF_ARM_EABIMASK = 0xFF000000L;
    public static final long EF_ARM_EABI_VER5 = 0x05000000L;
    public static final long EF_ARM_ABI_FLOAT_SOFT = 0x200;
    public static final long EF_ARM_ABI_FLOAT_HARD = 0x400;

    /** The kinds of ELF file ({@code e_type}). */
    public enum ElfType {
        NONE,
        /** A relocatable object, such as the members of a static library. */
        REL,
        /** An executable linked at a fixed address. */
        EXEC,
        /** A shared object or a position-independent executable. */
        DYN,
        CORE,
        /** A type outside the generic ones (OS or processor specific). */
        OTHER;

        static ElfType of(int value) {
            return value >= 0 && value <= 4 ? values()[value] : OTHER;
        }
    }

    public boolean isArm() {
        return machine == EM_ARM;
    }

    /** The ARM EABI version (5 for every current toolchain), 0 when not ARM or not EABI. */
    public int armEabiVersion() {
        return isArm() ? (int) ((flags & EF_ARM_EABIMASK) >>> 24) : 0;
    }

    /**
     * The float ABI in an ARM file's {@code e_flags}. Linkers set it in executables and shared
     * objects; relocatable objects often leave it out and say it in their build attributes only.
     */
    public Optional<ArmFloatAbi> armFloatFlag() {
        if (!isArm()) {
            return Optional.empty();
        }
        if ((flags & EF_ARM_ABI_FLOAT_HARD) != 0) {
            return Optional.of(ArmFloatAbi.HARD);
        }
        return (flags & EF_ARM_ABI_FLOAT_SOFT) != 0 ? Optional.of(ArmFloatAbi.SOFT) : Optional.empty();
    }

    /** The usual name of {@code machine}: {@code ARM}, {@code AArch64}, {@code x86-64}, ... */
    public String machineName() {
        return machineName(machine);
    }

    /** The usual name of an {@code e_machine} value, or {@code machine <n>} for one not listed here. */
    public static String machineName(int machine) {
        return switch (machine) {
            case EM_386 -> "i386";
            case EM_ARM -> "ARM";
            case EM_X86_64 -> "x86-64";
            case EM_AARCH64 -> "AArch64";
            case EM_RISCV -> "RISC-V";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 21 -> "PowerPC64";
            case 22 -> "S/390";
            case 258 -> "LoongArch";
            default -> "machine " + machine;
        };
    }

    /** For example {@code ELF32 ARM EABI5 hard-float}, {@code ELF64 AArch64} or {@code ELF64 x86-64}. */
    public String describe() {
        StringBuilder s = new StringBuilder("ELF").append(elfClass).append(' ').append(machineName());
        if (bigEndian) {
            s.append(" big-endian");
        }
        if (isArm()) {
            int eabi = armEabiVersion();
            s.append(eabi == 0 ? " non-EABI" : " EABI" + eabi);
            armFloatFlag().ifPresent(f -> s.append(' ').append(f.label()));
        }
        return s.toString();
    }
}
