package dev.rustmaven.cargo;

import dev.rustmaven.system.HostSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * The cargo configuration files that apply to a crate, read only to learn whether the user chose a
 * linker for a target: {@code .cargo/config.toml} (or {@code .cargo/config}) in the crate's directory and
 * every parent, then {@code $CARGO_HOME/config.toml}.
 */
public final class CargoConfig {

    private CargoConfig() {}

    /**
     * The files cargo would read for a build in {@code crateDirectory}, nearest first: from the directory's real path
     * up, then in cargo's home ({@link dev.rustmaven.system.HostSystem#cargoHome(java.util.Map)}).
     */
    public static List<Path> files(Path crateDirectory, Path home) {
        List<Path> files = new ArrayList<>();
        for (Path dir : HostSystem.searchedFrom(crateDirectory)) {
            addExisting(files, dir.resolve(".cargo"));
        }
        if (files.stream().noneMatch(f -> f.getParent().equals(home))) {
            addExisting(files, home);
        }
        return files;
    }

    private static void addExisting(List<Path> files, Path cargoDir) {
        for (String name : List.of("config.toml", "config")) {
            Path f = cargoDir.resolve(name);
            if (Files.isRegularFile(f)) {
                files.add(f);
                return;
            }
        }
    }

    /**
     * The {@code target.<triple>.linker} the first of {@code files} that sets one gives, with the file.
     * Files that cannot be read or parsed are skipped: cargo itself reports them.
     */
    public static Optional<String> linker(List<Path> files, String triple) {
        for (Path f : files) {
            try {
                TomlParseResult toml = Toml.parse(f);
                Object linker = toml.get(List.of("target", triple, "linker"));
                if (linker instanceof String s && !s.isBlank()) {
                    return Optional.of(s + " (from " + f + ")");
                }
            } catch (IOException e) {
                // unreadable: cargo will say so itself
            }
        }
        return Optional.empty();
    }
}
