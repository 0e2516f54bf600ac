package dev.rustmaven.pipeline;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How C code of a crate's build scripts is compiled for a target, as the user configured it.
 *
 * @param compiler the clang to use (a path or a command name); empty: found on the {@code PATH}
 * @param debianMirror the Debian-format package archive target headers come from; empty: the default
 * @param debianSuite the suite (release) of that archive; empty: the default
 * @param debianKeyring the OpenPGP keyring that signs the archive; empty: the default
 */
public record CSettings(
        Optional<String> compiler,
        Optional<String> debianMirror,
        Optional<String> debianSuite,
        Optional<Path> debianKeyring) {

    /** The suite target roots come from when none is configured: Raspberry Pi OS bookworm's base. */
    public static final String DEFAULT_DEBIAN_SUITE = "bookworm";

    public CSettings {
        compiler = clean(compiler);
        debianMirror = clean(debianMirror);
        debianSuite = clean(debianSuite);
        Objects.requireNonNull(debianKeyring, "debianKeyring");
    }

    /** Nothing configured. */
    public static CSettings defaults() {
        return new CSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Optional<String> clean(Optional<String> value) {
        return Objects.requireNonNull(value).map(String::trim).filter(s -> !s.isEmpty());
    }
}
