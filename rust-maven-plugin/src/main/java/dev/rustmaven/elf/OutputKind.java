package dev.rustmaven.elf;

/**
 * What kind of native output is being checked, which decides the ELF file type it must have. The
 * pipeline maps each kind of cargo output onto one of these explicitly.
 */
public enum OutputKind {
    /** A {@code cdylib}: an ELF shared object ({@code ET_DYN}). */
    SHARED_LIBRARY,
    /** A {@code staticlib}: an ar archive of relocatable objects. */
    STATIC_LIBRARY,
    /** A {@code bin}: an ELF executable ({@code ET_EXEC}, or {@code ET_DYN} when position-independent). */
    EXECUTABLE
}
