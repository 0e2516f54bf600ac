package dev.rustmaven.pipeline;

import dev.rustmaven.cargo.CargoConfig;
import dev.rustmaven.cargo.CargoException;
import dev.rustmaven.cargo.CargoInvocation;
import dev.rustmaven.cargo.CargoManifest;
import dev.rustmaven.cargo.CargoMessages;
import dev.rustmaven.cargo.RustcWrapper;
import dev.rustmaven.cargo.SccacheStatistics;
import dev.rustmaven.config.InvalidSettingException;
import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.loader.NativeResources;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.log.PlainTextLog;
import dev.rustmaven.log.Secrets;
import dev.rustmaven.process.JobServer;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.triple.Suggestions;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Builds a crate for each requested target with cargo and returns the native files cargo produced.
 * Checks the crate and the targets first, so that common mistakes get a clear message instead of a
 * page of cargo output.
 */
public final class RustBuild {

    /** The inherited variables the debug log shows with a cargo command: the build's and the proxies. */
    private static final Pattern INHERITED_SHOWN =
            Pattern.compile(StampKey.ENVIRONMENT.pattern() + "|(?i)(https?|all|no)_proxy");

    /** How many lines of cargo's first error the failure message repeats. */
    static final int ERROR_LINES_REPEATED = 12;

    /** How many lines of a failed build script's standard error the failure message repeats. */
    static final int BUILD_SCRIPT_LINES_REPEATED = 20;

    private final ToolchainProvisioning toolchains;
    private final ProcessRunner runner;
    private final StdProvisioning std;
    private final LinkPolicy linkPolicy;
    private final LinkSetup linkSetup;
    private final CSetup cSetup;
    private final PipelineSettings settings;
    private final BuildLog log;

    RustBuild(
            ToolchainProvisioning toolchains,
            ProcessRunner runner,
            StdProvisioning std,
            LinkPolicy linkPolicy,
            LinkSetup linkSetup,
            CSetup cSetup,
            PipelineSettings settings,
            BuildLog log) {
        this.toolchains = toolchains;
        this.runner = runner;
        this.std = std;
        this.linkPolicy = linkPolicy;
        this.linkSetup = linkSetup;
        this.cSetup = cSetup;
        this.settings = settings;
        this.log = log;
    }

    /** The toolchain the request names (installed first when the plugin provides it); logged once. */
    public Toolchain toolchain(BuildRequest request) throws BuildException {
        return toolchains.select(request).toolchain();
    }

    /** The request's targets (a toolchain file's when it sets none), checked against the toolchain. */
    public List<Target> targets(BuildRequest request, Toolchain toolchain) throws BuildException {
        return resolveTargets(toolchains.targets(request), toolchain, settings.names());
    }

    /**
     * The result of a build: the toolchain used, every output target by target, and the glibc floor of
     * each gnu target whose outputs were checked against it (all of them, whoever linked them).
     *
     * @param times how long each target took; targets built together by one cargo share that cargo's time
     * @param compilerCache what sccache served, as the build summary says it, when cargo ran rustc through sccache
     * @param builtTogether the targets (triples) one cargo built together, if it did
     */
    public record Result(
            Toolchain toolchain,
            List<Target> targets,
            List<BuiltOutput> outputs,
            Map<String, GlibcVersion> glibcFloors,
            Map<String, Duration> times,
            Optional<String> compilerCache,
            Set<String> builtTogether) {
        public Result {
            targets = List.copyOf(targets);
            outputs = List.copyOf(outputs);
            glibcFloors = Map.copyOf(glibcFloors);
            times = Map.copyOf(times);
            builtTogether = Set.copyOf(builtTogether);
        }

        /** A result whose targets were each built by a cargo of their own. */
        public Result(
                Toolchain toolchain,
                List<Target> targets,
                List<BuiltOutput> outputs,
                Map<String, GlibcVersion> glibcFloors,
                Map<String, Duration> times,
                Optional<String> compilerCache) {
            this(toolchain, targets, outputs, glibcFloors, times, compilerCache, Set.of());
        }

        /** A result without the time each target took (outputs reused from an earlier build). */
        public Result(
                Toolchain toolchain,
                List<Target> targets,
                List<BuiltOutput> outputs,
                Map<String, GlibcVersion> glibcFloors) {
            this(toolchain, targets, outputs, glibcFloors, Map.of(), Optional.empty());
        }

        /** What the per-target jars record about an output: its glibc floor, when the plugin checked one. */
        public Map<String, String> describe(BuiltOutput output) {
            GlibcVersion floor = glibcFloors.get(output.target().triple());
            return floor == null ? Map.of() : Map.of(NativeResources.GLIBC_FLOOR, floor.toString());
        }
    }

    /** Checks the crate, finds the toolchain, and runs cargo for the targets (one cargo for all when it can). */
    public Result build(BuildRequest request) throws BuildException {
        CargoManifest manifest = checkManifest(request, true);
        Toolchain toolchain = toolchain(request);
        List<Target> targets = targets(request, toolchain);
        std.prefetch(toolchain, targets);
        return build(request, manifest, toolchain, targets);
    }

