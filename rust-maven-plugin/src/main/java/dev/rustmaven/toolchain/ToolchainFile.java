package dev.rustmaven.toolchain;

import dev.rustmaven.system.HostSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;

/**
 * A crate's toolchain file, read as rustup reads it: {@code rust-toolchain.toml}, or the legacy
 * {@code rust-toolchain} (TOML, or one line naming the toolchain), found in the crate's directory or the
 * nearest parent that has one. When a directory holds both, rustup takes {@code rust-toolchain}; so does this.
 *
 * @param file the file read
 * @param channel {@code [toolchain] channel}, e.g. {@code 1.85.0} or {@code nightly-2025-02-01}
 * @param path {@code [toolchain] path}, a toolchain installed elsewhere (relative to the file's directory)
 * @param targets {@code [toolchain] targets}, the targets the project builds for
 * @param warnings what was found but is not used, for the log
 */
public record ToolchainFile(
        Path file, Optional<String> channel, Optional<Path> path, List<String> targets, List<String> warnings) {

    public static final String TOML_NAME = "rust-toolchain.toml";
    public static final String LEGACY_NAME = "rust-toolchain";

    public ToolchainFile {
        targets = List.copyOf(targets);
        warnings = List.copyOf(warnings);
    }

    /** The toolchain file that applies to {@code directory}, if any: the nearest one rustup finds from there up. */
    public static Optional<ToolchainFile> find(Path directory) throws ToolchainFileException {
        for (Path dir : HostSystem.searchedFrom(directory)) {
            Path legacy = dir.resolve(LEGACY_NAME);
            Path toml = dir.resolve(TOML_NAME);
            boolean hasLegacy = Files.isRegularFile(legacy);
            boolean hasToml = Files.isRegularFile(toml);
            if (hasLegacy || hasToml) {
                ToolchainFile read = read(hasLegacy ? legacy : toml);
                if (hasLegacy && hasToml) {
                    List<String> warnings = new ArrayList<>(read.warnings());
                    warnings.add("both " + legacy + " and " + toml + " exist; using " + LEGACY_NAME
                            + " as rustup does. Delete one of them.");
                    read = new ToolchainFile(read.file(), read.channel(), read.path(), read.targets(), warnings);
                }
                return Optional.of(read);
            }
        }
        return Optional.empty();
    }

    /** Reads one toolchain file. */
    public static ToolchainFile read(Path file) throws ToolchainFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolchainFileException(file, "cannot be read: " + e.getMessage(), e);
        }
        String trimmed = text.strip();
        if (file.getFileName().toString().equals(LEGACY_NAME)
                && !trimmed.isEmpty()
                && !trimmed.contains("\n")
                && !trimmed.contains("=")
                && !trimmed.startsWith("[")) {
            return new ToolchainFile(file, Optional.of(trimmed), Optional.empty(), List.of(), List.of());
        }
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            throw new ToolchainFileException(
                    file,
                    "is not valid TOML: " + toml.errors().get(0)
                            + ". Write it as [toolchain] with channel = \"1.85.0\" (see rustup's documentation of the"
                            + " toolchain file).",
                    null);
        }
        if (!toml.isTable("toolchain")) {
            throw new ToolchainFileException(
                    file, "has no [toolchain] table. Write [toolchain] with channel = \"1.85.0\".", null);
        }
        Optional<String> channel = string(toml, file, "toolchain.channel");
        Optional<Path> path = string(toml, file, "toolchain.path")
                .map(p -> file.getParent().resolve(p).normalize());
        if (channel.isPresent() && path.isPresent()) {
            throw new ToolchainFileException(
                    file, "sets both channel and path; rustup accepts only one of them. Keep one.", null);
        }
        if (channel.isEmpty() && path.isEmpty()) {
            throw new ToolchainFileException(
                    file, "sets neither [toolchain] channel nor path. Add channel = \"1.85.0\".", null);
        }
        List<String> targets = strings(toml, file, "toolchain.targets");
        List<String> warnings = new ArrayList<>();
        for (String ignored : List.of("components", "profile")) {
            if (toml.contains("toolchain." + ignored)) {
                warnings.add(file + ": [toolchain] " + ignored + " is not used: the plugin installs rustc, cargo"
                        + " and the host's rust-std, and fetches each target's rust-std when it builds for it.");
            }
        }
        return new ToolchainFile(file, channel, path, targets, warnings);
    }

    private static Optional<String> string(TomlParseResult toml, Path file, String key) throws ToolchainFileException {
        if (!toml.contains(key)) {
            return Optional.empty();
        }
        if (!toml.isString(key) || toml.getString(key).isBlank()) {
            throw new ToolchainFileException(file, key.substring("toolchain.".length()) + " must be a string.", null);
        }
        return Optional.of(toml.getString(key).strip());
    }

    private static List<String> strings(TomlParseResult toml, Path file, String key) throws ToolchainFileException {
        if (!toml.contains(key)) {
            return List.of();
        }
        TomlArray array = toml.isArray(key) ? toml.getArray(key) : null;
        List<String> values = new ArrayList<>();
        for (int i = 0; array != null && i < array.size(); i++) {
            Object value = array.get(i);
            if (!(value instanceof String s) || s.isBlank()) {
                array = null;
                break;
            }
            values.add(s.strip());
        }
        if (array == null) {
            throw new ToolchainFileException(
                    file, key.substring("toolchain.".length()) + " must be a list of target triples.", null);
        }
        return values;
    }

    /** A toolchain file that cannot be used; the message names the file and what to write. */
    public static final class ToolchainFileException extends Exception {

        private static final long serialVersionUID = 1L;

        public ToolchainFileException(Path file, String problem, Throwable cause) {
            super("The toolchain file " + file + " " + problem, cause);
        }
    }
}
