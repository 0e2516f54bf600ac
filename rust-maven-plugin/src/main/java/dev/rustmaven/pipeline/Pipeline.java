package dev.rustmaven.pipeline;

import dev.rustmaven.archiver.ArchiverLauncher;
import dev.rustmaven.archiver.ArchiverMain;
import dev.rustmaven.cargo.CargoManifest;
import dev.rustmaven.cargo.CargoOptions;
import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.cargo.PathDependencies;
import dev.rustmaven.cc.CCompilerLocator;
import dev.rustmaven.debian.AptSources;
import dev.rustmaven.debian.DebianException;
import dev.rustmaven.debian.TargetRoots;
import dev.rustmaven.distribution.CacheLayout;
import dev.rustmaven.distribution.ComponentProvisioner;
import dev.rustmaven.distribution.DistServer;
import dev.rustmaven.distribution.DownloadListener;
import dev.rustmaven.distribution.Downloader;
import dev.rustmaven.distribution.LoggingDownloadListener;
import dev.rustmaven.distribution.ToolchainInstaller;
import dev.rustmaven.glibc.GlibcStubs;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.glibc.StatWrappers;
import dev.rustmaven.link.LauncherWriter;
import dev.rustmaven.link.LldLocator;
import dev.rustmaven.link.NativeFrontEnd;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.log.PlainTextLog;
import dev.rustmaven.packaging.NativeJar;
import dev.rustmaven.packaging.NativePackaging;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.toolchain.ExecutableFinder;
import dev.rustmaven.toolchain.HostTriple;
import dev.rustmaven.toolchain.RustcAnswers;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.toolchain.ToolchainLocator;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one way into the core: wires the steps from {@link PipelineSettings} once, then builds a crate
 * ({@link #build}, for {@code rust:build}), tests it ({@link #test}, for {@code rust:test}) or only provisions its targets ({@link #provision}, for
 * {@code rust:fetch}). A goal's {@code execute()} is: skip check, request, one call here, attach.
 */
public final class Pipeline {

    private final PipelineSettings settings;
    private final BuildLog log;
    private final StdProvisioning std;
    private final LldProvisioning lld;
    private final RustBuild rustBuild;
    private final RustTests rustTests;
    private final CSetup cSetup;
    private final CRoots roots;

    private Pipeline(
            PipelineSettings settings,
            BuildLog log,
            StdProvisioning std,
            LldProvisioning lld,
            RustBuild rustBuild,
            RustTests rustTests,
            CSetup cSetup,
            CRoots roots) {
        this.settings = settings;
        this.log = log;
        this.std = std;
        this.lld = lld;
        this.rustBuild = rustBuild;
        this.rustTests = rustTests;
        this.cSetup = cSetup;
        this.roots = roots;
    }

    /** Wires every step of a build from {@code settings}. */
    public static Pipeline create(PipelineSettings settings, BuildLog buildLog) {
        // Tools print colours and progress bars when they think they talk to a terminal; the log gets plain text.
        BuildLog log = PlainTextLog.of(buildLog);
        ProcessRunner runner = new ProcessRunner();
        ToolchainLocator toolchains = new ToolchainLocator(
                ExecutableFinder.forHost(settings.host()),
                runner,
                settings.names(),
                Optional.of(new RustcAnswers(settings.cacheRoot().resolve("rustc-answers"))));
        DownloadListener progress = settings.showProgress() ? new LoggingDownloadListener(log) : DownloadListener.NONE;
        Downloader downloader = new Downloader(settings.download(), progress, log);
        ComponentProvisioner provisioner = new ComponentProvisioner(
                new CacheLayout(settings.cacheRoot()),
                settings.distServer(),
                downloader,
                new ComponentProvisioner.Options(
                        settings.offline(), settings.names().fetchAdvice("{target}")),
                log);
        StdProvisioning std = new StdProvisioning(
                provisioner,
                settings.distServer().equals(DistServer.official()),
                settings.workDirectory(),
                settings.host().isWindows(),
                settings.names(),
                log);
        LldProvisioning lld = new LldProvisioning(
                LldLocator.forHost(settings.host()),
                provisioner,
                settings.host(),
                settings.linker(),
                settings.names(),
                log);
        Path cache = settings.cacheRoot();
        CRoots roots =
                new CRoots(settings.linking().sysroot(), debianRoots(settings, downloader, log), settings.names());
        LinkSetup linkSetup = new LinkSetup(
                settings.linking(),
                lld,
                new GlibcStubs(cache.resolve("glibc-stubs"), log),
                new StatWrappers(cache.resolve("stat-wrappers"), runner, log),
                settings.host(),
                settings.workDirectory(),
                roots,
                settings.names(),
                log,
                new NativeFrontEnd(cache.resolve("linker-front-end"), runner));
        CSetup cSetup = new CSetup(
                settings.c().compiler(),
                new CCompilerLocator(ExecutableFinder.forHost(settings.host())),
                roots,
                target -> archiver(settings),
                runner,
                settings.cacheRoot().resolve("cargo-tree"),
                settings.names(),
                settings.host(),
                log);
        LinkPolicy policy = new LinkPolicy(settings.linking().linking(), settings.host(), settings.names());
        ToolchainProvisioning provisioning = new ToolchainProvisioning(
                toolchains,
                new ToolchainInstaller(
                        new CacheLayout(settings.cacheRoot()),
                        settings.distServer(),
                        downloader,
                        settings.offline(),
                        log),
                HostTriple.of(settings.host()),
                ExecutableFinder.forHost(settings.host()).find("rustup"),
                settings.host().environment(),
                settings.host().isWindows(),
                settings.names(),
                log);
        RustBuild rustBuild = new RustBuild(provisioning, runner, std, policy, linkSetup, cSetup, settings, log);
        return new Pipeline(
                settings, log, std, lld, rustBuild, new RustTests(rustBuild, runner, settings, log), cSetup, roots);
    }

    /** The default keyring of Debian's archive on a Debian machine. */
    static final Path DEBIAN_KEYRING = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");

    /**
     * Installs target roots from the Debian archive: the configured mirror, else the one this machine's apt
     * uses for the suite; the configured keyring, else Debian's where the machine has it.
     */
    private static CRoots.Installer debianRoots(PipelineSettings settings, Downloader downloader, BuildLog log) {
        CSettings c = settings.c();
        String suite = c.debianSuite().orElse(CSettings.DEFAULT_DEBIAN_SUITE);
        String mirror = c.debianMirror()
                .or(() -> AptSources.archiveFor(suite, settings.host().aptSourceTexts()))
                .orElse(null);
        Path keyring = c.debianKeyring()
                .or(() -> Optional.of(DEBIAN_KEYRING).filter(Files::isRegularFile))
                .orElse(null);
        TargetRoots debian = new TargetRoots(
                new CacheLayout(settings.cacheRoot()),
                new TargetRoots.Settings(mirror, suite, keyring, settings.offline()),
                downloader,
                settings.names(),
                log);
        return (arch, packages) -> {
            try {
                return debian.provision(arch, packages);
            } catch (DebianException e) {
                String message = e.getMessage()
                        + (mirror == null && c.debianMirror().isEmpty()
                                ? " (No default: this machine's apt sources name no archive for " + suite + ".)"
                                : "");
                throw e.reason().userFixable()
                        ? BuildException.configuration(message)
                        : BuildException.environment(message, e);
            }
        };
    }

    /** The plugin's own {@code ar} for build scripts, for when clang comes without {@code llvm-ar}. */
    private static Path archiver(PipelineSettings settings) throws BuildException {
        try {
            return ArchiverLauncher.write(
                    new LauncherWriter(settings.host(), List.of(LauncherWriter.codeSourceOf(ArchiverMain.class))),
                    settings.workDirectory().resolve("ar"));
        } catch (IOException e) {
            throw BuildException.environment(
                    "Could not write the archiver launcher in " + settings.workDirectory() + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a build produced and what to attach: the raw outputs and the per-target jars.
     *
     * @param upToDate whether the outputs of an earlier build were reused, cargo not run
     * @param files every file the build wrote or reused (outputs, jars, bundled copies)
     */
    public record BuildResult(
            RustBuild.Result build, List<Attachment> attachments, boolean upToDate, List<Path> files) {
        public BuildResult {
            attachments = List.copyOf(attachments);
            files = List.copyOf(files);
        }
    }

    /**
     * How {@link #build(BuildRequest, PackagingRequest, Optional)} skips a build that has nothing to do.
     *
     * @param name names the stamp, so that several builds of one project (Maven executions) keep their own
     * @param pluginVersion the version of the plugin: another one rebuilds
     * @param force whether to build even when nothing changed
     */
    public record Incremental(String name, String pluginVersion, boolean force) {}

    /**
     * Builds the crate for every target, checks the outputs and packs the shared libraries, every time.
     *
     * @return what to attach (classified by triple); the caller decides whether to attach it
     */
    public BuildResult build(BuildRequest request, PackagingRequest packaging) throws BuildException {
        return build(request, packaging, Optional.empty());
    }

    /**
     * Builds the crate for every target, checks the outputs and packs the shared libraries; with
     * {@code incremental}, runs neither cargo nor the packing when the stamp of the last build says nothing
     * changed since (see {@link BuildStamp}), and returns that build's outputs.
     *
     * @return what to attach (classified by triple); the caller decides whether to attach it
     */
    public BuildResult build(BuildRequest request, PackagingRequest packaging, Optional<Incremental> incremental)
            throws BuildException {
        if (incremental.isEmpty()) {
            warnOfAbsolutePaths(request, packaging);
            return pack(rustBuild.build(request), packaging);
        }
        // Cargo.toml is read (with its checks and warnings) only when the build runs: an unchanged stamp means
        // every manifest of the crate's packages is as it was at the last build, which read and checked them.
        // Reading TOML is the largest cost of a build with nothing to do (the parser's start-up).
        if (!Files.isRegularFile(request.crateDirectory().resolve("Cargo.toml"))) {
            rustBuild.checkManifest(request, true); // fails, saying where Cargo.toml was expected
        }
        Toolchain toolchain = rustBuild.toolchain(request);
        List<Target> targets = rustBuild.targets(request, toolchain);
        StampKey.Context context = new StampKey.Context(
                incremental.get().pluginVersion(), pluginCode(), toolchain, targets, packaging, settings);
        Path stampFile =
                settings.workDirectory().resolve(stampName(incremental.get().name()));
        Optional<BuildStamp> last = BuildStamp.read(stampFile);
        SortedMap<String, String> key = StampKey.of(
                request,
                context,
                last.map(l -> StampKey.environmentNames(l.key())).orElse(List.of()));
        if (last.isEmpty()) {
            log.debug("Building: no stamp of an earlier build in " + stampFile);
        } else if (incremental.get().force()) {
            log.debug("Building although the stamp may say nothing changed: forced");
        } else {
            Optional<String> change = last.get().firstChange(key);
            if (change.isEmpty()) {
                Optional<BuildResult> reused = reuse(last.get(), toolchain, targets, packaging);
                if (reused.isPresent()) {
                    log.info("Rust outputs are up to date (no change in "
                            + last.get().inputs().size() + " inputs); cargo not run");
                    return reused.get();
                }
                log.debug("Building: the stamp " + stampFile + " cannot be read back");
            }
            log.debug("Building: " + change.get() + " since the last build");
        }
        try {
            Files.deleteIfExists(stampFile);
        } catch (IOException e) {
            throw BuildException.environment(
                    "Could not delete the build stamp " + stampFile + ": " + e.getMessage(), e);
        }
        warnOfAbsolutePaths(request, packaging);
        CargoManifest manifest = rustBuild.checkManifest(request, true);
        Instant started = Instant.now();
        std.prefetch(toolchain, targets);
        BuildResult built = pack(rustBuild.build(request, manifest, toolchain, targets), packaging);
        writeStamp(stampFile, request, context, built, started);
        return built;
    }

    /** The stamp's file name for a build called {@code name}. */
    static String stampName(String name) {
        return "build-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".stamp";
    }

    /** The plugin's own jar (or classes directory), whose change rebuilds too (a snapshot rebuilt in place). */
    private static Optional<Path> pluginCode() {
        try {
            return Optional.of(Path.of(Pipeline.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Packs the shared libraries of a fresh build. */
    private BuildResult pack(RustBuild.Result result, PackagingRequest packaging) throws BuildException {
        List<Attachment> attachments = classified(Attachment.plan(result.outputs()), packaging);
        List<Path> files = new ArrayList<>();
        List<NativeJar.Library> libraries = new ArrayList<>();
        for (BuiltOutput o : result.outputs()) {
            files.add(o.output().file());
            if (o.output().kind() == CargoOutput.Kind.SHARED_LIBRARY) {
                libraries.add(
                        new NativeJar.Library(o.target().triple(), o.output().file(), result.describe(o)));
            }
        }
        try {
            NativePackaging.Packed packed = new NativePackaging(log)
                    .pack(
                            libraries,
                            packaging.jarDirectory(),
                            packaging.prefixedJarBaseName(),
                            packaging.timestamp(),
                            packaging.bundleInto());
            packed.jars().forEach(j -> attachments.add(Attachment.jar(packaging.classify(j.triple()), j.jar())));
            packed.jars().forEach(j -> files.add(j.jar()));
            files.addAll(packed.bundled());
        } catch (IOException e) {
            throw BuildException.environment("Packing the native libraries failed: " + e.getMessage(), e);
        }
        return new BuildResult(result, attachments, false, files);
    }

    /** The planned attachments with the execution's classifier prefix, if any. */
    private static List<Attachment> classified(List<Attachment> planned, PackagingRequest packaging) {
        List<Attachment> attachments = new ArrayList<>();
        for (Attachment a : planned) {
            attachments.add(new Attachment(a.file(), a.type(), packaging.classify(a.classifier())));
        }
        return attachments;
    }

    /** The result of the build a stamp recorded, its files unchanged since. */
    private static Optional<BuildResult> reuse(
            BuildStamp stamp, Toolchain toolchain, List<Target> targets, PackagingRequest packaging) {
        if (stamp.built().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(reused(stamp, toolchain, targets, packaging));
        } catch (RuntimeException e) {
            // a damaged triple or floor in the stamp: build instead
            return Optional.empty();
        }
    }

    private static BuildResult reused(
            BuildStamp stamp, Toolchain toolchain, List<Target> targets, PackagingRequest packaging) {
        Map<String, Target> byTriple = new HashMap<>();
        targets.forEach(t -> byTriple.put(t.triple(), t));
        List<BuiltOutput> outputs = new ArrayList<>();
        for (BuildStamp.Built b : stamp.built()) {
            outputs.add(new BuiltOutput(
                    byTriple.computeIfAbsent(b.triple(), Target::parse),
                    new CargoOutput(b.kind(), b.targetName(), b.file())));
        }
        Map<String, GlibcVersion> floors = new HashMap<>();
        stamp.floors().forEach((t, f) -> floors.put(t, GlibcVersion.parse(f)));
        // The stamp records the jars by their classifiers, prefix included.
        List<Attachment> attachments = classified(Attachment.plan(outputs), packaging);
        stamp.jars().forEach((classifier, jar) -> attachments.add(Attachment.jar(classifier, jar)));
        return new BuildResult(
                new RustBuild.Result(toolchain, targets, outputs, floors),
                attachments,
                true,
                List.copyOf(stamp.outputs().keySet()));
    }

    /**
     * Records what a successful build read and wrote, for the next one. Writes nothing (so the next build runs
     * cargo again) when an input cannot be read, cargo left no dep-info, or the build made nothing.
     */
    private void writeStamp(
            Path stampFile, BuildRequest request, StampKey.Context context, BuildResult built, Instant started)
            throws BuildException {
        if (built.build().outputs().isEmpty()) {
            log.debug("No build stamp: the build made nothing");
            return;
        }
        try {
            Set<Path> inputs = new TreeSet<>();
            Set<String> scriptEnvironment = new TreeSet<>();
            Set<Path> outputDirectories = new TreeSet<>();
            built.build()
                    .outputs()
                    .forEach(o -> outputDirectories.add(o.output().file().getParent()));
            for (Path dir : outputDirectories) {
                SortedSet<Path> listed = DepInfo.inputs(dir);
                if (listed.isEmpty()) {
                    log.debug("No build stamp: no dep-info files in " + dir);
                    return;
                }
                for (Path input : listed) {
                    if (!Files.exists(input)) {
                        // e.g. paths relative to build.dep-info-basedir: what they name cannot be watched
                        log.debug("No build stamp: the dep-info input " + input + " does not exist");
                        return;
                    }
                }
                inputs.addAll(listed);
                scriptEnvironment.addAll(DepInfo.buildScriptEnvironment(dir));
                scriptEnvironment.addAll(DepInfo.compiledEnvironment(dir));
            }
            Path cargoTarget = request.cargoTargetDirectory().toAbsolutePath().normalize();
            Optional<SortedSet<Path>> packageFiles = DepInfo.localPackageFiles(
                    inputs,
                    List.of(
                            cargoTarget,
                            context.toolchain().sysroot().toAbsolutePath().normalize(),
                            settings.workDirectory().toAbsolutePath().normalize(),
                            settings.cacheRoot().toAbsolutePath().normalize()));
            if (packageFiles.isEmpty()) {
                log.debug(
                        "No build stamp: the crate's packages hold more than " + DepInfo.MAX_PACKAGE_FILES + " files");
                return;
            }
            inputs.addAll(packageFiles.get());
            for (Path input : inputs) {
                // a file saved while cargo ran may or may not be in the outputs: the next build must look
                // (cargo itself writes Cargo.lock, and so changes the directory holding it)
                if (!input.toAbsolutePath().normalize().startsWith(cargoTarget)
                        && Files.isRegularFile(input)
                        && !input.endsWith("Cargo.lock")
                        && !Files.getLastModifiedTime(input).toInstant().isBefore(started)) {
                    log.debug("No build stamp: " + input + " changed while the build ran");
                    return;
                }
            }
            inputs.addAll(
                    configurationFiles(request.crateDirectory(), settings.host().cargoHome(request.environment())));
            for (Target t : context.targets()) {
                if (Target.isTargetSpecFile(t.triple())) {
                    inputs.add(request.crateDirectory().resolve(t.triple()).toAbsolutePath());
                }
            }
            Optional<SortedMap<Path, String>> inputStates = BuildStamp.states(inputs);
            Optional<SortedMap<Path, String>> outputStates = BuildStamp.states(built.files());
            if (inputStates.isEmpty() || outputStates.isEmpty()) {
                log.debug("No build stamp: an input or output cannot be read");
                return;
            }
            List<BuildStamp.Built> recorded = built.build().outputs().stream()
                    .map(o -> new BuildStamp.Built(
                            o.target().triple(),
                            o.output().kind(),
                            o.output().targetName(),
                            o.output().file()))
                    .toList();
            SortedMap<String, Path> jars = new TreeMap<>();
            built.attachments().stream()
                    .filter(a -> a.type().equals("jar"))
                    .forEach(a -> jars.put(a.classifier(), a.file()));
            SortedMap<String, String> floors = new TreeMap<>();
            built.build().glibcFloors().forEach((t, f) -> floors.put(t, f.toString()));
            BuildStamp stamp = new BuildStamp(
                    StampKey.of(request, context, scriptEnvironment),
                    inputStates.get(),
                    outputStates.get(),
                    recorded,
                    jars,
                    floors);
            if (!stamp.write(stampFile)) {
                log.debug("No build stamp: a path holds a tab or a line break");
                return;
            }
            log.debug("Wrote the build stamp " + stampFile + " (" + inputs.size() + " inputs)");
        } catch (IOException | RuntimeException e) {
            // InvalidPathException and the like from an odd dep-info entry: the build stands, without a stamp
            log.debug("No build stamp: " + e);
        }
    }

    /**
     * The files of cargo's and rustup's configuration that apply to a crate, whether they exist or not: those of the
     * crate directory's real path and every directory above it (where cargo and rustup look), and cargo's home's.
     */
    static List<Path> configurationFiles(Path crateDirectory, Path cargoHome) {
        List<Path> files = new ArrayList<>();
        for (Path dir : HostSystem.searchedFrom(crateDirectory)) {
            for (String name : List.of(
                    "Cargo.toml",
                    "Cargo.lock",
                    ".cargo/config",
                    ".cargo/config.toml",
                    "rust-toolchain",
                    "rust-toolchain.toml")) {
                files.add(dir.resolve(name));
            }
        }
        files.add(cargoHome.resolve("config"));
        files.add(cargoHome.resolve("config.toml"));
        return files;
    }

    /**
     * A project that asks for reproducible outputs (project.build.outputTimestamp) learns when its crate's outputs
     * depend on the directory it is built in: warns of path dependencies whose absolute paths the outputs record.
     */
    private void warnOfAbsolutePaths(BuildRequest request, PackagingRequest packaging) {
        if (packaging.timestamp().isEmpty()) {
            return;
        }
        Path crateDirectory = request.crateDirectory();
        PathDependencies.Found found = PathDependencies.outsideWorkspace(crateDirectory);
        for (PathDependencies.Outside o : found.outside()) {
            log.warn("The path dependency " + o.name() + " (" + o.directory() + ") lies outside the cargo workspace"
                    + " of " + crateDirectory + " (" + found.workspaceRoot() + "), so cargo records its absolute path"
                    + " in the outputs: a build in another directory gives other bytes. For reproducible outputs make"
                    + " both crates members of one cargo workspace: a Cargo.toml with [workspace] members = [...] in a"
                    + " directory above both.");
        }
    }

    /**
     * Builds the crate's tests for every test target and runs them (for {@code rust:test}), writing a report
     * per test executable.
     *
     * @throws BuildException of kind {@link BuildException.Kind#BUILD_FAILED} when a test failed
     */
    public List<RustTests.TargetResult> test(TestRequest request) throws BuildException {
        return rustTests.test(request);
    }

    /** What {@link #provision} made ready for one target. */
    public record Provisioned(Target target, Optional<Path> fetchedStd, Path toolchainStd, Optional<Path> targetRoot) {
        /** One line for the log. */
        public String describe() {
            return target + ": "
                    + fetchedStd
                            .map(p -> "rust-std in " + p)
                            .orElse("the toolchain has its own rust-std (" + toolchainStd + ")")
                    + targetRoot.map(r -> "; C headers and start files in " + r).orElse("");
        }
    }

    /**
     * The target root a later build of {@code target} installs from Debian's packages, installed now: for a
     * cross target a crate of the build compiles C for, unless the user's sysroot setting provides it.
     */
    private Optional<Path> targetRoot(BuildRequest request, Toolchain toolchain, Target target) throws BuildException {
        if (roots.fromUser()
                || !target.isKnown()
                || target.triple().equals(toolchain.host())
                || !Files.isRegularFile(request.crateDirectory().resolve("Cargo.toml"))) {
            return Optional.empty();
        }
        CargoManifest manifest = rustBuild.checkManifest(request, false);
        CargoOptions options = request.cargoOptions(settings.offline());
        boolean gnuExecutables = target.isGnu() && !manifest.binaries(options).isEmpty();
        if (!gnuExecutables
                && cSetup.cCrates(target, toolchain, options, request.environment())
                        .isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(roots.headers(target).root());
    }

    /**
     * Makes a later (offline) build of {@code request}'s targets possible without building: rust-std for
     * each target the toolchain lacks, LLD when the machine has none, and the target root (C headers, start
     * files) of each cross target the crate compiles C for or has gnu executables for.
     */
    public List<Provisioned> provision(BuildRequest request) throws BuildException {
        Toolchain toolchain = rustBuild.toolchain(request);
        List<Provisioned> provisioned = new ArrayList<>();
        List<Target> targets = rustBuild.targets(request, toolchain);
        std.prefetch(toolchain, targets);
        for (Target target : targets) {
            Optional<Path> fetchedStd = std.ensure(toolchain, target);
            provisioned.add(new Provisioned(
                    target,
                    fetchedStd,
                    toolchain.targetLibDir(target.triple()),
                    targetRoot(request, toolchain, target)));
        }
        lld.lld(toolchain);
        return provisioned;
    }
}
