package dev.rustmaven.cargo;

import dev.rustmaven.system.HostSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which crates of a build compile C: the ones with a build dependency on a C build helper ({@code cc},
 * {@code cmake}, {@code bindgen}), read from {@code cargo tree} for the target (so that dependencies of
 * other platforms do not count).
 */
public final class CargoTree {

    /** The build helpers whose users compile C, C++ or assembly (or, for bindgen, parse C headers). */
    public static final Set<String> C_HELPERS = Set.of("cc", "cmake", "bindgen");

    /** {@code cargo tree --target all}: the dependencies of every target, whatever their {@code cfg}. */
    public static final String ALL_TARGETS = "all";

    private static final Pattern HELPER_IN_LOCK = Pattern.compile("(?m)^\\s*name\\s*=\\s*\"(cc|cmake|bindgen)\"\\s*$");
    private static final Pattern PATH_KEY = Pattern.compile("[\"']?\\bpath[\"']?\\s*=");
    private static final Pattern PATCH_OR_PATHS = Pattern.compile("patch|paths");

    private CargoTree() {}

    /**
     * Whether the lock file shows, without asking cargo, that no crate of the build uses a C build helper for
     * any target: the {@code Cargo.lock} of the crate (in its directory or the nearest directory above holding a
     * {@code Cargo.toml}) names no package of {@link #C_HELPERS}, and it cannot be out of date: it is newer than
     * the crate's {@code Cargo.toml} and its own directory's, neither names a path (a path dependency's manifest
     * could have changed since), and no cargo configuration ({@code .cargo/config[.toml]} in the crate's
     * directories or in {@code cargoHome}, {@code --config} in {@code cargoArgs}) patches or overrides packages.
     * Anything else, or anything unreadable: false, so that {@code cargo tree} decides (which costs only time).
     */
    public static boolean lockRulesOutC(Path crateDirectory, List<String> cargoArgs, Optional<Path> cargoHome) {
        try {
            for (String arg : cargoArgs) {
                if (arg.contains("patch") || arg.contains("paths") || arg.startsWith("--config")) {
                    return false;
                }
            }
            Path crate = crateDirectory.toAbsolutePath().normalize();
            List<Path> configDirectories = new ArrayList<>();
            for (Path d : HostSystem.searchedFrom(crate)) {
                configDirectories.add(d.resolve(".cargo"));
            }
            cargoHome.ifPresent(configDirectories::add);
            for (Path d : configDirectories) {
                for (String name : List.of("config", "config.toml")) {
                    Path config = d.resolve(name);
                    if (Files.isRegularFile(config)
                            && PATCH_OR_PATHS
                                    .matcher(Files.readString(config, StandardCharsets.UTF_8))
                                    .find()) {
                        return false;
                    }
                }
            }
            Path dir = crate;
            while (dir != null && !Files.isRegularFile(dir.resolve("Cargo.lock"))) {
                dir = dir.getParent();
                if (dir != null && !Files.isRegularFile(dir.resolve("Cargo.toml"))) {
                    return false;
                }
            }
            if (dir == null) {
                return false;
            }
            Path lock = dir.resolve("Cargo.lock");
            FileTime locked = Files.getLastModifiedTime(lock);
            for (Path manifest : List.of(crate.resolve("Cargo.toml"), dir.resolve("Cargo.toml"))) {
                // The same time is no proof of order (archives and checkouts with coarse or equal times).
                if (Files.getLastModifiedTime(manifest).compareTo(locked) >= 0
                        || PATH_KEY.matcher(Files.readString(manifest, StandardCharsets.UTF_8))
                                .find()) {
                    return false;
                }
            }
            return !HELPER_IN_LOCK
                    .matcher(Files.readString(lock, StandardCharsets.UTF_8))
                    .find();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * {@code cargo tree} for {@code triple}, normal and build edges, one package per line prefixed with its
     * depth, with the same features as the build and those of the build's cargo arguments that change which
     * packages it uses: {@code --config} (a {@code [patch]}, {@code paths} or source replacement given on the
     * command line), {@code --locked} and {@code --frozen}. The others ({@code -j}, {@code --verbose}, ...) are
     * {@code cargo build}'s own.
     */
    public static List<String> commandLine(CargoOptions options, Path cargo, String triple) {
        List<String> args = new ArrayList<>(List.of(
                cargo.toString(),
                "tree",
                "--target",
                triple,
                "-e",
                "normal,build",
                "--prefix",
                "depth",
                "--format",
                "{p}"));
        args.addAll(options.featureArguments());
        List<String> extra = options.extraArguments();
        for (int i = 0; i < extra.size(); i++) {
            String arg = extra.get(i);
            if (arg.equals("--config") && i + 1 < extra.size()) {
                args.add(arg);
                args.add(extra.get(++i));
            } else if (arg.startsWith("--config=") || arg.equals("--locked") || arg.equals("--frozen")) {
                args.add(arg);
            }
        }
        if (options.offline()) {
            args.add("--offline");
        }
        return args;
    }

    /**
     * The manifests of the local packages (path dependencies, workspace members, the crate itself) that {@code cargo
     * tree}'s output with {@code --prefix depth} lists: {@code 0app v0.1.0 (/path)} is {@code /path/Cargo.toml};
     * registry and git packages have no local manifest. Each once, in the order listed.
     */
    public static List<Path> localManifests(List<String> lines) {
        Set<Path> manifests = new LinkedHashSet<>();
        for (String line : lines) {
            int open = line.indexOf(" (");
            while (open >= 0) {
                int close = line.indexOf(')', open);
                if (close < 0) {
                    break;
                }
                String inside = line.substring(open + 2, close);
                try {
                    Path dir = Path.of(inside);
                    if (dir.isAbsolute()) {
                        manifests.add(dir.resolve("Cargo.toml"));
                    }
                } catch (InvalidPathException e) {
                    // a git source or a marker such as (*): no local manifest
                }
                open = line.indexOf(" (", close);
            }
        }
        return new ArrayList<>(manifests);
    }

    /**
     * The crates that use a C build helper, each with the helpers it uses, from {@code cargo tree}'s output
     * with {@code --prefix depth} ({@code 0app v0.1.0 (/path)}, {@code 1ring v0.16.20}, {@code 2cc v1.0.73}).
     * Lines that are not packages (warnings, blank lines) are ignored.
     *
     * @return crate name and version ({@code ring v0.16.20}) to the helpers it depends on, in the tree's order
     */
    public static Map<String, Set<String>> cCrates(List<String> lines) {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        List<String> stack = new ArrayList<>();
        for (String line : lines) {
            int digits = 0;
            while (digits < line.length() && Character.isDigit(line.charAt(digits))) {
                digits++;
            }
            if (digits == 0 || digits == line.length()) {
                continue;
            }
            int depth = Integer.parseInt(line.substring(0, digits));
            String[] words = line.substring(digits).trim().split("\\s+");
            if (words.length < 2 || !words[1].startsWith("v") || depth > stack.size()) {
                continue;
            }
            String crate = words[0] + " " + words[1];
            while (stack.size() > depth) {
                stack.remove(stack.size() - 1);
            }
            if (depth > 0 && C_HELPERS.contains(words[0])) {
                String parent = stack.get(depth - 1);
                // A helper using another (cmake uses cc) compiles nothing itself.
                if (!C_HELPERS.contains(parent.substring(0, parent.indexOf(' ')))) {
                    result.computeIfAbsent(parent, k -> new TreeSet<>()).add(words[0]);
                }
            }
            stack.add(crate);
        }
        return result;
    }
}
