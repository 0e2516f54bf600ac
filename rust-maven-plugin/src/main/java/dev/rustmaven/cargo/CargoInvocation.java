package dev.rustmaven.cargo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code cargo build} for one target: its command line, the environment it adds, and where it runs.
 *
 * @param commandLine cargo and its arguments
 * @param environment variables set for cargo on top of the inherited environment
 * @param workingDirectory the crate directory, so the crate's own {@code .cargo/config.toml} applies
 */
public record CargoInvocation(List<String> commandLine, Map<String, String> environment, Path workingDirectory) {

    /**
     * The search path variable. When the plugin's target environment sets it (to find its launchers by name), its
     * value already includes the user's {@code PATH}, so it is kept over the user's environment.
     */
    public static final String PATH = "PATH";

    public CargoInvocation {
        commandLine = List.copyOf(commandLine);
        environment = Map.copyOf(environment);
    }

    /**
     * Assembles the invocation for {@code triple}.
     *
     * @param cargo the cargo executable
     * @param rustc the rustc cargo must use (the plugin's own, so that both agree)
     * @param targetEnvironment variables this plugin sets for the target (linker, sysroot); the user's
     *     environment in {@code options} is applied after them and wins, except {@link #PATH}
     * @param inherited the environment cargo inherits from the build (to respect the user's colour choice)
     */
    public static CargoInvocation forTarget(
            CargoOptions options,
            Path cargo,
            Path rustc,
            String triple,
            Map<String, String> targetEnvironment,
            Map<String, String> inherited) {
        return forTarget(List.of("build"), options, cargo, rustc, triple, targetEnvironment, inherited);
    }

    /**
     * Assembles the invocation of cargo's {@code subcommand} (with its own arguments, e.g. {@code test},
     * {@code --no-run}) for {@code triple}, as {@link #forTarget(CargoOptions, Path, Path, String, Map, Map)}
     * does for {@code build}.
     */
    public static CargoInvocation forTarget(
            List<String> subcommand,
            CargoOptions options,
            Path cargo,
            Path rustc,
            String triple,
            Map<String, String> targetEnvironment,
            Map<String, String> inherited) {
        return forTargets(subcommand, options, cargo, rustc, List.of(triple), targetEnvironment, inherited);
    }

    /**
     * Assembles one invocation of cargo's {@code subcommand} for all of {@code triples} (a {@code --target} each:
     * cargo builds them in one unit graph, host tools once), as
     * {@link #forTarget(List, CargoOptions, Path, Path, String, Map, Map)} does for one.
     *
     * @param targetEnvironment the variables the plugin sets for all the targets together
     */
    public static CargoInvocation forTargets(
            List<String> subcommand,
            CargoOptions options,
            Path cargo,
            Path rustc,
            List<String> triples,
            Map<String, String> targetEnvironment,
            Map<String, String> inherited) {
        List<String> args = new ArrayList<>();
        args.add(cargo.toString());
        args.addAll(subcommand);
        args.addAll(profileArguments(options.profile()));
        for (String triple : triples) {
            args.add("--target");
            args.add(triple);
        }
        // An argument, not CARGO_TARGET_DIR: cargo hands its environment down to rustc, and a compiler cache
        // (sccache) hashes every CARGO_* variable there, so an absolute path in one would tie every cached
        // compilation to the checkout's directory.
        args.add("--target-dir");
        args.add(options.targetDirectory().toString());
        args.add("--message-format=json-render-diagnostics");
        args.addAll(options.featureArguments());
        if (options.offline()) {
            args.add("--offline");
        }
        args.addAll(options.extraArguments());

        Map<String, String> env = new LinkedHashMap<>();
        // Cargo and the plugin must use the same compiler; a user's RUSTC_WRAPPER still wraps it.
        env.put("RUSTC", rustc.toString());
        // The Maven log is not a terminal: no colour codes unless the user asks for them.
        if (!options.environment().containsKey("CARGO_TERM_COLOR") && !inherited.containsKey("CARGO_TERM_COLOR")) {
            env.put("CARGO_TERM_COLOR", "never");
        }
        env.putAll(targetEnvironment);
        env.putAll(options.environment());
        if (targetEnvironment.containsKey(PATH)) {
            // The plugin's PATH puts its launchers in front of the user's own PATH setting, which it includes.
            env.put(PATH, targetEnvironment.get(PATH));
        }
        return new CargoInvocation(args, env, options.crateDirectory());
    }

    /** {@code release} -> {@code --release}, {@code dev} -> nothing, others -> {@code --profile <name>}. */
    static List<String> profileArguments(String profile) {
        return switch (profile) {
            case "release" -> List.of("--release");
            case "dev", "debug" -> List.of();
            default -> List.of("--profile", profile);
        };
    }
}
