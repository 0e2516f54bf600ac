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

    /** The four bytes {@code \x7fELF} every ELF file starts with, read as a big-endian number. */
    public static final int ELF_MAGIC = 0x7f454c46;
    /** The size of {@code e_ident}, the identification bytes before the header fields. */
    public static final int EI_NIDENT = 16;
    /** {@code e_ident} index of the class: {@link #ELFCLASS32} or {@link #ELFCLASS64}. */
    public static final int EI_CLASS = 4;
    /** {@code e_ident} index of the data encoding: {@link #ELFDATA2LSB} or {@link #ELFDATA2MSB}. */
    public static final int EI_DATA = 5;
    /** {@code e_ident} index of the file version, {@link #EV_CURRENT}. */
    public static final int EI_VERSION = 6;
    /** {@code e_ident} index of the OS ABI (0 = System V, 3 = GNU/Linux). */
    public static final int EI_OSABI = 7;

    public static final int ELFCLASS32 = 1;
    public static final int ELFCLASS64 = 2;
    /** Little-endian data. */
    public static final int ELFDATA2LSB = 1;
    /** Big-endian data. */
    public static final int ELFDATA2MSB = 2;
    /** The only ELF version, in {@code e_ident} and {@code e_version}. */
    public static final int EV_CURRENT = 1;

    /** {@code e_type} values; see {@link ElfType}. */
    public static final int ET_NONE = 0;

    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int ET_CORE = 4;

    /** {@code e_machine} values. */
    public static final int EM_386 = 3;

    public static final int EM_MIPS = 8;
    public static final int EM_PPC = 20;
    public static final int EM_PPC64 = 21;
    public static final int EM_S390 = 22;
    public static final int EM_ARM = 40;
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;
    public static final int EM_RISCV = 243;
    public static final int EM_LOONGARCH = 258;

    /** ARM {@code e_flags}: the EABI version sits in the top byte. */
    public static final long EF_ARM_EABIMASK = 0xFF000000L;

    public static final long EF_ARM_EABI_VER5 = 0x05000000L;
    /** ARM {@code e_flags}: floating point arguments in core registers (gnueabi). */
    public static final long EF_ARM_ABI_FLOAT_SOFT = 0x200;
    /** ARM {@code e_flags}: floating point arguments in VFP registers (gnueabihf). */
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
            return switch (value) {
                case ET_NONE -> NONE;
                case ET_REL -> REL;
                case ET_EXEC -> EXEC;
                case ET_DYN -> DYN;
                case ET_CORE -> CORE;
                default -> OTHER;
            };
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

    /**
     * The {@code e_flags} a current ARM linker writes into an executable or shared object: EABI
     * version 5 and the float ABI.
     */
    public static long armFlags(ArmFloatAbi floatAbi) {
        return EF_ARM_EABI_VER5 | (floatAbi == ArmFloatAbi.HARD ? EF_ARM_ABI_FLOAT_HARD : EF_ARM_ABI_FLOAT_SOFT);
    }

    /** The size of the file header: 52 bytes in ELF32, 64 in ELF64. */
    public static int headerSize(boolean is64) {
        return is64 ? 64 : 52;
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
            case EM_MIPS -> "MIPS";
            case EM_PPC -> "PowerPC";
            case EM_PPC64 -> "PowerPC64";
            case EM_S390 -> "S/390";
            case EM_LOONGARCH -> "LoongArch";
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
