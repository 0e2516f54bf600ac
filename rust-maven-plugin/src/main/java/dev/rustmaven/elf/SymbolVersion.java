package dev.rustmaven.elf;

import java.util.Optional;

/**
 * The version attached to a dynamic symbol through {@code .gnu.version}.
 *
 * @param name the version name, such as {@code GLIBC_2.28}
 * @param hidden whether it is a non-default version: a defined symbol that only links by explicit
 *     version ({@code name@VERSION} rather than {@code name@@VERSION})
 * @param library for an undefined symbol, the library file the version is needed from
 *     ({@code libc.so.6}); empty for a version the file defines itself
 */
public record SymbolVersion(String name, boolean hidden, Optional<String> library) {

    /** A {@code .gnu.version} entry's bit marking a hidden (non-default) version. */
    public static final int VERSYM_HIDDEN = 0x8000;
    /** The bits of a {@code .gnu.version} entry that hold the version index. */
    public static final int VERSYM_INDEX = 0x7fff;

    /** Whether this is a version needed from another library rather than defined by this file. */
    public boolean isNeeded() {
        return library.isPresent();
    }
}
