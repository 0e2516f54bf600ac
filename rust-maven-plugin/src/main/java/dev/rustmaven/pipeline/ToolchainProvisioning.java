package dev.rustmaven.pipeline;

import dev.rustmaven.config.InvalidSettingException;
import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.distribution.DistException;
import dev.rustmaven.distribution.InstalledToolchain;
import dev.rustmaven.distribution.ToolchainInstaller;
import dev.rustmaven.distribution.ToolchainSpec;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.toolchain.ToolchainException;
import dev.rustmaven.toolchain.ToolchainFile;
import dev.rustmaven.toolchain.ToolchainLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which cargo and rustc a build uses, and provides them, logging the choice once:
 * <ol>
 *   <li>the {@code version} setting: a toolchain the plugin fetches and caches itself;
 *   <li>else the {@code cargo}/{@code rustc} settings (and the {@code CARGO}/{@code RUSTC} variables, the
 *       PATH, {@code ~/.cargo/bin}) when they are set;
 *   <li>else the crate's {@code rust-toolchain.toml} (or legacy {@code rust-toolchain}): left to rustup when
 *       the machine has rustup (its cargo and rustc honour the file themselves), else its {@code channel}
 *       fetched like {@code version}, or its {@code path};
 *   <li>else cargo and rustc from the environment and the PATH.
 * </ol>
 * A toolchain file's {@code targets} are built when the {@code targets} setting is not set.
 */
public final class ToolchainProvisioning {

    private final ToolchainLocator locator;
    private final ToolchainInstaller installer;
    private final Optional<String> host;
    private final Optional<Path> rustup;
    private final Map<String, String> environment;
    private final boolean windows;
    private final SettingNames names;
    private final BuildLog log;
    private final Map<Key, Selected> selected = new HashMap<>();
    private final Set<String> logged = new HashSet<>();

    /**
     * @param host the machine's Rust host triple, when it is one Rust publishes toolchains for
     * @param rustup the machine's rustup, if it has one: it then honours toolchain files itself
     * @param environment the build's environment: {@code CARGO} and {@code RUSTC} there win over a toolchain file
     * @param windows whether executables end in {@code .exe}
     */
    public ToolchainProvisioning(
            ToolchainLocator locator,
            ToolchainInstaller installer,
            Optional<String> host,
            Optional<Path> rustup,
            Map<String, String> environment,
            boolean windows,
            SettingNames names,
            BuildLog log) {
        this.locator = locator;
        this.installer = installer;
        this.host = host;
        this.rustup = rustup;
        this.environment = Map.copyOf(environment);
        this.windows = windows;
        this.names = names;
        this.log = log;
    }

    /**
     * The toolchain chosen for a request, and the targets its toolchain file asks for.
     *
     * @param toolchain the cargo and rustc to use
     * @param fileTargets {@code [toolchain] targets} of the toolchain file that chose the toolchain, else empty
     * @param file that toolchain file, or empty
     */
    public record Selected(Toolchain toolchain, List<String> fileTargets, String file) {
        public Selected {
            fileTargets = List.copyOf(fileTargets);
        }
    }

    private record Key(Path crate, Optional<String> cargo, Optional<String> rustc, Optional<String> version) {}

    /** Chooses (and when needed installs) the toolchain of {@code request}; the choice is logged once. */
    public synchronized Selected select(BuildRequest request) throws BuildException {
        Key key = new Key(request.crateDirectory(), request.cargo(), request.rustc(), request.rustVersion());
        Selected known = selected.get(key);
        if (known == null) {
            known = choose(request);
            selected.put(key, known);
        }
        return known;
    }

