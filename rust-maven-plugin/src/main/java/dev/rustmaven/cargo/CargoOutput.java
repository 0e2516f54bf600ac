package dev.rustmaven.cargo;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One native file cargo produced for the crate itself (not for its dependencies).
 *
 * @param kind what the file is
 * @param targetName the cargo target's name: the library's crate name or the executable's name
 * @param file where cargo wrote it
 */
public record CargoOutput(Kind kind, String targetName, Path file) {

    /** The kinds of file the plugin attaches. */
    public enum Kind {
        /** A {@code cdylib} or {@code dylib}: {@code .so}, {@code .dylib} or {@code .dll}. */
        SHARED_LIBRARY,
        /** A {@code staticlib}: {@code .a}, or {@code .lib} on Windows. */
        STATIC_LIBRARY,
        /** A {@code bin}. */
        EXECUTABLE
    }

    /** The file's name. */
    public String fileName() {
        return file.getFileName().toString();
    }

    /** The file name's extension without the dot, or empty (Unix executables have none). */
    public String extension() {
        String name = fileName();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
