package dev.rustmaven.elf;

/**
 * One section header.
 *
 * @param index the section's index in the section header table
 * @param name its name from the section name string table, such as {@code .dynsym}
 * @param type {@code sh_type} (see the constants)
 * @param flags {@code sh_flags}
 * @param address {@code sh_addr}, where it is loaded
 * @param offset {@code sh_offset}, where it is in the file
 * @param size {@code sh_size} in bytes
 * @param link {@code sh_link}, e.g. the string table of a symbol table
 * @param info {@code sh_info}
 * @param entrySize {@code sh_entsize}
 */
public record Section(
        int index,
        String name,
        int type,
        long flags,
        long address,
        long offset,
        long size,
        int link,
        int info,
        long entrySize) {

    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_HASH = 5;
    public static final int SHT_DYNAMIC = 6;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_DYNSYM = 11;
    /** The section indexes of symbols whose {@code st_shndx} is {@link #SHN_XINDEX}. */
    public static final int SHT_SYMTAB_SHNDX = 18;

    public static final int SHT_GNU_VERDEF = 0x6ffffffd;
    public static final int SHT_GNU_VERNEED = 0x6ffffffe;
    public static final int SHT_GNU_VERSYM = 0x6fffffff;
    public static final int SHT_ARM_ATTRIBUTES = 0x70000003;

    /** {@code sh_flags}: writable at run time. */
    public static final long SHF_WRITE = 0x1;
    /** {@code sh_flags}: occupies memory at run time. */
    public static final long SHF_ALLOC = 0x2;
    /** {@code sh_flags}: machine code. */
    public static final long SHF_EXECINSTR = 0x4;
    /** {@code sh_flags}: thread-local storage. */
    public static final long SHF_TLS = 0x400;

    /** The section index of an undefined symbol, and of no section. */
    public static final int SHN_UNDEF = 0;
    /** {@code e_shstrndx} escape: the real index is in section 0's {@code sh_link}. */
    public static final int SHN_XINDEX = 0xffff;

    /** The size of one section header: 40 bytes in ELF32, 64 in ELF64. */
    public static int headerSize(boolean is64) {
        return is64 ? 64 : 40;
    }

    /** Whether the section occupies bytes in the file ({@code .bss} and the like do not). */
    public boolean hasFileContent() {
        return type != SHT_NOBITS && type != SHT_NULL;
    }
}