    /**
     * The triples to build: the request's, else the host and the toolchain file's {@code targets}; empty means
     * the host.
     */
    public synchronized List<String> targets(BuildRequest request) throws BuildException {
        Selected choice = select(request);
        if (choice.fileTargets().isEmpty()) {
            return request.targets();
        }
        if (!request.targets().isEmpty()) {
            logOnce("The targets of " + choice.file() + " are not used: " + names.name(Setting.TARGETS)
                    + " is set and wins.");
            return request.targets();
        }
        logOnce("Building for the host and the targets of " + choice.file() + ": "
                + String.join(", ", choice.fileTargets()));
        LinkedHashSet<String> triples = new LinkedHashSet<>();
        triples.add(choice.toolchain().host());
        triples.addAll(choice.fileTargets());
        return List.copyOf(triples);
    }

    private Selected choose(BuildRequest request) throws BuildException {
        Optional<ToolchainFile> file = toolchainFile(request.crateDirectory());
        file.ifPresent(f -> f.warnings().forEach(log::warn));
        boolean explicitTools = request.cargo().isPresent() || request.rustc().isPresent();
        // CARGO and RUSTC name a toolchain as the settings do (not where rust.version is set: then they are not used)
        Optional<String> toolVariable = TOOL_VARIABLES.stream()
                .filter(v -> environment.containsKey(v) && !environment.get(v).isBlank())
                .findFirst();
        if (request.rustVersion().isPresent()) {
            String version = request.rustVersion().get();
            if (explicitTools) {
                throw BuildException.invalid(
                        new InvalidSettingException(
                                Setting.VERSION,
                                "'" + version + "' asks for a toolchain the plugin installs, but "
                                        + names.name(request.cargo().isPresent() ? Setting.CARGO : Setting.RUSTC)
                                        + " names a toolchain too. Remove one of them."),
                        names);
            }
            file.ifPresent(f -> log.info("The toolchain file " + f.file() + " is not used: "
                    + names.name(Setting.VERSION) + " is set and wins."));
            ToolchainSpec spec = parse(version);
            return new Selected(
                    provisioned(spec, request, names.name(Setting.VERSION) + " = " + version), List.of(), "");
        }
        if (explicitTools || toolVariable.isPresent() || file.isEmpty()) {
            String winner = explicitTools
                    ? names.name(request.cargo().isPresent() ? Setting.CARGO : Setting.RUSTC)
                    : "the environment variable " + toolVariable.orElse("");
            file.ifPresent(
                    f -> log.info("The toolchain file " + f.file() + " is not used: " + winner + " is set and wins."));
            Toolchain toolchain = locate(request.cargo(), request.rustc(), request.crateDirectory());
            log.info("Using " + toolchain.info().versionLine() + " (" + toolchain.rustc() + ") and "
                    + toolchain.cargo());
            return new Selected(toolchain, List.of(), "");
        }
        ToolchainFile f = file.get();
        Toolchain toolchain;
        if (rustup.isPresent()) {
            toolchain = locate(request.cargo(), request.rustc(), request.crateDirectory());
            log.info("Using " + toolchain.info().versionLine() + " (" + toolchain.rustc() + "): the toolchain file "
                    + f.file() + " is left to rustup (" + rustup.get() + "), which honours it");
        } else if (f.path().isPresent()) {
            Path dir = f.path().get();
            for (String tool : List.of("cargo", "rustc")) {
                if (!Files.isExecutable(executable(dir, tool))) {
                    throw BuildException.configuration("The toolchain file " + f.file() + ": path " + dir + " has no"
                            + " executable bin/" + executable(dir, tool).getFileName() + ". Give the directory of a"
                            + " Rust installation (the one holding bin/cargo and bin/rustc), or a channel instead.");
                }
            }
            toolchain = locate(
                    Optional.of(executable(dir, "cargo").toString()),
                    Optional.of(executable(dir, "rustc").toString()),
                    request.crateDirectory());
            log.info("Using " + toolchain.info().versionLine() + " from " + dir + " (path in " + f.file() + ")");
        } else {
            String channel = f.channel().orElseThrow();
            ToolchainSpec spec = parseFileChannel(channel, f);
            toolchain = provisioned(spec, request, "channel = \"" + channel + "\" in " + f.file());
        }
        return new Selected(toolchain, f.targets(), f.file().toString());
    }

