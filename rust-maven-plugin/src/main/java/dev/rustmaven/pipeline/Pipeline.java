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
import dev.rustmaven.glibc.StatWrappers;
import dev.rustmaven.link.LauncherWriter;
import dev.rustmaven.link.LldLocator;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.packaging.NativeJar;
import dev.rustmaven.packaging.NativePackaging;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.toolchain.ExecutableFinder;
import dev.rustmaven.toolchain.HostTriple;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.toolchain.ToolchainLocator;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    public static Pipeline create(PipelineSettings settings, BuildLog log) {
        ProcessRunner runner = new ProcessRunner();
        ToolchainLocator toolchains =
                new ToolchainLocator(ExecutableFinder.forHost(settings.host()), runner, settings.names());
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
                log);
        CSetup cSetup = new CSetup(
                settings.c().compiler(),
                new CCompilerLocator(ExecutableFinder.forHost(settings.host())),
                roots,
                target -> archiver(settings),
                runner,
                settings.workDirectory(),
                settings.names(),
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

    /** What a build produced and what to attach: the raw outputs and the per-target jars. */
    public record BuildResult(RustBuild.Result build, List<Attachment> attachments) {
        public BuildResult {
            attachments = List.copyOf(attachments);
        }
    }

    /**
     * Builds the crate for every target, checks the outputs and packs the shared libraries.
     *
     * @return what to attach (classified by triple); the caller decides whether to attach it
     */
    public BuildResult build(BuildRequest request, PackagingRequest packaging) throws BuildException {
        if (packaging.timestamp().isPresent()) {
            warnOfAbsolutePaths(request.crateDirectory());
        }
        RustBuild.Result result = rustBuild.build(request);
        List<Attachment> attachments = new ArrayList<>();
        for (Attachment a : Attachment.plan(result.outputs())) {
            attachments.add(new Attachment(a.file(), a.type(), packaging.classify(a.classifier())));
        }
        List<NativeJar.Library> libraries = new ArrayList<>();
        for (BuiltOutput o : result.outputs()) {
            if (o.output().kind() == CargoOutput.Kind.SHARED_LIBRARY) {
                libraries.add(
                        new NativeJar.Library(o.target().triple(), o.output().file(), result.describe(o)));
            }
        }
        try {
            List<NativePackaging.TargetJar> jars = new NativePackaging(log)
                    .pack(
                            libraries,
                            packaging.jarDirectory(),
                            packaging.prefixedJarBaseName(),
                            packaging.timestamp(),
                            packaging.bundleInto());
            jars.forEach(j -> attachments.add(Attachment.jar(packaging.classify(j.triple()), j.jar())));
        } catch (IOException e) {
            throw BuildException.environment("Packing the native libraries failed: " + e.getMessage(), e);
        }
        return new BuildResult(result, attachments);
    }

    /**
     * A project that asks for reproducible outputs (project.build.outputTimestamp) learns when its crate's outputs
     * depend on the directory it is built in.
     */
    private void warnOfAbsolutePaths(Path crateDirectory) {
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
                && cSetup.cCrates(target, toolchain, options, Map.of()).isEmpty()) {
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
        for (Target target : rustBuild.targets(request, toolchain)) {
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
