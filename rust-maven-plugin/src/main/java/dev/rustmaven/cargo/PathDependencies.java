package dev.rustmaven.cargo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The path dependencies of a crate that lie outside its cargo workspace. Cargo names crates of the workspace
 * by their place in it, but such a dependency by its absolute path: that path ends up in the outputs (panic
 * messages, symbol hashes), so the same project built in another directory gives other bytes.
 */
public final class PathDependencies {

    /** A path dependency outside the workspace. */
    public record Outside(String name, Path directory) {}

    /** What was found: the workspace root cargo uses, and the dependencies outside it. */
    public record Found(Path workspaceRoot, List<Outside> outside) {
        public Found {
            outside = List.copyOf(outside);
        }
    }

    private static final List<String> KINDS = List.of("dependencies", "build-dependencies");

    private PathDependencies() {}

    /**
     * Reads the crate's {@code Cargo.toml} and those of the directories above it. Unreadable or invalid
     * manifests count as having no path dependencies: cargo reports them itself.
     */
    public static Found outsideWorkspace(Path crateDirectory) {
        Path crate = crateDirectory.toAbsolutePath().normalize();
        Optional<TomlTable> manifest = parse(crate.resolve("Cargo.toml"));
        if (manifest.isEmpty()) {
            return new Found(crate, List.of());
        }
        Path root = workspaceRoot(crate, manifest.get());
        Optional<TomlTable> rootManifest = root.equals(crate) ? manifest : parse(root.resolve("Cargo.toml"));
        Map<String, Path> paths = new TreeMap<>();
        List<TomlTable> tables = new ArrayList<>();
        for (String kind : KINDS) {
            tables.add(table(manifest.get(), List.of(kind)));
        }
        TomlTable targets = table(manifest.get(), List.of("target"));
        if (targets != null) {
            for (String cfg : targets.keySet()) {
                for (String kind : KINDS) {
                    tables.add(table(targets, List.of(cfg, kind)));
                }
            }
        }
        for (TomlTable table : tables) {
            if (table == null) {
                continue;
            }
            for (String name : table.keySet()) {
                TomlTable dependency = table(table, List.of(name));
                if (dependency == null) {
                    continue;
                }
                if (dependency.isString("path")) {
                    paths.put(name, crate.resolve(dependency.getString("path")).normalize());
                } else if (Boolean.TRUE.equals(dependency.get("workspace")) && rootManifest.isPresent()) {
                    TomlTable inherited = table(rootManifest.get(), List.of("workspace", "dependencies", name));
                    if (inherited != null && inherited.isString("path")) {
                        paths.put(
                                name, root.resolve(inherited.getString("path")).normalize());
                    }
                }
            }
        }
        List<Outside> outside = new ArrayList<>();
        paths.forEach((name, path) -> {
            if (!path.startsWith(root)) {
                outside.add(new Outside(name, path));
            }
        });
        return new Found(root, outside);
    }

    /**
     * The workspace root as cargo finds it: {@code package.workspace} when given, else the nearest directory
     * from the crate's upwards whose {@code Cargo.toml} has a {@code [workspace]} table, else the crate's.
     */
    static Path workspaceRoot(Path crate, TomlTable manifest) {
        if (manifest.isString("package.workspace")) {
            return crate.resolve(manifest.getString("package.workspace")).normalize();
        }
        for (Path dir = crate; dir != null; dir = dir.getParent()) {
            Optional<TomlTable> toml = dir.equals(crate) ? Optional.of(manifest) : parse(dir.resolve("Cargo.toml"));
            if (toml.isPresent() && toml.get().isTable("workspace")) {
                return dir;
            }
        }
        return crate;
    }

    /** The table at {@code path}, or null when there is none or the value is not a table. */
    private static TomlTable table(TomlTable toml, List<String> path) {
        return toml.isTable(path) ? toml.getTable(path) : null;
    }

    private static Optional<TomlTable> parse(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            TomlParseResult toml = Toml.parse(file);
            return toml.hasErrors() ? Optional.empty() : Optional.of(toml);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
