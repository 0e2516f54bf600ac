package dev.rustmaven.elf;

import java.util.List;

/**
 * A version this file defines ({@code .gnu.version_d}).
 *
 * @param index the version index {@code .gnu.version} entries refer to
 * @param name the version name; for the base definition, the file's own name (its SONAME)
 * @param base whether this is the base definition ({@code VER_FLG_BASE}) naming the file itself
 * @param parents the versions this one inherits from, as the linker recorded them (GNU ld does;
 *     LLD records none)
 */
public record VersionDefinition(int index, String name, boolean base, List<String> parents) {

    /** {@code vd_version}: the only version of the structure. */
    public static final int VER_DEF_CURRENT = 1;
    /** {@code vd_flags}: the base definition, naming the file itself. */
    public static final int VER_FLG_BASE = 0x1;

    public VersionDefinition {
        parents = List.copyOf(parents);
    }
}
