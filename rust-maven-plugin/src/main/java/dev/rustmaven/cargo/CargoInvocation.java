package dev.rustmaven.cargo;

import dev.rustmaven.pipeline.BuildRequest;
import dev.rustmaven.triple.Target;
import dev.rustmaven.toolchain.Toolchain;
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

    public CargoInvocation {
        commandLine = List.copyOf(commandLine);
        environment = Map.copyOf(environment);
    }

    /**
     * Assembles the invocation for {@code target}.
     *
     * @param targetEnvironment variables this plugin sets for the target (linker, sysroot); the user's
     *     {@code environment} parameter is applied after them and wins
     */
    public static CargoInvocation forTarget(BuildRequest request, Toolchain toolchain, Target target,
            Map<String, String> targetEnvironment) {
        List<String> args = new ArrayList<>();
        args.add(toolchain.cargo().toString());
        args.add("build");
        args.addAll(profileArguments(request.profile()));
        args.add("--target");
        args.add(target.triple());
        args.add("--message-format=json-render-diagnostics");
        if (!request.features().isEmpty()) {
            args.add("--features");
            args.add(String.join(",", request.features()));
        }
        if (request.allFeatures()) {
            args.add("--all-features");
        }
        if (request.noDefaultFeatures()) {
            args.add("--no-default-features");
        }
        if (request.offline()) {
            args.add("--offline");
        }
        args.addAll(request.cargoArgs());

        Map<String, String> env = new LinkedHashMap<>();
        // Cargo and the plugin must use the same compiler; a user's RUSTC_WRAPPER still wraps it.
        env.put("RUSTC", toolchain.rustc().toString());
        env.put("CARGO_TARGET_DIR", request.cargoTargetDirectory().toString());
        // The Maven log is not a terminal: no colour codes unless the user asks for them.
        if (!request.environment().containsKey("CARGO_TERM_COLOR") && System.getenv("CARGO_TERM_COLOR") == null) {
            env.put("CARGO_TERM_COLOR", "never");
        }
        env.putAll(targetEnvironment);
        env.putAll(request.environment());
        return new CargoInvocation(args, env, request.crateDirectory());
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
