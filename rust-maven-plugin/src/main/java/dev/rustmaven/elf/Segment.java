package dev.rustmaven.elf;

/**
 * One program header: a segment the loader maps, or information for it.
 *
 * @param type {@code p_type} (see the constants)
 * @param flags {@code p_flags}: {@link #PF_X}, {@link #PF_W}, {@link #PF_R}
 * @param offset {@code p_offset}
 * @param virtualAddress {@code p_vaddr}
 * @param fileSize {@code p_filesz}
 * @param memorySize {@code p_memsz}
 * @param align {@code p_align}: the alignment of the segment in the file and in memory; for a
 *     {@link #PT_LOAD} segment the largest page size it can be mapped with
 */
public record Segment(
        int type, int flags, long offset, long virtualAddress, long fileSize, long memorySize, long align) {

    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;
    public static final int PT_NOTE = 4;
    public static final int PT_PHDR = 6;
    public static final int PT_TLS = 7;
    public static final int PT_GNU_EH_FRAME = 0x6474e550;
    public static final int PT_GNU_STACK = 0x6474e551;
    public static final int PT_GNU_RELRO = 0x6474e552;
    public static final int PT_ARM_EXIDX = 0x70000001;

    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    /** The size of one program header: 32 bytes in ELF32, 56 in ELF64. */
    public static int headerSize(boolean is64) {
        return is64 ? 56 : 32;
    }

    public boolean isExecutable() {
        return (flags & PF_X) != 0;
    }
}