    /**
     * Builds {@code targets}, the crate and the toolchain already checked: with one cargo for all of them when
     * their environments agree (see {@link #together}), else, and when that cargo fails, with one cargo per target
     * one after the other. Each target's outputs are then checked as that target's.
     */
    Result build(BuildRequest request, CargoManifest manifest, Toolchain toolchain, List<Target> targets)
            throws BuildException {
        long start = System.nanoTime();
        Optional<RustcWrapper> wrapper = rustcWrapper(request);
        Optional<SccacheStatistics> before =
                wrapper.filter(RustcWrapper::isSccache).flatMap(w -> sccacheStatistics(w, request));
        Map<Target, Optional<Path>> fetched = new LinkedHashMap<>();
        for (Target target : targets) {
            fetched.put(target, std.ensure(toolchain, target));
        }
        Optional<Path> rustc = rustcWithSysroots(toolchain, fetched);
        List<Prepared> prepared = new ArrayList<>();
        Map<String, Duration> times = new HashMap<>();
        for (Target target : targets) {
            long preparing = System.nanoTime();
            prepared.add(prepare(request, manifest, toolchain, target, false, fetched.get(target), rustc));
            times.put(target.triple(), Duration.ofNanos(System.nanoTime() - preparing));
        }
        Together together = together(toolchain, targets, prepared);
        if (targets.size() > 1) {
            together.whyNot().ifPresent(why -> log.debug("Building the targets one after the other: " + why));
        }
        Optional<Map<Target, TargetOutputs>> built = together.whyNot().isEmpty()
                ? buildTogether(request, manifest, toolchain, targets, together.environment())
                : Optional.empty();
        Set<String> builtTogether = new LinkedHashSet<>();
        if (built.isPresent()) {
            targets.forEach(t -> builtTogether.add(t.triple()));
        } else {
            Map<Target, TargetOutputs> oneByOne = new LinkedHashMap<>();
            for (int i = 0; i < targets.size(); i++) {
                Target target = targets.get(i);
                long building = System.nanoTime();
                oneByOne.put(
                        target,
                        buildTarget(
                                request,
                                manifest,
                                toolchain,
                                target,
                                prepared.get(i).environment(),
                                prepared.get(i).plan()));
                times.merge(target.triple(), Duration.ofNanos(System.nanoTime() - building), Duration::plus);
            }
            built = Optional.of(oneByOne);
        }
        List<BuiltOutput> outputs = new ArrayList<>();
        Map<String, GlibcVersion> floors = new HashMap<>();
        OutputVerification verification = new OutputVerification(log);
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            long checking = System.nanoTime();
            TargetOutputs targetOutputs = built.get().get(target);
            OutputVerification.TargetLinkage linkage =
                    linkage(target, toolchain, prepared.get(i), targetOutputs.declaredLibraries());
            Optional<GlibcVersion> holds = verification.verify(targetOutputs.outputs(), linkage);
            if (prepared.get(i).c().isPresent()) {
                verification.verifyBuildScriptArchives(targetOutputs.outputs(), target);
            }
            if (target.facts().isPresent()) {
                holds.ifPresent(f -> floors.put(target.triple(), f));
            }
            outputs.addAll(targetOutputs.outputs());
            times.merge(target.triple(), Duration.ofNanos(System.nanoTime() - checking), Duration::plus);
        }
        if (!builtTogether.isEmpty()) {
            Duration all = Duration.ofNanos(System.nanoTime() - start);
            builtTogether.forEach(t -> times.put(t, all));
        }
        Optional<SccacheStatistics> served =
                before.flatMap(b -> sccacheStatistics(wrapper.get(), request).map(after -> after.since(b)));
        return new Result(
                toolchain,
                targets,
                outputs,
                floors,
                times,
                served.map(c -> c.describe(settings.sharedJobs())),
                builtTogether);
    }

    /** The first release of cargo that builds several {@code --target}s in one invocation. */
    static final String MULTI_TARGET_CARGO = "1.64";

    /**
     * Whether one cargo can build all of {@code targets}: the environment that cargo then gets, or why not.
     *
     * @param environment the targets' environments merged, when they can be built together
     * @param whyNot why they cannot, for the debug log
     */
    record Together(Map<String, String> environment, Optional<String> whyNot) {
        Together {
            environment = Map.copyOf(environment);
        }

        static Together not(String why) {
            return new Together(Map.of(), Optional.of(why));
        }
    }

    private Together together(Toolchain toolchain, List<Target> targets, List<Prepared> prepared) {
        if (targets.size() < 2) {
            return Together.not("there is one target");
        }
        if (!settings.parallelTargets()) {
            return Together.not(settings.names().setOnce(Setting.PARALLEL_TARGETS, "false"));
        }
        if (!releaseAtLeast(toolchain.info().release(), MULTI_TARGET_CARGO)) {
            return Together.not(toolchain.info().versionLine() + " is older than " + MULTI_TARGET_CARGO
                    + ", whose cargo is the first to build several targets at once");
        }
        return merge(targets, prepared.stream().map(Prepared::environment).toList());
    }

    /** Whether a rustc release ({@code 1.96.0}, {@code 1.80.0-nightly}) is {@code minimum} ({@code 1.64}) or newer. */
    static boolean releaseAtLeast(String release, String minimum) {
        String[] have = release.split("[.-]");
        String[] want = minimum.split("\\.");
        try {
            for (int i = 0; i < want.length; i++) {
                int h = i < have.length ? Integer.parseInt(have[i]) : 0;
                int w = Integer.parseInt(want[i]);
                if (h != w) {
                    return h > w;
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Merges the environments the plugin prepared for each target into one for a cargo that builds them all.
     * Variables named for one target ({@code CARGO_TARGET_<T>_LINKER}, {@code CC_<t>}, {@code CFLAGS_<t>}) merge
     * as they are. Any other variable must have the same value for every target: else the targets are built one
     * after the other. {@code PATH} may be missing for a target: the plugin puts only its linker launchers, which
     * are named for their target, in front of it.
     */
    static Together merge(List<Target> targets, List<Map<String, String>> environments) {
        Map<String, String> merged = new LinkedHashMap<>();
        Map<String, List<String>> shared = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(environments.get(i)).entrySet()) {
                if (namedFor(e.getKey(), target)) {
                    merged.put(e.getKey(), e.getValue());
                } else {
                    shared.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(target + "=" + e.getValue());
                    String earlier = merged.putIfAbsent(e.getKey(), e.getValue());
                    if (earlier != null && !earlier.equals(e.getValue())) {
                        return Together.not(e.getKey() + " differs between the targets ("
                                + String.join(", ", shared.get(e.getKey())) + ")");
                    }
                }
            }
        }
        for (Map.Entry<String, List<String>> e : shared.entrySet()) {
            if (e.getValue().size() < targets.size() && !e.getKey().equals(CargoInvocation.PATH)) {
                return Together.not(e.getKey() + " is set for " + e.getValue().size() + " of the " + targets.size()
                        + " targets only");
            }
        }
        return new Together(merged, Optional.empty());
    }

    /** Whether {@code variable} is read for {@code target} only (cargo's and the cc crate's target-suffixed names). */
    static boolean namedFor(String variable, Target target) {
        if (Target.isTargetSpecFile(target.triple())) {
            return false;
        }
        return variable.startsWith("CARGO_TARGET_" + target.cargoEnvName() + "_")
                || variable.endsWith("_" + target.triple())
                || variable.endsWith("_" + target.triple().replace('-', '_').replace('.', '_'));
    }

    /** The rustc launcher that gives each fetched rust-std its target's compilations, when a target needs one. */
    private Optional<Path> rustcWithSysroots(Toolchain toolchain, Map<Target, Optional<Path>> fetched)
            throws BuildException {
        Map<Target, Path> rustlibs = new LinkedHashMap<>();
        fetched.forEach((target, rustlib) -> rustlib.ifPresent(r -> rustlibs.put(target, r)));
        return rustlibs.isEmpty() ? Optional.empty() : Optional.of(std.rustcWithSysroots(toolchain, rustlibs));
    }

    /**
     * Runs one cargo for all of {@code targets} and sorts what it built by target; empty, said in the log, when
     * that cargo fails: the targets are then built one after the other, so that the failure names its target (and
     * gets that target's explanations) as a build of that target alone does.
     */
    private Optional<Map<Target, TargetOutputs>> buildTogether(
            BuildRequest request,
            CargoManifest manifest,
            Toolchain toolchain,
            List<Target> targets,
            Map<String, String> environment)
            throws BuildException {
        log.info("Building " + manifest.packageName() + " for " + String.join(", ", triples(targets)) + " ("
                + request.profile() + ") with one cargo");
        CargoRun run = runCargo(
                List.of("build"),
                request,
                manifest,
                toolchain,
                targets,
                environment,
                Optional.empty(),
                line -> {},
                false);
        if (run.exitCode() != 0) {
            log.info("cargo failed building the targets together (exit code " + run.exitCode()
                    + "): building them one after the other to tell which target fails");
            return Optional.empty();
        }
        Path targetDirectory = request.crateDirectory()
                .resolve(request.cargoOptions(settings.offline()).targetDirectory());
        Map<Target, TargetOutputs> built = attribute(run.messages(), targetDirectory, targets, settings.names());
        built.forEach((target, outputs) -> warnIfNothingBuilt(manifest, target, outputs.outputs()));
        return Optional.of(built);
    }

    private static List<String> triples(List<Target> targets) {
        return targets.stream().map(Target::triple).toList();
    }

    /**
     * Sorts the outputs of one cargo that built several targets by target: cargo writes a target's files below
     * {@code <target dir>/<triple>/} (a target specification's file name without {@code .json}). A shared library
     * a build script declared counts for the target its {@code OUT_DIR} is below, or, for a build script of a host
     * tool, for every target.
     */
    static Map<Target, TargetOutputs> attribute(
            CargoMessages messages, Path targetDirectory, List<Target> targets, SettingNames names)
            throws BuildException {
        Map<Target, List<Path>> directories = new LinkedHashMap<>();
        for (Target target : targets) {
            String name = Target.isTargetSpecFile(target.triple())
                    ? Path.of(target.triple()).getFileName().toString().replaceFirst("(?i)\\.json$", "")
                    : target.triple();
            directories.put(target, spellings(targetDirectory.resolve(name)));
        }
        Map<Target, List<BuiltOutput>> outputs = new LinkedHashMap<>();
        Map<Target, Set<String>> libraries = new LinkedHashMap<>();
        targets.forEach(t -> {
            outputs.put(t, new ArrayList<>());
            libraries.put(t, new LinkedHashSet<>());
        });
        for (dev.rustmaven.cargo.CargoOutput output : messages.outputs()) {
            Target target = owner(output.file(), directories)
                    .orElseThrow(() -> BuildException.environment(
                            "cargo reported " + output.file() + " for none of the targets' directories in "
                                    + targetDirectory + " (" + String.join(", ", triples(targets))
                                    + "): build the targets one after the other with "
                                    + names.setOnce(Setting.PARALLEL_TARGETS, "false") + ", and report this",
                            null));
            outputs.get(target).add(new BuiltOutput(target, output));
        }
        for (CargoMessages.DeclaredLibrary library : messages.declaredSharedLibrariesByScript()) {
            Optional<Target> target = library.outDir().flatMap(d -> owner(d, directories));
            if (target.isPresent()) {
                libraries.get(target.get()).add(library.name());
            } else {
                libraries.values().forEach(l -> l.add(library.name()));
            }
        }
        Map<Target, TargetOutputs> built = new LinkedHashMap<>();
        targets.forEach(t -> built.put(t, new TargetOutputs(outputs.get(t), libraries.get(t))));
        return built;
    }

    private static Optional<Target> owner(Path file, Map<Target, List<Path>> directories) {
        List<Path> names = spellings(file);
        for (Map.Entry<Target, List<Path>> e : directories.entrySet()) {
            for (Path directory : e.getValue()) {
                if (names.stream().anyMatch(n -> n.startsWith(directory))) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** A path as given (absolute, normalized) and with its links resolved, as far as it exists. */
    private static List<Path> spellings(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return List.of(absolute, absolute.toRealPath());
        } catch (IOException e) {
            return List.of(absolute);
        }
    }

    /**
     * The jobserver every cargo of a parallel Maven build shares (so that together they run no more jobs than
     * there are cores), unless the build is not parallel or cargo would inherit a jobserver (from make).
     */
    private Optional<JobServer> sharedJobServer(Map<String, String> cargoEnvironment) {
        if (!settings.sharedJobs()) {
            return Optional.empty();
        }
        Map<String, String> inherited = new HashMap<>(settings.host().environment());
        inherited.putAll(cargoEnvironment);
        if (JobServer.inherited(inherited)) {
            return Optional.empty();
        }
        return JobServer.shared(
                Runtime.getRuntime().availableProcessors(), settings.host().isWindows());
    }

    /** The compiler wrapper cargo will run rustc through for {@code request}, if any, logged at debug level. */
    Optional<RustcWrapper> rustcWrapper(BuildRequest request) {
        Map<String, String> environment = new HashMap<>(settings.host().environment());
        environment.putAll(request.environment());
        Optional<RustcWrapper> wrapper = RustcWrapper.of(
                environment,
                CargoConfig.files(
                        request.crateDirectory(),
                        HostSystem.cargoHome(
                                environment,
                                settings.host().userHome(),
                                settings.host().isWindows())));
        wrapper.ifPresent(w -> log.debug("cargo runs rustc through " + w.program() + " (set by " + w.origin() + ")"));
        return wrapper;
    }

    /**
     * The counters of the sccache server {@code wrapper} talks to, read with the build's environment (so the
     * same {@code SCCACHE_*} settings as cargo's); empty, said at debug level, when they cannot be read.
     */
    private Optional<SccacheStatistics> sccacheStatistics(RustcWrapper wrapper, BuildRequest request) {
        String program = wrapper.program();
        if ((program.contains("/") || program.contains("\\"))
                && !Path.of(program).isAbsolute()) {
            program = request.crateDirectory().resolve(program).toString(); // as cargo, which runs in the crate
        }
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        try {
            int exit = runner.run(
                    new ProcessRunner.Command(
                            SccacheStatistics.commandLine(program),
                            request.crateDirectory(),
                            request.environment(),
                            List.of()),
                    out::add,
                    err::add);
            Optional<SccacheStatistics> read = exit == 0 ? SccacheStatistics.parse(out) : Optional.empty();
            if (read.isEmpty()) {
                log.debug("No sccache statistics from '" + program + " --show-stats' (exit " + exit + "): "
                        + String.join(" / ", err));
            }
            return read;
        } catch (IOException e) {
            log.debug("Could not read sccache's statistics with " + program + ": " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * What the checks of {@code target}'s outputs need to know: the glibc floor of a gnu target (whoever links
     * it), the setting that chose it, and, when the plugin did not link it, what would keep it within the floor.
     */
    OutputVerification.TargetLinkage linkage(
            Target target, Toolchain toolchain, Prepared prepared, Set<String> declaredLibraries) {
        LinkSetup.Settings linking = settings.linking();
        Optional<GlibcVersion> floor = prepared.plan().isPresent()
                ? prepared.plan().get().floor()
                : target.isGnu() ? Optional.of(linking.floor(target)) : Optional.empty();
        String lld = settings.names().setOnce(Setting.LINKING, "lld");
        Optional<String> remedy = prepared.plan().isPresent() || floor.isEmpty()
                ? Optional.empty()
                : Optional.of(
                        target.triple().equals(toolchain.host()) && linking.linking() == Linking.AUTO
                                ? "link " + target + " against the glibc " + floor.get() + " stubs too with " + lld
                                : "the plugin left its linking to cargo ("
                                        + prepared.notLinkedBecause().orElse("by configuration")
                                        + "): link it against a glibc " + floor.get()
                                        + " sysroot, or let the plugin link it against the glibc " + floor.get()
                                        + " stubs with " + lld);
        return new OutputVerification.TargetLinkage(
                floor,
                linking.floorSetting(target, settings.names()),
                prepared.plan().isPresent(),
                remedy,
                declaredLibraries);
    }

    /**
     * What cargo needs for one target (rustc launcher, linker), and how the plugin links it, if it does, or why
     * it does not.
     */
    record Prepared(
            Map<String, String> environment,
            Optional<LinkSetup.Plan> plan,
            Optional<CSetup.Prepared> c,
            Optional<String> notLinkedBecause) {}

    /** What the test executables are called in messages about linking them. */
    static final String TEST_EXECUTABLES = "the test executables";

    /**
     * Prepares one target for cargo: rust-std, C, and the plugin's linker when the plugin links it.
     *
     * @param forTests whether cargo builds the tests: test harnesses are executables, so they are linked even
     *     when the crate itself builds nothing that is
     */
    Prepared prepare(BuildRequest request, CargoManifest manifest, Toolchain toolchain, Target target, boolean forTests)
            throws BuildException {
        Optional<Path> fetchedStd = std.ensure(toolchain, target);
        Optional<Path> launcher = rustcWithSysroots(toolchain, Map.of(target, fetchedStd));
        return prepare(request, manifest, toolchain, target, forTests, fetchedStd, launcher);
    }

    /**
     * Prepares one target of several, their rust-std already provided.
     *
     * @param fetchedStd the target's rust-std when the plugin provides it
     * @param launcher the rustc launcher that gives targets with a fetched rust-std their sysroots, when one does
     */
    private Prepared prepare(
            BuildRequest request,
            CargoManifest manifest,
            Toolchain toolchain,
            Target target,
            boolean forTests,
            Optional<Path> fetchedStd,
            Optional<Path> launcher)
            throws BuildException {
        Map<String, String> environment = new HashMap<>();
        Path rustc = launcher.orElse(toolchain.rustc());
        launcher.ifPresent(l -> environment.put("RUSTC", l.toString()));
        Optional<String> userToolchain = userToolchain(request, manifest, toolchain, target, forTests);
        Optional<CSetup.Prepared> c = Optional.empty();
        if (userToolchain.isEmpty()) {
            Map<String, String> userEnvironment = new HashMap<>(settings.host().environment());
            userEnvironment.putAll(request.environment());
            c = cSetup.prepare(target, toolchain, request.cargoOptions(settings.offline()), userEnvironment);
            c.ifPresent(p -> environment.putAll(p.environment()));
        }
        Optional<String> whyNot = forTests || manifest.linksNativeCode()
                ? userToolchain
                : Optional.of("the crate builds nothing that is linked (only static libraries)");
        if (whyNot.isPresent()) {
            log.debug("Not linking " + target + " with the plugin: " + whyNot.get());
            return new Prepared(environment, Optional.empty(), c, whyNot);
        }
        Path rustlib = fetchedStd.orElse(toolchain.targetLibDir(target.triple()).getParent());
        LinkSetup.Plan plan = linkSetup.prepare(
                target,
                toolchain,
                rustlib,
                rustc,
                manifest,
                forTests ? List.of(TEST_EXECUTABLES) : manifest.binaries(request.cargoOptions(settings.offline())),
                c.map(CSetup.Prepared::headers));
        String path = request.environment().containsKey(CargoInvocation.PATH)
                ? request.environment().get(CargoInvocation.PATH)
                : settings.host().environment().get(CargoInvocation.PATH);
        environment.putAll(plan.environment(settings.host().isWindows(), path));
        return new Prepared(environment, Optional.of(plan), c, Optional.empty());
    }

    /**
     * Why the plugin leaves linking (and C) of {@code target} to cargo and the user's tools, if it does: the
     * host, a target it does not know, a linker the user configured, or the linking setting.
     */
    private Optional<String> userToolchain(
            BuildRequest request, CargoManifest manifest, Toolchain toolchain, Target target, boolean forTests)
            throws BuildException {
        try {
            return linkPolicy.whyNotLinking(target, toolchain, request.crateDirectory(), request.environment());
        } catch (BuildException e) {
            if (forTests || manifest.linksNativeCode()) {
                throw e;
            }
            // Nothing to link, so a linking setting that cannot apply to this target does not matter.
            return Optional.of(e.getMessage());
        }
    }

    /** Reads Cargo.toml and reports what would make the build pointless or impossible. */
    CargoManifest checkManifest(BuildRequest request, boolean warnIfNothingToAttach) throws BuildException {
        checkFeatures(request.features(), settings.names());
        CargoManifest manifest;
        try {
            manifest = CargoManifest.read(request.crateDirectory(), settings.names());
        } catch (CargoException e) {
            throw BuildException.from(e);
        }
        if (manifest.isVirtualWorkspace()) {
            throw BuildException.configuration(manifest.file() + " is a workspace root without a [package] of"
                    + " its own, so there is no crate to build. Point "
                    + settings.names().name(Setting.CRATE)
                    + " at the member crate to build"
                    + manifest.workspaceMembers()
                            .filter(m -> !m.isEmpty())
                            .map(m -> " (members: " + String.join(", ", m) + ")")
                            .orElse("")
                    + ".");
        }
        if (manifest.packageName().isEmpty()) {
            throw BuildException.configuration(manifest.file() + " has no [package] table, so there is no crate"
                    + " to build. Add [package] with name, version and edition, or point "
                    + settings.names().name(Setting.CRATE) + " at the directory of the crate's Cargo.toml.");
        }
        if (!manifest.library() && manifest.binaries().isEmpty()) {
            throw BuildException.configuration(manifest.file() + ": crate '" + manifest.packageName() + "' has"
                    + " neither a library nor an executable, so cargo has nothing to build. For a JNI library add"
                    + " src/lib.rs and crate-type = [\"cdylib\"] under [lib]; for an executable add src/main.rs"
                    + " (or a [[bin]] table); or point " + settings.names().name(Setting.CRATE)
                    + " at the crate to build.");
        }
        if (warnIfNothingToAttach && !manifest.hasAttachableOutputs()) {
            log.warn(manifest.file() + ": crate '" + manifest.packageName() + "' builds nothing to attach: "
                    + (manifest.libCrateTypes().contains("proc-macro")
                            ? "it is a proc-macro crate, which only the Rust compiler loads while building other"
                                    + " crates,"
                            : "its library has crate-type " + manifest.libCrateTypes() + ", which only Rust can use,")
                    + " and it has no executables. For a JNI library add crate-type = [\"cdylib\"] under [lib];"
                    + " for a static library add \"staticlib\"; for an executable add src/main.rs.");
        }
        return manifest;
    }

    /**
     * A feature as cargo's {@code --features} takes it: a name of letters, digits, {@code _}, {@code -}, {@code +}
     * and {@code .}, optionally after a dependency's name and {@code /}. Cargo splits its argument at commas and
     * spaces, so a feature holding either would silently become two.
     */
    private static final Pattern FEATURE =
            Pattern.compile("(?:[\\p{L}\\p{N}_][\\p{L}\\p{N}_+.-]*/)?[\\p{L}\\p{N}_][\\p{L}\\p{N}_+.-]*");

    /** Refuses a feature cargo could not take as one feature name, naming the setting. */
    static void checkFeatures(List<String> features, SettingNames names) throws BuildException {
        for (String feature : features) {
            if (!FEATURE.matcher(feature).matches()) {
                throw BuildException.invalid(
                        new InvalidSettingException(
                                Setting.FEATURES,
                                "'" + feature.replace("\n", "\\n") + "' is not a cargo feature name: a feature holds"
                                        + " letters, digits, '_', '-', '+' and '.' only (a dependency's feature is"
                                        + " written crate/feature). List each feature separately, and check the"
                                        + " [features] table of Cargo.toml for the names."),
                        names);
            }
        }
    }

    /**
     * Parses and checks the requested triples against {@code rustc --print target-list}; no triples
     * means the host.
     */
    public static List<Target> resolveTargets(List<String> requested, Toolchain toolchain, SettingNames names)
            throws BuildException {
        Set<String> triples = new LinkedHashSet<>();
        for (String t : requested) {
            if (!t.isBlank()) {
                triples.add(t.trim());
            }
        }
        if (triples.isEmpty()) {
            triples.add(toolchain.host());
        }
        List<Target> targets = new ArrayList<>();
        for (String triple : triples) {
            Target target;
            try {
                target = Target.parse(triple);
            } catch (IllegalArgumentException e) {
                throw BuildException.invalid(new InvalidSettingException(Setting.TARGETS, e.getMessage()), names);
            }
            if (!Target.isTargetSpecFile(triple) && !toolchain.targetList().contains(triple)) {
                List<String> close = Suggestions.closest(triple, toolchain.targetList(), 3);
                throw BuildException.configuration("Unknown target triple '" + triple + "' in "
                        + names.name(Setting.TARGETS) + ": " + toolchain.info().versionLine() + " does not know it."
                        + (close.isEmpty() ? "" : " Did you mean " + String.join(", ", close) + "?")
                        + " 'rustc --print target-list' lists every triple; Raspberry Pi OS 64-bit is"
                        + " aarch64-unknown-linux-gnu, 32-bit is armv7-unknown-linux-gnueabihf.");
            }
            targets.add(target);
        }
        return targets;
    }

    /**
     * What cargo built for one target.
     *
     * @param outputs the native outputs
     * @param declaredLibraries the shared libraries the build scripts asked rustc to link, by link name
     */
    public record TargetOutputs(List<BuiltOutput> outputs, Set<String> declaredLibraries) {
        public TargetOutputs {
            outputs = List.copyOf(outputs);
            declaredLibraries = Set.copyOf(declaredLibraries);
        }
    }

    /**
     * Runs cargo for one target.
     *
     * @param targetEnvironment what the plugin adds to cargo's environment for this target (linker, sysroot)
     */
    public TargetOutputs buildTarget(
            BuildRequest request,
            CargoManifest manifest,
            Toolchain toolchain,
            Target target,
            Map<String, String> targetEnvironment,
            Optional<LinkSetup.Plan> linkPlan)
            throws BuildException {
        log.info("Building " + manifest.packageName() + " for " + target.triple() + " (" + request.profile() + ")");
        CargoMessages messages =
                runCargo(List.of("build"), request, manifest, toolchain, target, targetEnvironment, linkPlan);
        List<BuiltOutput> outputs =
                messages.outputs().stream().map(o -> new BuiltOutput(target, o)).toList();
        warnIfNothingBuilt(manifest, target, outputs);
        return new TargetOutputs(outputs, messages.declaredSharedLibraries());
    }

    private void warnIfNothingBuilt(CargoManifest manifest, Target target, List<BuiltOutput> outputs) {
        if (outputs.isEmpty() && manifest.hasAttachableOutputs()) {
            log.warn("cargo reported no native output for " + target + " (are the outputs behind features or"
                    + " required-features that are not enabled?)");
        }
    }

    /**
     * Runs cargo's {@code subcommand} (with its arguments) for one target, its output in the log, and returns
     * cargo's JSON messages.
     *
     * @param targetEnvironment what the plugin adds to cargo's environment for this target (linker, sysroot)
     */
    CargoMessages runCargo(
            List<String> subcommand,
            BuildRequest request,
            CargoManifest manifest,
            Toolchain toolchain,
            Target target,
            Map<String, String> targetEnvironment,
            Optional<LinkSetup.Plan> linkPlan)
            throws BuildException {
        return runCargo(subcommand, request, manifest, toolchain, target, targetEnvironment, linkPlan, line -> {}, true)
                .messages();
    }

    /** What one cargo run said: its JSON messages and its exit code. */
    record CargoRun(CargoMessages messages, int exitCode) {}

    /**
     * Runs cargo as {@link #runCargo(List, BuildRequest, CargoManifest, Toolchain, Target, Map, Optional)}
     * does, and also gives {@code plainStdout} each line of standard output that is not a JSON message (what
     * the doc tests of {@code cargo test --doc} print).
     *
     * @param failOnExit whether a failing exit code is a build failure; else it is returned
     */
    CargoRun runCargo(
            List<String> subcommand,
            BuildRequest request,
            CargoManifest manifest,
            Toolchain toolchain,
            Target target,
            Map<String, String> targetEnvironment,
            Optional<LinkSetup.Plan> linkPlan,
            Consumer<String> plainStdout,
            boolean failOnExit)
            throws BuildException {
        return runCargo(
                subcommand,
                request,
                manifest,
                toolchain,
                List.of(target),
                targetEnvironment,
                linkPlan,
                plainStdout,
                failOnExit);
    }

    /**
     * Runs one cargo for all of {@code targets}, as
     * {@link #runCargo(List, BuildRequest, CargoManifest, Toolchain, Target, Map, Optional, Consumer, boolean)}
     * does for one; its lines in the log are prefixed with all the triples.
     *
     * @param linkPlan how the plugin links the target, when there is one target and the plugin links it
     */
    private CargoRun runCargo(
            List<String> subcommand,
            BuildRequest request,
            CargoManifest manifest,
            Toolchain toolchain,
            List<Target> targets,
            Map<String, String> targetEnvironment,
            Optional<LinkSetup.Plan> linkPlan,
            Consumer<String> plainStdout,
            boolean failOnExit)
            throws BuildException {
        CargoInvocation invocation = CargoInvocation.forTargets(
                subcommand,
                request.cargoOptions(settings.offline()),
                toolchain.cargo(),
                toolchain.rustc(),
                triples(targets),
                targetEnvironment,
                settings.host().environment());
        String target = String.join(", ", triples(targets));
        String triples = String.join(" ", triples(targets));
        if (log.isDebugEnabled()) {
            log.debug("[" + target + "] cargo command: " + Secrets.commandLine(invocation.commandLine()));
            log.debug("[" + target + "] in " + invocation.workingDirectory());
            log.debug(
                    "[" + target + "] environment set by the build: " + Secrets.environment(invocation.environment()));
            Map<String, String> inherited = new HashMap<>();
            settings.host().environment().forEach((name, value) -> {
                if (!invocation.environment().containsKey(name)
                        && INHERITED_SHOWN.matcher(name).matches()) {
                    inherited.put(name, value);
                }
            });
            log.debug("[" + target + "] environment inherited that cargo, rustc and build scripts read: "
                    + Secrets.environment(inherited));
        }
        String prefix = "[" + triples + "] ";
        CargoMessages messages = new CargoMessages(manifest.file());
        ErrorCollector errors = new ErrorCollector();
        CargoOutputLog cargoLog = new CargoOutputLog(log, prefix);
        int exit;
        Map<String, String> environment = new HashMap<>(invocation.environment());
        Optional<JobServer> jobServer = sharedJobServer(environment);
        jobServer.ifPresent(j -> environment.putAll(j.environment()));
        JobServer.Place place = null;
        try {
            if (jobServer.isPresent()) {
                place = jobServer.get().join();
                if (place.holdsToken()) {
                    log.debug("[" + target + "] cargo runs beside another cargo of this build: they share "
                            + jobServer.get().jobs() + " jobs");
                }
            }
            exit = runner.run(
                    new ProcessRunner.Command(
                            jobServer
                                    .map(j -> j.command(invocation.commandLine()))
                                    .orElse(invocation.commandLine()),
                            invocation.workingDirectory(),
                            environment,
                            List.of()),
                    line -> {
                        if (!messages.accept(line)) {
                            plainStdout.accept(line);
                            cargoLog.stdout(line);
                        }
                    },
                    line -> {
                        // Coloured output (CARGO_TERM_COLOR=always) must still be told apart by its first word.
                        String plain = PlainTextLog.plain(line);
                        errors.accept(plain);
                        cargoLog.stderr(plain);
                    });
        } catch (ProcessRunner.StartFailedException e) {
            throw BuildException.environment(
                    "Could not run cargo (" + toolchain.cargo() + "): " + e.getMessage() + ". Set "
                            + settings.names().name(Setting.CARGO) + " to a working cargo executable.",
                    e);
        } catch (IOException e) {
            throw BuildException.environment("Reading cargo's output failed for " + target + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(BuildException.Kind.ENVIRONMENT, "Interrupted while building " + target, e);
        } finally {
            cargoLog.finish();
            if (place != null) {
                try {
                    place.close();
                } catch (IOException e) {
                    log.debug("Could not give the jobserver token back: " + e.getMessage());
                }
            }
        }
        if (exit != 0 && failOnExit) {
            List<String> glibc = linkPlan.map(p -> UndefinedSymbols.explain(p, errors.undefinedSymbolLines()))
                    .orElse(List.of());
            throw new BuildException(
                    BuildException.Kind.BUILD_FAILED,
                    "cargo " + subcommand.get(0) + " failed for target" + (targets.size() > 1 ? "s " : " ")
                            + target + " (exit code " + exit + ") in " + request.crateDirectory() + "."
                            + errors.summary()
                            + (glibc.isEmpty()
                                    ? ""
                                    : " Undefined symbols and the glibc floor:"
                                            + System.lineSeparator() + "    "
                                            + String.join(System.lineSeparator() + "    ", glibc)
                                            + System.lineSeparator())
                            + " The full cargo output is in the log above, each line prefixed with [" + triples
                            + "].");
        }
        return new CargoRun(messages, exit);
    }

    /**
     * Keeps the first error cargo printed, to repeat in the failure message: a few lines of it, or, when a
     * build script failed, its standard error (the {@code cc} crate's message says what went wrong; the
     * standard output before it is mostly the environment the script looked at).
     */
    static final class ErrorCollector {
        /** How many lines of the first error are kept to look for a build script's standard error. */
        private static final int BLOCK_LIMIT = 2000;

        /** How many lines naming an undefined symbol are kept, to explain a failed link against glibc stubs. */
        static final int UNDEFINED_SYMBOL_LINES_LIMIT = 10_000;

        /** How many characters of a line are kept; the rest is in the log. */
        static final int LINE_CHARS_KEPT = 2000;

        private final List<String> block = new ArrayList<>();
        private final List<String> undefinedSymbolLines = new ArrayList<>();
        private boolean inError;
        private boolean blockDone;

        synchronized void accept(String line) {
            if (line.contains("undefined symbol") && undefinedSymbolLines.size() < UNDEFINED_SYMBOL_LINES_LIMIT) {
                undefinedSymbolLines.add(shortened(line));
            }
            if (blockDone) {
                return;
            }
            boolean topLevel = line.startsWith("error") || line.startsWith("warning");
            if (inError && topLevel) {
                blockDone = true;
                return;
            }
            if (!inError && line.startsWith("error")) {
                inError = true;
            }
            if (inError && block.size() < BLOCK_LIMIT) {
                block.add(shortened(line));
            }
        }

        private static String shortened(String line) {
            return line.length() <= LINE_CHARS_KEPT
                    ? line
                    : line.substring(0, LINE_CHARS_KEPT) + " [... " + (line.length() - LINE_CHARS_KEPT)
                            + " more characters in the log]";
        }

        /** The lines of standard error that name an undefined symbol (the first {@value #UNDEFINED_SYMBOL_LINES_LIMIT}). */
        synchronized List<String> undefinedSymbolLines() {
            return List.copyOf(undefinedSymbolLines);
        }

        synchronized String summary() {
            if (block.isEmpty()) {
                return "";
            }
            List<String> shown =
                    buildScriptStderr().orElse(block.subList(0, Math.min(block.size(), ERROR_LINES_REPEATED)));
            return " The first error was:" + System.lineSeparator() + "    "
                    + String.join(System.lineSeparator() + "    ", shown) + System.lineSeparator() + " ";
        }

        /** The first line, the line naming the build script, and the script's standard error, when one failed. */
        private Optional<List<String>> buildScriptStderr() {
            int stderr = -1;
            for (int i = 0; i < block.size(); i++) {
                if (block.get(i).trim().equals("--- stderr")) {
                    stderr = i;
                    break;
                }
            }
            if (stderr < 0) {
                return Optional.empty();
            }
            List<String> shown = new ArrayList<>();
            shown.add(block.get(0));
            block.stream()
                    .filter(l -> l.trim().startsWith("process didn't exit successfully"))
                    .findFirst()
                    .ifPresent(l -> shown.add(l.trim()));
            shown.add("the build script's standard error:");
            block.subList(stderr + 1, block.size()).stream()
                    .filter(l -> !l.isBlank())
                    .limit(BUILD_SCRIPT_LINES_REPEATED)
                    .forEach(l -> shown.add("  " + l.trim()));
            return Optional.of(shown);
        }
    }
}
