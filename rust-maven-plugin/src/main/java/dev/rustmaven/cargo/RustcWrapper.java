package dev.rustmaven.cargo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * The program cargo runs every rustc call through, if any (sccache, for one), found as cargo finds it: the
 * {@code RUSTC_WRAPPER} variable, else {@code build.rustc-wrapper} from {@code CARGO_BUILD_RUSTC_WRAPPER} or
 * the nearest cargo configuration file that sets it. An empty value means no wrapper.
 *
 * @param program the wrapper as configured: a name looked up on {@code PATH}, or a path
 * @param origin where it was set, for messages (a variable or a configuration file)
 */
public record RustcWrapper(String program, String origin) {

    /** The variable that names the wrapper; the plugin's {@code rustcWrapper} parameter sets it. */
    public static final String VARIABLE = "RUSTC_WRAPPER";

    /** The variable form of {@code build.rustc-wrapper}. */
    static final String CONFIG_VARIABLE = "CARGO_BUILD_RUSTC_WRAPPER";

    /**
     * The wrapper cargo will use.
     *
     * @param environment cargo's environment (what it inherits with the build's settings applied)
     * @param configFiles the cargo configuration files that apply, nearest first ({@link CargoConfig#files})
     */
    public static Optional<RustcWrapper> of(Map<String, String> environment, List<Path> configFiles) {
        if (environment.containsKey(VARIABLE)) {
            return named(environment.get(VARIABLE), VARIABLE);
        }
        if (environment.containsKey(CONFIG_VARIABLE)) {
            return named(environment.get(CONFIG_VARIABLE), CONFIG_VARIABLE);
        }
        for (Path file : configFiles) {
            try {
                TomlParseResult toml = Toml.parse(file);
                Object value = toml.get(List.of("build", "rustc-wrapper"));
                if (value instanceof String s) {
                    // A path with a directory part is relative to the directory that holds .cargo/.
                    Path base = file.toAbsolutePath().getParent().getParent();
                    String program = s.contains("/") || s.contains("\\")
                            ? base.resolve(s).normalize().toString()
                            : s;
                    return named(program, file.toString());
                }
            } catch (IOException e) {
                // unreadable: cargo will say so itself
            }
        }
        return Optional.empty();
    }

    private static Optional<RustcWrapper> named(String program, String origin) {
        return program == null || program.isBlank()
                ? Optional.empty()
                : Optional.of(new RustcWrapper(program.strip(), origin));
    }

    /** Whether the wrapper is sccache, whose statistics the build reports. */
    public boolean isSccache() {
        String name = program.substring(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1)
                .toLowerCase(Locale.ROOT);
        return name.equals("sccache") || name.equals("sccache.exe");
    }
}
