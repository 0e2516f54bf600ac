package dev.rustmaven.pipeline;

import dev.rustmaven.cargo.CargoOptions;
import dev.rustmaven.cargo.CargoTree;
import dev.rustmaven.cc.CCompiler;
import dev.rustmaven.cc.CCompilerLocator;
import dev.rustmaven.cc.CEnvironment;
import dev.rustmaven.cc.TargetHeaders;
import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.FileTrees;
import dev.rustmaven.fs.Sha256;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Lets the build scripts of a crate compile C, C++ and assembly for a cross target with the host's clang:
 * finds which crates need a C compiler, finds clang, gets the target's headers, and sets what the
 * {@code cc} crate reads. Does nothing for the host, for a target whose C compiler the user chose, and for
 * a crate without C.
 */
final class CSetup {

    /** Where target roots (headers, start files, C++ library) come from. */
    interface Roots {
        /**
         * A root directory with the target's C headers (and, for gnu targets, glibc's start files and the C++
         * library), installed on first use.
         */
        TargetHeaders headers(Target target) throws BuildException;
    }

    /** Provides the plugin's own archiver when clang comes without {@code llvm-ar}. */
    interface Archivers {
        Path archiver(Target target) throws BuildException;
    }

    /**
     * What the plugin set up for C on one target.
     *
     * @param environment what to add to cargo's environment
     * @param headers where the headers came from
     */
    record Prepared(Map<String, String> environment, TargetHeaders headers) {}

    private final Optional<String> configuredCompiler;
    private final CCompilerLocator locator;
    private final Roots roots;
    private final Archivers archivers;
    private final ProcessRunner runner;
    /** Where cargo tree's answers are kept, across builds and {@code mvn clean}: {@code <cacheDirectory>/cargo-tree}. */
    private final Path answers;

    private final SettingNames names;
    private final HostSystem host;
    private final BuildLog log;
    private CCompiler compiler;

    /** cargo tree's answer for every target at once, by command; empty when it failed. */
    private final Map<List<String>, Optional<Map<String, Set<String>>>> anyTarget = new ConcurrentHashMap<>();

    CSetup(
            Optional<String> configuredCompiler,
            CCompilerLocator locator,
            Roots roots,
            Archivers archivers,
            ProcessRunner runner,
            Path answers,
            SettingNames names,
            HostSystem host,
            BuildLog log) {
        this.host = host;
        this.configuredCompiler = configuredCompiler.filter(s -> !s.isBlank());
        this.locator = locator;
        this.roots = roots;
        this.archivers = archivers;
        this.runner = runner;
        this.answers = answers;
        this.names = names;
        this.log = log;
    }

    /**
     * Sets up C for {@code target}.
     *
     * @param userEnvironment the build's environment with the user's {@code environment} setting on top
     * @return nothing when no C set-up is wanted or needed
     */
    Optional<Prepared> prepare(
            Target target, Toolchain toolchain, CargoOptions options, Map<String, String> userEnvironment)
            throws BuildException {
        if (target.triple().equals(toolchain.host()) || !target.isKnown()) {
            return Optional.empty();
        }
        Optional<String> userCc = CEnvironment.userCompiler(target, userEnvironment);
        if (userCc.isPresent()) {
            log.debug("C for " + target + ": " + userCc.get() + " is set, so the plugin sets nothing for C");
            return Optional.empty();
        }
        Map<String, Set<String>> cCrates = cCrates(target, toolchain, options, userEnvironment);
        if (cCrates.isEmpty()) {
            log.debug("C for " + target + ": no crate of the build uses " + CargoTree.C_HELPERS);
            return Optional.empty();
        }
        CCompiler cc = compiler(target, cCrates);
        TargetHeaders headers = roots.headers(target);
        Path archiver = cc.archiver().isPresent() ? cc.archiver().get() : archivers.archiver(target);
        CEnvironment environment = CEnvironment.forTarget(target, cc, archiver, headers, userEnvironment);
        log.info("C for " + target + " (" + describe(cCrates) + "): " + cc.cc() + " from " + cc.origin()
                + ", headers from " + headers.root() + ", archiver " + archiver);
        environment
                .leftToUser()
                .forEach((name, value) -> log.info("C for " + target + ": leaving " + name
                        + " as you set it; the plugin's value would be: " + value));
        return Optional.of(new Prepared(environment.variables(), headers));
    }

