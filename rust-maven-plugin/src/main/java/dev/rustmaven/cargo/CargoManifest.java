package dev.rustmaven.cargo;

import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The parts of a {@code Cargo.toml} the plugin needs to catch mistakes before cargo runs: the package,
 * the library's crate types and the binaries.
 *
 * @param file the manifest file
 * @param packageName {@code [package] name}, empty for a virtual workspace manifest
 * @param library whether the package has a library target ({@code [lib]} or {@code src/lib.rs})
 * @param libName the library's crate name ({@code [lib] name}, else the package name with {@code -} as {@code _})
 * @param libCrateTypes {@code [lib] crate-type} (or the legacy {@code crate_type}); {@code [proc-macro]} for
 *     {@code proc-macro = true}, else {@code [lib]} when not given
 * @param binaries the names of the executables: {@code [[bin]]} entries plus, unless {@code autobins = false},
 *     {@code src/main.rs} and {@code src/bin/*}
 * @param workspaceMembers {@code [workspace] members}, when the manifest has a {@code [workspace]} table
 * @param requiredFeatures the {@code required-features} of the {@code [[bin]]} entries that have them
 * @param features the {@code [features]} table: each feature and what it enables
 */
public record CargoManifest(
        Path file,
        String packageName,
        boolean library,
        String libName,
        List<String> libCrateTypes,
        List<String> binaries,
        Optional<List<String>> workspaceMembers,
        Map<String, List<String>> requiredFeatures,
        Map<String, List<String>> features) {

    /** Crate types whose output is a file another program can use: these are attached. */
    public static final Set<String> ATTACHABLE_CRATE_TYPES = Set.of("cdylib", "staticlib", "dylib");

    public CargoManifest {
        libCrateTypes = List.copyOf(libCrateTypes);
        binaries = List.copyOf(binaries);
        workspaceMembers = workspaceMembers.map(List::copyOf);
        requiredFeatures = Map.copyOf(requiredFeatures);
        features = Map.copyOf(features);
    }

    /**
     * The executables cargo builds with these feature options: those whose {@code required-features} are all
     * enabled (directly, by default, or through other features).
     */
    public List<String> binaries(CargoOptions options) {
        Set<String> enabled = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(options.features());
        if (options.allFeatures()) {
            pending.addAll(features.keySet());
        }
        if (!options.noDefaultFeatures()) {
            pending.add("default");
        }
        while (!pending.isEmpty()) {
            String feature = pending.remove(pending.size() - 1);
            if (enabled.add(feature)) {
                pending.addAll(features.getOrDefault(feature, List.of()));
            }
        }
        return binaries.stream()
                .filter(b -> enabled.containsAll(requiredFeatures.getOrDefault(b, List.of())))
                .toList();
    }

    /**
     * Reads {@code Cargo.toml} in {@code crateDirectory}.
     *
     * @throws CargoException when the file is missing or not valid TOML
     */
    public static CargoManifest read(Path crateDirectory, SettingNames names) throws CargoException {
        Path file = crateDirectory.resolve("Cargo.toml");
        if (!Files.isRegularFile(file)) {
            throw CargoException.manifest("No Cargo.toml in " + crateDirectory + ", the directory "
                    + names.name(Setting.CRATE)
                    + " names. Put the Rust crate there (for example with 'cargo init --lib " + crateDirectory
                    + "'), or point " + names.name(Setting.CRATE) + " at the directory that holds its Cargo.toml.");
        }
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (IOException e) {
            throw new CargoException(CargoException.Kind.IO, "Could not read " + file + ": " + e.getMessage(), e);
        }
        if (toml.hasErrors()) {
            TomlParseError first = toml.errors().get(0);
            throw CargoException.manifest(file + ":" + first.position().line() + ":"
                    + first.position().column() + ": " + first.getMessage()
                    + ". Cargo.toml is not valid TOML: fix the line above"
                    + (toml.errors().size() > 1 ? " (and " + (toml.errors().size() - 1) + " more error(s))" : "")
                    + ".");
        }
        return fromToml(file, toml);
    }

    static CargoManifest fromToml(Path file, TomlTable toml) throws CargoException {
        Optional<List<String>> members = Optional.empty();
        if (toml.isTable("workspace")) {
            members = Optional.of(strings(toml.getArray("workspace.members")));
        }
        String name = "";
        if (toml.isTable("package")) {
            name = string(file, toml, "package.name");
            if (name.isEmpty()) {
                throw CargoException.manifest(
                        file + ": [package] has no name. Add name = \"...\" under" + " [package].");
            }
        }
        Path src = file.getParent().resolve("src");
        boolean library = toml.isTable("lib") || Files.isRegularFile(src.resolve("lib.rs"));
        String libName =
                toml.isTable("lib") && toml.isString("lib.name") ? toml.getString("lib.name") : name.replace('-', '_');
        List<String> crateTypes = new ArrayList<>();
        if (library) {
            TomlArray types = toml.getArray("lib.crate-type");
            if (types == null) {
                types = toml.getArray("lib.crate_type");
            }
            boolean procMacro =
                    Boolean.TRUE.equals(toml.get("lib.proc-macro")) || Boolean.TRUE.equals(toml.get("lib.proc_macro"));
            crateTypes.addAll(types != null ? strings(types) : procMacro ? List.of("proc-macro") : List.of("lib"));
        }
        Map<String, List<String>> required = new LinkedHashMap<>();
        TomlArray bins = toml.getArray("bin");
        for (int i = 0; bins != null && i < bins.size(); i++) {
            if (bins.get(i) instanceof TomlTable bin && bin.isString("name") && bin.isArray("required-features")) {
                required.put(bin.getString("name"), strings(bin.getArray("required-features")));
            }
        }
        Map<String, List<String>> features = new LinkedHashMap<>();
        TomlTable table = toml.getTable("features");
        if (table != null) {
            for (String feature : table.keySet()) {
                if (table.isArray(List.of(feature))) {
                    features.put(feature, strings(table.getArray(List.of(feature))));
                }
            }
        }
        return new CargoManifest(
                file, name, library, libName, crateTypes, binaries(toml, name, src), members, required, features);
    }

    private static List<String> binaries(TomlTable toml, String packageName, Path src) throws CargoException {
        Set<String> bins = new LinkedHashSet<>();
        TomlArray declared = toml.getArray("bin");
        if (declared != null) {
            for (int i = 0; i < declared.size(); i++) {
                if (declared.get(i) instanceof TomlTable bin && bin.isString("name")) {
                    bins.add(bin.getString("name"));
                }
            }
        }
        boolean auto = !Boolean.FALSE.equals(toml.get("package.autobins"));
        if (auto && !packageName.isEmpty()) {
            if (Files.isRegularFile(src.resolve("main.rs"))) {
                bins.add(packageName);
            }
            Path binDir = src.resolve("bin");
            if (Files.isDirectory(binDir)) {
                try (Stream<Path> entries = Files.list(binDir)) {
                    entries.sorted().forEach(p -> {
                        String fileName = p.getFileName().toString();
                        if (Files.isRegularFile(p) && fileName.endsWith(".rs")) {
                            bins.add(fileName.substring(0, fileName.length() - 3));
                        } else if (Files.isRegularFile(p.resolve("main.rs"))) {
                            bins.add(fileName);
                        }
                    });
                } catch (IOException e) {
                    throw new CargoException(
                            CargoException.Kind.IO, "Could not list " + binDir + ": " + e.getMessage(), e);
                }
            }
        }
        return List.copyOf(bins);
    }

    private static String string(Path file, TomlTable toml, String key) throws CargoException {
        Object value = toml.get(key);
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        throw CargoException.manifest(file + ": " + key + " must be a string, not " + value + ".");
    }

    private static List<String> strings(TomlArray array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                values.add(String.valueOf(array.get(i)));
            }
        }
        return values;
    }

    /** Whether this manifest is a workspace root with no package of its own (a virtual manifest). */
    public boolean isVirtualWorkspace() {
        return packageName.isEmpty() && workspaceMembers.isPresent();
    }

    /** The library crate types whose outputs are attached ({@code cdylib}, {@code staticlib}, {@code dylib}). */
    public List<String> attachableCrateTypes() {
        return libCrateTypes.stream().filter(ATTACHABLE_CRATE_TYPES::contains).toList();
    }

    /** Whether the crate's outputs include linked ones (shared libraries or executables), not only archives. */
    public boolean linksNativeCode() {
        return libCrateTypes.contains("cdylib") || libCrateTypes.contains("dylib") || !binaries.isEmpty();
    }

    /** Whether a build of this crate produces anything the plugin can attach. */
    public boolean hasAttachableOutputs() {
        return !attachableCrateTypes().isEmpty() || !binaries.isEmpty();
    }
}
