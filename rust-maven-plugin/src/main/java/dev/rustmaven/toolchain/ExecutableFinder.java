package dev.rustmaven.toolchain;

import dev.rustmaven.system.HostSystem;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds an executable the way a shell would: an explicit path, else a name looked up on {@code PATH},
 * then in cargo's own bin directory ({@code $CARGO_HOME/bin}, else {@code $HOME/.cargo/bin}) because IDEs
 * and CI agents often start Maven without the rustup-managed directory on {@code PATH}.
 */
public final class ExecutableFinder {

    private final Map<String, String> env;
    private final Path userHome;
    private final boolean windows;

    public ExecutableFinder(Map<String, String> env, Path userHome, boolean windows) {
        this.env = Map.copyOf(env);
        this.userHome = userHome;
        this.windows = windows;
    }

    /** A finder for {@code host}'s environment. */
    public static ExecutableFinder forHost(HostSystem host) {
        return new ExecutableFinder(host.environment(), host.userHome(), host.isWindows());
    }

    /**
     * Resolves {@code nameOrPath}: a value with a directory part must name an existing file; a bare
     * name is looked up on {@code PATH} and in cargo's bin directory.
     */
    public Optional<Path> find(String nameOrPath) {
        if (nameOrPath.contains("/") || nameOrPath.contains(File.separator)) {
            Path p = Path.of(nameOrPath);
            return isExecutableFile(p) ? Optional.of(p.toAbsolutePath()) : withSuffix(p);
        }
        for (Path dir : searchPath()) {
            Path candidate = dir.resolve(nameOrPath);
            if (isExecutableFile(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
            Optional<Path> suffixed = withSuffix(candidate);
            if (suffixed.isPresent()) {
                return suffixed;
            }
        }
        return Optional.empty();
    }

    /** The directories searched for a bare name, in order. */
    public List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>(
                HostSystem.splitPath(env.getOrDefault("PATH", env.getOrDefault("Path", "")), windows ? ";" : ":"));
        dirs.add(cargoBin());
        return dirs;
    }

    /**
     * Cargo's own bin directory, where rustup puts its proxies: {@code $CARGO_HOME/bin}, else {@code .cargo/bin} in
     * the home directory cargo uses ({@code HOME}, see {@link HostSystem#toolHome}).
     */
    public Path cargoBin() {
        return HostSystem.cargoHome(env, userHome, windows).resolve("bin");
    }

    /** Rustup's home: {@code RUSTUP_HOME}, else {@code .rustup} in the home directory rustup uses. */
    public Path rustupHome() {
        return HostSystem.rustupHome(env, userHome, windows);
    }

    /** The value of an environment variable, when set and not blank. */
    public Optional<String> env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private Optional<Path> withSuffix(Path p) {
        if (!windows) {
            return Optional.empty();
        }
        Path exe = p.resolveSibling(p.getFileName() + ".exe");
        return isExecutableFile(exe) ? Optional.of(exe.toAbsolutePath()) : Optional.empty();
    }

    private boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && (windows || Files.isExecutable(p));
    }
}