    private static final List<String> TOOL_VARIABLES = List.of("CARGO", "RUSTC");

    private Path executable(Path installation, String tool) {
        return installation.resolve("bin").resolve(windows ? tool + ".exe" : tool);
    }

    private void logOnce(String message) {
        if (logged.add(message)) {
            log.info(message);
        }
    }

    private Optional<ToolchainFile> toolchainFile(Path crateDirectory) throws BuildException {
        try {
            return ToolchainFile.find(crateDirectory);
        } catch (ToolchainFile.ToolchainFileException e) {
            throw new BuildException(BuildException.Kind.CONFIGURATION, e.getMessage(), e);
        }
    }

    private Toolchain provisioned(ToolchainSpec spec, BuildRequest request, String why) throws BuildException {
        String triple = host.orElseThrow(() -> BuildException.configuration(
                "This machine is not one the Rust project publishes toolchains the plugin can install for, so " + why
                        + " cannot be installed. Install Rust yourself (rustup honours a toolchain file), "
                        + (request.rustVersion().isPresent() ? "remove " + names.name(Setting.VERSION) + " and " : "")
                        + "set " + names.name(Setting.CARGO) + " and " + names.name(Setting.RUSTC)
                        + " or put cargo and rustc on the PATH."));
        InstalledToolchain installed;
        try {
            installed = installer.ensure(spec, triple);
        } catch (DistException e) {
            throw new BuildException(
                    e.reason().userFixable() ? BuildException.Kind.CONFIGURATION : BuildException.Kind.ENVIRONMENT,
                    "Could not provide the Rust toolchain '" + spec + "' (" + why + "): " + e.getMessage(),
                    e);
        }
        for (String tool : List.of("cargo", "rustc")) {
            if (!Files.isExecutable(installed.executable(tool))) {
                throw BuildException.environment(
                        "The Rust toolchain in " + installed.directory() + " has no executable "
                                + installed.executable(tool).getFileName() + " in bin/ (a damaged cache). Delete "
                                + installed.directory() + " and build again.",
                        null);
            }
        }
        Toolchain toolchain = locate(
                Optional.of(installed.executable("cargo").toString()),
                Optional.of(installed.executable("rustc").toString()),
                request.crateDirectory());
        if (!toolchain.info().release().equals(installed.compiler().release())) {
            throw BuildException.environment(
                    "The toolchain in " + installed.directory() + " should be "
                            + installed.compiler().describe()
                            + " but its rustc says " + toolchain.info().versionLine() + ". Delete "
                            + installed.directory() + " and build again.",
                    null);
        }
        log.info("Using Rust toolchain '" + spec + "': " + toolchain.info().versionLine() + " (" + why + "; "
                + installed.origin() + ")");
        return toolchain;
    }

    private Toolchain locate(Optional<String> cargo, Optional<String> rustc, Path directory) throws BuildException {
        try {
            return locator.locate(cargo, rustc, directory);
        } catch (ToolchainException e) {
            throw BuildException.from(e);
        }
    }

    private ToolchainSpec parse(String value) throws BuildException {
        try {
            return ToolchainSpec.parse(value, host.orElse(null));
        } catch (IllegalArgumentException e) {
            throw BuildException.invalid(new InvalidSettingException(Setting.VERSION, e.getMessage()), names);
        }
    }

    private ToolchainSpec parseFileChannel(String channel, ToolchainFile file) throws BuildException {
        try {
            return ToolchainSpec.parse(channel, host.orElse(null));
        } catch (IllegalArgumentException e) {
            throw BuildException.configuration("The toolchain file " + file.file() + ": channel " + e.getMessage()
                    + ". Or give the toolchain's directory as [toolchain] path.");
        }
    }
}
