package dev.rustmaven.elf;

import java.util.Optional;

/**
 * A symbol: of the dynamic symbol table ({@code .dynsym}, see {@link ElfFile#dynamicSymbols()}) or of
 * the symbol table ({@code .symtab}, see {@link ElfFile#symbolTable(byte[], String)}).
 *
 * @param name the symbol's name
 * @param type what it names
 * @param binding its binding
 * @param value its value (an address for a defined symbol)
 * @param size its size in bytes
 * @param sectionIndex {@code st_shndx} (from {@code SHT_SYMTAB_SHNDX} when it is escaped there), 0
 *     ({@code SHN_UNDEF}) for an undefined symbol
 * @param version its symbol version, if the file has version information and the symbol a version
 *     other than local or global; always empty in {@code .symtab}
 */
public record ElfSymbol(
        String name,
        Type type,
        Binding binding,
        long value,
        long size,
        int sectionIndex,
        Optional<SymbolVersion> version) {

    /** {@code STT_*}: the low four bits of {@code st_info}. */
    public static final int STT_NOTYPE = 0;

    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;
    public static final int STT_COMMON = 5;
    public static final int STT_TLS = 6;
    public static final int STT_GNU_IFUNC = 10;

    /** {@code STB_*}: the high four bits of {@code st_info}. */
    public static final int STB_LOCAL = 0;

    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;
    public static final int STB_GNU_UNIQUE = 10;

    /** {@code ELF_ST_INFO}: the {@code st_info} byte of a binding and a type. */
    public static int info(int binding, int type) {
        return (binding << 4) | (type & 0xf);
    }

    /** The size of one symbol table entry: 16 bytes in ELF32, 24 in ELF64. */
    public static int entrySize(boolean is64) {
        return is64 ? 24 : 16;
    }

    /** Symbol types ({@code ELF_ST_TYPE}). */
    public enum Type {
        NOTYPE,
        OBJECT,
        FUNC,
        SECTION,
        FILE,
        COMMON,
        TLS,
        GNU_IFUNC,
        OTHER;

        static Type of(int value) {
            return switch (value) {
                case STT_NOTYPE -> NOTYPE;
                case STT_OBJECT -> OBJECT;
                case STT_FUNC -> FUNC;
                case STT_SECTION -> SECTION;
                case STT_FILE -> FILE;
                case STT_COMMON -> COMMON;
                case STT_TLS -> TLS;
                case STT_GNU_IFUNC -> GNU_IFUNC;
                default -> OTHER;
            };
        }
    }

    /** Symbol bindings ({@code ELF_ST_BIND}). */
    public enum Binding {
        LOCAL,
        GLOBAL,
        WEAK,
        GNU_UNIQUE,
        OTHER;

        static Binding of(int value) {
            return switch (value) {
                case STB_LOCAL -> LOCAL;
                case STB_GLOBAL -> GLOBAL;
                case STB_WEAK -> WEAK;
                case STB_GNU_UNIQUE -> GNU_UNIQUE;
                default -> OTHER;
            };
        }
    }

    /** Whether the file defines the symbol, rather than needing it from another library. */
    public boolean isDefined() {
        return sectionIndex != Section.SHN_UNDEF;
    }

    /** The name of the symbol's version, or empty. */
    public Optional<String> versionName() {
        return version.map(SymbolVersion::name);
    }

    /**
     * The name as {@code readelf} shows it: {@code memcpy@GLIBC_2.4} for a needed or hidden version
     * (also for a copy-relocated {@code stderr} an executable defines at a version of libc),
     * {@code foo@@LIBFOO_1} for a default version, the bare name when there is no version or the
     * symbol is the marker GNU ld makes for a version ({@code GLIBC_2.10} at version {@code GLIBC_2.10}).
     */
    public String versionedName() {
        return version.filter(v -> !v.name().equals(name))
                .map(v -> name + (isDefined() && !v.hidden() && !v.isNeeded() ? "@@" : "@") + v.name())
                .orElse(name);
    }
}
