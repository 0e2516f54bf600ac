package dev.rustmaven.archiver;

import java.util.Objects;

/**
 * One file in an archive.
 *
 * @param name its name in the archive: the file name without directories, as {@code ar} stores it
 * @param data its content; shared, not copied, so it must not change afterwards
 */
public record ArchiveMember(String name, byte[] data) {

    public ArchiveMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("'" + name + "' cannot name an archive member: it must be a"
                    + " non-empty file name without '/' or line breaks");
        }
    }

    /** Whether a GNU archive can hold a member of this name: a non-empty file name without '/' or line breaks. */
    public static boolean isValidName(String name) {
        return !name.isEmpty() && name.indexOf('/') < 0 && name.indexOf('\n') < 0;
    }
}
