package dev.rustmaven.cc;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's clang, used as the C (and C++) cross compiler of every target, and an archiver beside it.
 *
 * @param cc the clang executable for C and assembly
 * @param cxx the executable for C++ ({@code clang++} beside {@code cc}, else {@code cc} itself, which
 *     compiles {@code .cpp} files as C++ by their extension)
 * @param archiver an {@code llvm-ar} found with clang; empty when there is none, and the caller provides one
 * @param origin where the compiler came from, for the log ("the PATH", or the setting that named it)
 */
public record CCompiler(Path cc, Path cxx, Optional<Path> archiver, String origin) {

    public CCompiler {
        Objects.requireNonNull(cc, "cc");
        Objects.requireNonNull(cxx, "cxx");
        Objects.requireNonNull(archiver, "archiver");
        Objects.requireNonNull(origin, "origin");
    }
}
