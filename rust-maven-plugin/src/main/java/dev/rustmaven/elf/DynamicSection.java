package dev.rustmaven.elf;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the dynamic section ({@code .dynamic}) says to the dynamic loader.
 *
 * @param needed the {@code DT_NEEDED} libraries in order, such as {@code libc.so.6}
 * @param soname the {@code DT_SONAME}, if any
 * @param runpath {@code DT_RUNPATH}, or else {@code DT_RPATH}, if any
 * @param flags {@code DT_FLAGS}, 0 when absent
 * @param flags1 {@code DT_FLAGS_1}, 0 when absent
 * @param textRelocationTag whether a {@code DT_TEXTREL} entry is present
 */
public record DynamicSection(
        List<String> needed,
        Optional<String> soname,
        Optional<String> runpath,
        long flags,
        long flags1,
        boolean textRelocationTag) {

    public static final int DT_NULL = 0;
    public static final int DT_NEEDED = 1;
    public static final int DT_HASH = 4;
    public static final int DT_STRTAB = 5;
    public static final int DT_SYMTAB = 6;
    public static final int DT_STRSZ = 10;
    public static final int DT_SYMENT = 11;
    public static final int DT_SONAME = 14;
    public static final int DT_RPATH = 15;
    public static final int DT_TEXTREL = 22;
    public static final int DT_FLAGS = 30;
    public static final int DT_RUNPATH = 29;
    public static final int DT_VERSYM = 0x6ffffff0;
    public static final long DT_FLAGS_1 = 0x6ffffffbL;
    public static final int DT_VERDEF = 0x6ffffffc;
    public static final int DT_VERDEFNUM = 0x6ffffffd;

    public static final long DF_TEXTREL = 0x4;
    public static final long DF_BIND_NOW = 0x8;
    public static final long DF_STATIC_TLS = 0x10;
    public static final long DF_1_NOW = 0x1;
    public static final long DF_1_PIE = 0x08000000L;

    /** A file without a dynamic section. */
    public static final DynamicSection NONE =
            new DynamicSection(List.of(), Optional.empty(), Optional.empty(), 0, 0, false);

    public DynamicSection {
        needed = List.copyOf(needed);
        Objects.requireNonNull(soname, "soname");
        Objects.requireNonNull(runpath, "runpath");
    }

    /** The size of one entry (tag and value): 8 bytes in ELF32, 16 in ELF64. */
    public static int entrySize(boolean is64) {
        return is64 ? 16 : 8;
    }

    /** Whether all symbols are bound at load time ({@code -z now}). */
    public boolean bindNow() {
        return (flags & DF_BIND_NOW) != 0 || (flags1 & DF_1_NOW) != 0;
    }

    /**
     * Whether the loader has to write into the file's code to relocate it: {@code DT_TEXTREL}, or
     * {@code DF_TEXTREL} in {@code DT_FLAGS} (linkers write either or both).
     */
    public boolean textRelocations() {
        return textRelocationTag || (flags & DF_TEXTREL) != 0;
    }

    /** Whether {@code DF_1_PIE} marks the file as a position-independent executable. */
    public boolean pieFlag() {
        return (flags1 & DF_1_PIE) != 0;
    }
}
