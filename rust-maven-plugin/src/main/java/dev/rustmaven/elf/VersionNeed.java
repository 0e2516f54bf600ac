package dev.rustmaven.elf;

import java.util.List;

/**
 * The versions this file needs from one library ({@code .gnu.version_r}), for example
 * {@code libc.so.6 -> [GLIBC_2.4, GLIBC_2.28]}.
 *
 * @param library the library file name as in {@code DT_NEEDED}
 * @param versions the version names, in file order
 */
public record VersionNeed(String library, List<String> versions) {

    public VersionNeed {
        versions = List.copyOf(versions);
    }
}
