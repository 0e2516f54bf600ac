package dev.rustmaven.elf;

/** What kind of native output is being checked; the names match {@code CargoOutput.Kind}. */
public enum OutputKind {
    /** A {@code cdylib}: an ELF shared object ({@code ET_DYN}). */
    SHARED_LIBRARY,
    /** A {@code staticlib}: an ar archive of relocatable objects. */
    STATIC_LIBRARY,
    /** A {@code bin}: an ELF executable ({@code ET_EXEC}, or {@code ET_DYN} when position-independent). */
    EXECUTABLE
}