    private CCompiler compiler(Target target, Map<String, Set<String>> cCrates) throws BuildException {
        if (compiler != null) {
            return compiler;
        }
        if (configuredCompiler.isPresent()) {
            try {
                compiler = locator.configured(configuredCompiler.get(), names.name(Setting.CC));
            } catch (IllegalArgumentException e) {
                throw BuildException.configuration(names.name(Setting.CC) + ": " + e.getMessage() + ".");
            }
            return compiler;
        }
        compiler = locator.onPath()
                .orElseThrow(() -> BuildException.configuration(describe(cCrates) + " compile C for " + target
                        + " in their build scripts, and no C compiler was found (looked for "
                        + CCompilerLocator.searchedNames() + " on the PATH). The plugin needs no C cross"
                        + " compiler: the host's clang compiles for every target. Install clang (Debian and"
                        + " Ubuntu: apt-get install clang; Fedora: dnf install clang; macOS: xcode-select --install)"
                        + " or set " + names.name(Setting.CC) + " to a clang executable."));
        return compiler;
    }

    private static String describe(Map<String, Set<String>> cCrates) {
        return cCrates.entrySet().stream()
                .map(e -> e.getKey() + " (through " + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * The crates of the build that use a C build helper for {@code target}, from {@code cargo tree}; the
     * answer is kept in the plugin's cache per crate directory, keyed by the manifest, the lock file, cargo's
     * configuration files and the options, so a rebuild of an unchanged crate does not ask cargo again, after
     * {@code mvn clean} too.
     */
    Map<String, Set<String>> cCrates(
            Target target, Toolchain toolchain, CargoOptions options, Map<String, String> userEnvironment)
            throws BuildException {
        Path cargoHome = host.cargoHome(userEnvironment);
        if (CargoTree.lockRulesOutC(options.crateDirectory(), options.extraArguments(), Optional.of(cargoHome))) {
            log.debug("C for " + target + ": Cargo.lock names none of " + CargoTree.C_HELPERS
                    + " and is up to date with the manifests; cargo tree not run");
            return Map.of();
        }
        // One cargo tree for every target at once first: when no target's dependencies use a C helper (the
        // common case), that answers for each target, and one cargo tree costs as much as one per target.
        List<String> all = CargoTree.commandLine(options, toolchain.cargo(), CargoTree.ALL_TARGETS);
        Optional<Map<String, Set<String>>> any = anyTarget.get(all);
        if (any == null) {
            any = Optional.ofNullable(tree(all, CargoTree.ALL_TARGETS, null, toolchain, options, cargoHome));
            anyTarget.put(all, any);
        }
        if (any.isPresent() && any.get().isEmpty()) {
            log.debug("C for " + target + ": cargo tree --target " + CargoTree.ALL_TARGETS + " lists none of "
                    + CargoTree.C_HELPERS);
            return Map.of();
        }
        return tree(
                CargoTree.commandLine(options, toolchain.cargo(), target.triple()),
                target.triple(),
                target.toString(),
                toolchain,
                options,
                cargoHome);
    }

    /**
     * The crates that use a C build helper according to one {@code cargo tree} command, kept as {@code
     * <answers>/<crate directory's hash>/<name>.tree}: the key (the command, the compiler, the environment cargo
     * resolves with, every {@code Cargo.toml} from the crate's directory up to its lock file's, the lock file and
     * cargo's configuration files), then a {@code manifest <sha256> <path>} line for the manifest of every local
     * package the answer lists (a path dependency or workspace member whose own manifest changed makes another
     * answer), then the answer. Any of them changed: cargo is asked again.
     *
     * @param forWhat the target named in the warning when cargo tree fails (then none is assumed), or null for
     *     the query of every target, whose failure gives null (then each target is asked)
     */
    private Map<String, Set<String>> tree(
            List<String> command,
            String name,
            String forWhat,
            Toolchain toolchain,
            CargoOptions options,
            Path cargoHome)
            throws BuildException {
        String inputs = inputsKey(options, command, cargoHome, toolchain);
        String key = keyWith(inputs, lockFile(options.crateDirectory()));
        Path cached = answersOf(options.crateDirectory()).resolve(name + ".tree");
        try {
            if (Files.isRegularFile(cached)) {
                List<String> lines = Files.readAllLines(cached, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && lines.get(0).equals(key)) {
                    int at = 1;
                    boolean unchanged = true;
                    while (at < lines.size() && lines.get(at).startsWith(MANIFEST)) {
                        String[] manifest =
                                lines.get(at++).substring(MANIFEST.length()).split(" ", 2);
                        unchanged &=
                                manifest.length == 2 && manifest[0].equals(Sha256.ofOrAbsent(Path.of(manifest[1])));
                    }
                    if (unchanged) {
                        return CargoTree.cCrates(lines.subList(at, lines.size()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Could not read " + cached + ": " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        Map<String, String> env = new HashMap<>(options.environment());
        env.put("RUSTC", toolchain.rustc().toString());
        env.put("CARGO_TARGET_DIR", options.targetDirectory().toString());
        int exit;
        try {
            exit = runner.run(
                    new ProcessRunner.Command(command, options.crateDirectory(), env, List.of()), out::add, err::add);
        } catch (IOException e) {
            throw BuildException.environment("Could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BuildException.environment("Interrupted while asking cargo which crates compile C", e);
        }
        if (exit != 0 && forWhat == null) {
            log.debug("cargo tree for every target failed (exit code " + exit + "); asking for each target: "
                    + String.join(" ", err));
            return null;
        }
        if (exit != 0) {
            // cargo build will meet the same problem and report it in full.
            log.warn("Could not tell which crates compile C for " + forWhat + " ('" + String.join(" ", command)
                    + "' failed with exit code " + exit + (err.isEmpty() ? "" : ": " + String.join(" ", err))
                    + "); going on as if none does.");
            return Map.of();
        }
        // Written after the run: cargo tree writes Cargo.lock when it is missing, which changes the key.
        String inputsAfter = inputsKey(options, command, cargoHome, toolchain);
        if (!inputs.equals(inputsAfter)) {
            // a manifest or configuration file saved while cargo ran: its answer may be of either, so not kept
            log.debug("Not keeping cargo tree's answer for " + name + ": a manifest or cargo configuration changed"
                    + " while it ran");
            return CargoTree.cCrates(out);
        }
        try {
            FileTrees.createDirectories(cached.getParent());
            List<String> lines = new ArrayList<>();
            lines.add(keyWith(inputsAfter, lockFile(options.crateDirectory())));
            for (Path manifest : CargoTree.localManifests(out)) {
                lines.add(MANIFEST + Sha256.ofOrAbsent(manifest) + " " + manifest);
            }
            lines.addAll(out);
            // another build of the same crate may write it at the same time
            AtomicPublish.replaceFile(cached, temporary -> {
                Files.write(temporary, lines, StandardCharsets.UTF_8);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            log.debug("Could not keep cargo tree's answer in " + cached + ": " + e.getMessage());
        }
        return CargoTree.cCrates(out);
    }

    private static final String MANIFEST = "manifest ";

    /** The lock file cargo uses: the crate's own, else its workspace's (the nearest one above). */
    private static Path lockFile(Path crateDirectory) {
        for (Path dir : HostSystem.searchedFrom(crateDirectory)) {
            if (Files.isRegularFile(dir.resolve("Cargo.lock"))) {
                return dir.resolve("Cargo.lock");
            }
        }
        return crateDirectory.resolve("Cargo.lock");
    }

    /** The directory of one crate directory's answers: by its real path, so that two checkouts never share one. */
    Path answersOf(Path crateDirectory) {
        String where;
        try {
            where = crateDirectory.toRealPath().toString();
        } catch (IOException e) {
            where = crateDirectory.toAbsolutePath().normalize().toString();
        }
        return answers.resolve(Sha256.of(where.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
    }

    /** The key of one kept answer (see {@link #tree}): that of its other inputs, and the lock file's content. */
    private static String keyWith(String inputs, Path lock) {
        return Sha256.of((inputs + "\n" + Sha256.ofOrAbsent(lock)).getBytes(StandardCharsets.UTF_8));
    }

    /** The key of what an answer depends on besides the lock file, which cargo tree itself may write. */
    private String inputsKey(CargoOptions options, List<String> command, Path cargoHome, Toolchain toolchain) {
        StringBuilder key = new StringBuilder(String.join("\u0000", command));
        // cfg(...) of the target and --cfg in RUSTFLAGS decide which dependencies are there
        key.append('\n').append(toolchain.info().identity());
        Map<String, String> environment = new TreeMap<>();
        host.environment().forEach((k, v) -> {
            if (StampKey.ENVIRONMENT.matcher(k).matches()) {
                environment.put(k, v);
            }
        });
        environment.putAll(options.environment());
        key.append('\n').append(environment);
        List<Path> directories = HostSystem.searchedFrom(options.crateDirectory());
        Path lockDirectory = lockFile(options.crateDirectory()).toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        // the crate's manifest and those above it up to the lock's directory: a workspace's
        // [workspace.dependencies] turns features (and so build dependencies) on
        for (Path dir : directories) {
            files.add(dir.resolve("Cargo.toml"));
            if (dir.equals(lockDirectory)) {
                break;
            }
        }
        // cargo's configuration ([patch], [paths], ...) changes the dependency graph as much as the manifest
        for (Path dir : directories) {
            files.add(dir.resolve(".cargo/config"));
            files.add(dir.resolve(".cargo/config.toml"));
        }
        files.add(cargoHome.resolve("config"));
        files.add(cargoHome.resolve("config.toml"));
        for (Path file : files) {
            key.append('\n').append(Sha256.ofOrAbsent(file));
        }
        return Sha256.of(key.toString().getBytes(StandardCharsets.UTF_8));
    }
}
