package dev.rustmaven.cargo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the user asked of {@code cargo build}, the same for every target.
 *
 * @param crateDirectory where cargo runs (the directory of {@code Cargo.toml})
 * @param profile the cargo profile ({@code release}, {@code dev} or a custom one)
 * @param features features to enable
 * @param allFeatures whether to enable all features
 * @param noDefaultFeatures whether to disable the default features
 * @param extraArguments appended to {@code cargo build}
 * @param environment the user's extra environment for cargo, applied last
 * @param targetDirectory cargo's target directory ({@code --target-dir})
 * @param offline whether cargo may not use the network ({@code --offline})
 */
public record CargoOptions(
        Path crateDirectory,
        String profile,
        List<String> features,
        boolean allFeatures,
        boolean noDefaultFeatures,
        List<String> extraArguments,
        Map<String, String> environment,
        Path targetDirectory,
        boolean offline) {

    public CargoOptions {
        features = List.copyOf(features);
        extraArguments = List.copyOf(extraArguments);
        environment = Map.copyOf(environment);
    }

    /** {@code --features a,b}, {@code --all-features}, {@code --no-default-features}, as set. */
    public List<String> featureArguments() {
        List<String> args = new ArrayList<>();
        if (!features.isEmpty()) {
            args.add("--features");
            args.add(String.join(",", features));
        }
        if (allFeatures) {
            args.add("--all-features");
        }
        if (noDefaultFeatures) {
            args.add("--no-default-features");
        }
        return args;
    }
}
