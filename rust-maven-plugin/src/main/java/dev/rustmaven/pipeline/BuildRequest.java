package dev.rustmaven.pipeline;

import dev.rustmaven.cargo.CargoOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one {@code rust:build} needs to know, as the user configured it.
 *
 * @param crateDirectory the directory holding {@code Cargo.toml}
 * @param targets the target triples; empty means the host
 * @param profile the cargo profile ({@code release}, {@code dev} or a custom one)
 * @param features features to enable
 * @param allFeatures whether to enable all features
 * @param noDefaultFeatures whether to disable the default features
 * @param cargoArgs extra arguments appended to {@code cargo build}
 * @param environment extra environment variables for cargo
 * @param cargo the cargo executable, if configured
 * @param rustc the rustc executable, if configured
 * @param rustVersion the Rust toolchain the plugin installs and uses ({@code 1.85.0}, {@code stable}), if configured
 * @param cargoTargetDirectory cargo's target directory ({@code --target-dir})
 */
public record BuildRequest(
        Path crateDirectory,
        List<String> targets,
        String profile,
        List<String> features,
        boolean allFeatures,
        boolean noDefaultFeatures,
        List<String> cargoArgs,
        Map<String, String> environment,
        Optional<String> cargo,
        Optional<String> rustc,
        Optional<String> rustVersion,
        Path cargoTargetDirectory) {

    public BuildRequest {
        targets = List.copyOf(targets);
        features = List.copyOf(features);
        cargoArgs = List.copyOf(cargoArgs);
        environment = Map.copyOf(environment);
    }

    /** A request with the defaults for {@code crateDirectory}, for tests and callers that set little. */
    public static BuildRequest defaults(Path crateDirectory, Path cargoTargetDirectory) {
        return new BuildRequest(
                crateDirectory,
                List.of(),
                "release",
                List.of(),
                false,
                false,
                List.of(),
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                cargoTargetDirectory);
    }

    /** A request that only names the toolchain and the targets (what {@code rust:fetch} needs). */
    public static BuildRequest forToolchain(
            Path directory,
            List<String> targets,
            Optional<String> cargo,
            Optional<String> rustc,
            Optional<String> rustVersion) {
        return new BuildRequest(
                directory,
                targets,
                "release",
                List.of(),
                false,
                false,
                List.of(),
                Map.of(),
                cargo,
                rustc,
                rustVersion,
                directory.resolve("target"));
    }

    public BuildRequest withTargets(List<String> newTargets) {
        return new BuildRequest(
                crateDirectory,
                newTargets,
                profile,
                features,
                allFeatures,
                noDefaultFeatures,
                cargoArgs,
                environment,
                cargo,
                rustc,
                rustVersion,
                cargoTargetDirectory);
    }

    /** What cargo is asked for every target. */
    public CargoOptions cargoOptions(boolean offline) {
        return new CargoOptions(
                crateDirectory,
                profile,
                features,
                allFeatures,
                noDefaultFeatures,
                cargoArgs,
                environment,
                cargoTargetDirectory,
                offline);
    }
}
