package dev.rustmaven.glibc;

import dev.rustmaven.elf.ElfSymbol;

/** The kind of a dynamic symbol, as its ELF {@code STT_*} type and its letter in the ABI data files. */
public enum SymbolType {
    /** {@code STT_FUNC}; glibc's {@code STT_GNU_IFUNC} symbols are functions to a caller too. */
    FUNCTION('F', ElfSymbol.STT_FUNC),
    /** {@code STT_OBJECT}: data, with a size that copy relocations need. */
    DATA('O', ElfSymbol.STT_OBJECT),
    /** {@code STT_TLS}: a thread-local variable, with its size. */
    TLS('T', ElfSymbol.STT_TLS);

    private final char code;
    private final int elfType;

    SymbolType(char code, int elfType) {
        this.code = code;
        this.elfType = elfType;
    }

    /** The letter used in the ABI data files. */
    public char code() {
        return code;
    }

    /** The ELF {@code STT_*} value. */
    public int elfType() {
        return elfType;
    }

    /**
     * The type with the given data file letter.
     *
     * @throws IllegalArgumentException when no type has that letter
     */
    public static SymbolType ofCode(String code) {
        for (SymbolType t : values()) {
            if (code.length() == 1 && code.charAt(0) == t.code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown symbol type '" + code + "': expected F, O or T");
    }
}
