package dev.rustmaven.elf;

import java.util.Optional;

/**
 * A dynamic symbol ({@code .dynsym}).
 *
 * @param name the symbol's name
 * @param type what it names
 * @param binding its binding
 * @param value its value (an address for a defined symbol)
 * @param size its size in bytes
 * @param sectionIndex {@code st_shndx}, 0 ({@code SHN_UNDEF}) for an undefined symbol
 * @param version its symbol version, if the file has version information and the symbol a version
 *     other than local or global
 */
public record ElfSymbol(
        String name, Type type, Binding binding, long value, long size, int sectionIndex,
        Optional<SymbolVersion> version) {

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
                case 0 -> NOTYPE;
                case 1 -> OBJECT;
                case 2 -> FUNC;
                case 3 -> SECTION;
                case 4 -> FILE;
                case 5 -> COMMON;
                case 6 -> TLS;
                case 10 -> GNU_IFUNC;
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
                case 0 -> LOCAL;
                case 1 -> GLOBAL;
                case 2 -> WEAK;
                case 10 -> GNU_UNIQUE;
                default -> OTHER;
            };
        }
    }

    /** Whether the file defines the symbol, rather than needing it from another library. */
    public boolean isDefined() {
        return sectionIndex != 0;
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
