package dev.rustmaven.cargo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the JSON messages cargo prints with {@code --message-format=json-render-diagnostics} and
 * collects the native files built for one package: outputs are taken from what cargo says it wrote,
 * never guessed from file names in the target directory.
 */
public final class CargoMessages {

    private final Path manifest;
    private final List<CargoOutput> outputs = new ArrayList<>();
    private final List<TestExecutable> testExecutables = new ArrayList<>();
    private final Set<String> declaredLibraries = new LinkedHashSet<>();
    private final List<DeclaredLibrary> declaredBy = new ArrayList<>();
    private Boolean success;

    /** Collects the outputs of the package whose manifest is {@code manifest}. */
    public CargoMessages(Path manifest) {
        this.manifest = normalize(manifest);
    }

    /**
     * Takes one line of cargo's standard output.
     *
     * @return whether the line was a cargo JSON message (other lines are for the user to see)
     */
    public boolean accept(String line) {
        String trimmed = line.trim();
        if (!trimmed.startsWith("{")) {
            return false;
        }
        JsonObject message;
        try {
            JsonElement element = JsonParser.parseString(trimmed);
            if (!element.isJsonObject()) {
                return false;
            }
            message = element.getAsJsonObject();
        } catch (JsonParseException e) {
            return false;
        }
        String reason = text(message, "reason").orElse("");
        switch (reason) {
            case "compiler-artifact" -> artifact(message);
            case "build-finished" ->
                success = message.has("success") && message.get("success").getAsBoolean();
            case "build-script-executed" -> {
                Optional<Path> outDir = text(message, "out_dir").map(Path::of);
                strings(message.getAsJsonArray("linked_libs")).stream()
                        .map(CargoMessages::sharedLibraryName)
                        .flatMap(Optional::stream)
                        .forEach(name -> {
                            declaredLibraries.add(name);
                            declaredBy.add(new DeclaredLibrary(name, outDir));
                        });
            }
            default -> {
                // compiler-message and others carry nothing to attach
            }
        }
        return true;
    }

    private void artifact(JsonObject message) {
        Optional<String> manifestPath = text(message, "manifest_path");
        if (manifestPath.isEmpty() || !normalize(Path.of(manifestPath.get())).equals(manifest)) {
            return;
        }
        JsonObject target = message.getAsJsonObject("target");
        if (target == null) {
            return;
        }
        String name = text(target, "name").orElse("");
        List<String> kinds = strings(target.getAsJsonArray("kind"));
        JsonObject profile = message.getAsJsonObject("profile");
        if (profile != null && profile.has("test") && profile.get("test").getAsBoolean()) {
            // A test harness, built by cargo test: never an output to attach.
            text(message, "executable")
                    .ifPresent(exe -> testExecutables.add(new TestExecutable(name, testKind(kinds), Path.of(exe))));
            return;
        }
        if (kinds.contains("proc-macro")) {
            // A shared library for the compiler of the build machine to load, whatever the target: never attached.
            return;
        }
        if (kinds.contains("bin")) {
            text(message, "executable")
                    .ifPresent(exe -> outputs.add(new CargoOutput(CargoOutput.Kind.EXECUTABLE, name, Path.of(exe))));
            return;
        }
        for (String file : strings(message.getAsJsonArray("filenames"))) {
            classify(file).ifPresent(kind -> outputs.add(new CargoOutput(kind, name, Path.of(file))));
        }
    }

    /** {@code lib} for any library crate type, else cargo's kind ({@code test}, {@code bin}, ...). */
    private static String testKind(List<String> kinds) {
        if (kinds.isEmpty()) {
            return "";
        }
        return kinds.stream().anyMatch(k -> k.endsWith("lib")) ? "lib" : kinds.get(0);
    }

    private static Optional<CargoOutput.Kind> classify(String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".so") || lower.endsWith(".dylib") || lower.endsWith(".dll")) {
            return Optional.of(CargoOutput.Kind.SHARED_LIBRARY);
        }
        if (lower.endsWith(".a") || (lower.endsWith(".lib") && !lower.endsWith(".dll.lib"))) {
            return Optional.of(CargoOutput.Kind.STATIC_LIBRARY);
        }
        return Optional.empty();
    }

    /** The native outputs of the package, in the order cargo reported them. */
    public List<CargoOutput> outputs() {
        return List.copyOf(outputs);
    }

    /** The test executables cargo built for the package ({@code cargo test --no-run}), in cargo's order. */
    public List<TestExecutable> testExecutables() {
        return List.copyOf(testExecutables);
    }

    /**
     * The shared libraries the build scripts of the build (the package's and its dependencies') asked rustc to
     * link ({@code cargo:rustc-link-lib=NAME} or {@code dylib=NAME}), by link name: {@code stdc++}, {@code z}.
     * Static libraries and frameworks are left out.
     */
    public Set<String> declaredSharedLibraries() {
        return Set.copyOf(declaredLibraries);
    }

    /**
     * A shared library a build script asked rustc to link, and the script's {@code OUT_DIR} (below the target's
     * own directory of the target directory, for a package built for a target).
     */
    public record DeclaredLibrary(String name, Optional<Path> outDir) {}

    /** The shared libraries of {@link #declaredSharedLibraries()}, each with the build script that declared it. */
    public List<DeclaredLibrary> declaredSharedLibrariesByScript() {
        return List.copyOf(declaredBy);
    }

    /**
     * The link name of a {@code linked_libs} entry ({@code [KIND[:MODIFIERS]=]NAME[:RENAME]}) that is linked as a
     * shared library (no kind, {@code dylib}, or a kind cargo does not know): RENAME when given, as rustc then
     * links that library.
     */
    static Optional<String> sharedLibraryName(String entry) {
        String name = entry;
        int equals = entry.indexOf('=');
        if (equals >= 0) {
            String kind = entry.substring(0, equals);
            int colon = kind.indexOf(':');
            kind = colon >= 0 ? kind.substring(0, colon) : kind;
            if (kind.equals("static") || kind.equals("framework")) {
                return Optional.empty();
            }
            name = entry.substring(equals + 1);
        }
        // NAME:RENAME makes rustc link RENAME (in place of a #[link] attribute's NAME): RENAME is what is needed
        int rename = name.indexOf(':');
        name = rename >= 0 ? name.substring(rename + 1) : name;
        return name.isBlank() ? Optional.empty() : Optional.of(name.trim());
    }

    /** What cargo's {@code build-finished} message said, if it came. */
    public Optional<Boolean> finishedSuccessfully() {
        return Optional.ofNullable(success);
    }

    private static Optional<String> text(JsonObject object, String key) {
        JsonElement e = object.get(key);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? Optional.empty() : Optional.of(e.getAsString());
    }

    private static List<String> strings(JsonArray array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(e -> {
                if (e.isJsonPrimitive()) {
                    values.add(e.getAsString());
                }
            });
        }
        return values;
    }

    private static Path normalize(Path p) {
        try {
            // cargo reports paths below its working directory as the OS resolved it, symlinks included
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
