package dev.rustmaven.pipeline;

import dev.rustmaven.cargo.CargoInvocation;
import dev.rustmaven.cargo.CargoManifest;
import dev.rustmaven.cc.TargetHeaders;
import dev.rustmaven.config.InvalidSettingException;
import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.debian.DebianVersion;
import dev.rustmaven.fs.FileTrees;
import dev.rustmaven.glibc.GlibcAbi;
import dev.rustmaven.glibc.GlibcFloors;
import dev.rustmaven.glibc.GlibcStubs;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.glibc.StatWrappers;
import dev.rustmaven.link.LauncherWriter;
import dev.rustmaven.link.LinkerConfig;
import dev.rustmaven.link.LinkerConfigs;
import dev.rustmaven.link.LinkerMain;
import dev.rustmaven.link.NativeFrontEnd;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prepares the link of a target the plugin links ({@link LinkPolicy} decides which) with LLD and no C
 * cross toolchain: finds (or fetches) LLD, generates the glibc stubs for the floor, and installs the
 * gcc-compatible front end as cargo's linker for the target.
 */
public final class LinkSetup {

    /**
     * How the plugin links one target.
     *
     * @param floorSetting the setting that chose the glibc floor, as the user names it (for messages)
     */
    public record Plan(
            Target target, Path launcher, Optional<GlibcVersion> floor, Optional<GlibcAbi> abi, String floorSetting) {

        /**
         * Cargo's environment for the target: the front end as its linker. Where rustc can find the launcher by
         * name (not on Windows, where it finds only {@code .exe} files so), the linker is given by its file name and
         * its directory goes first on {@code PATH}: cargo passes the linker to every rustc call of the target
         * ({@code -C linker}) and keeps {@code CARGO_TARGET_<T>_LINKER} in rustc's environment, and a compiler cache
         * such as sccache hashes both, so a path under the checkout there would tie every cached compilation to it.
         *
         * @param windows whether the host is Windows
         * @param path the {@code PATH} cargo would get otherwise (the user's setting, else the inherited one), or null
         */
        public Map<String, String> environment(boolean windows, String path) {
            String variable = "CARGO_TARGET_" + target.cargoEnvName() + "_LINKER";
            Path directory = launcher.toAbsolutePath().getParent();
            if (windows || directory == null) {
                return Map.of(variable, launcher.toString());
            }
            // Without a PATH, programs are looked up in the system's default directories: keep those.
            String searchPath = directory + ":" + (path == null || path.isEmpty() ? "/usr/bin:/bin" : path);
            return Map.of(variable, launcher.getFileName().toString(), CargoInvocation.PATH, searchPath);
        }
    }

    /** The settings that shape linking, from the plugin's parameters. */
    public record Settings(
            Linking linking,
            GlibcVersion defaultFloor,
            Map<String, GlibcVersion> floorPerTarget,
            Optional<Path> sysroot) {

        public Settings {
            floorPerTarget = Map.copyOf(floorPerTarget);
        }

        /** The default floor: Raspberry Pi OS buster (2.28) and newer. */
        public static final String DEFAULT_FLOOR = "2.28";

        public GlibcVersion floor(Target target) {
            return floorPerTarget.getOrDefault(target.triple(), defaultFloor);
        }

        /** The setting that chose the floor of {@code target}, as the user names it: its glibcFloors entry or glibc. */
        public String floorSetting(Target target, SettingNames names) {
            return floorPerTarget.containsKey(target.triple())
                    ? names.entry(Setting.GLIBC_FLOORS, target.triple())
                    : names.name(Setting.GLIBC);
        }

        /** Linking as it is when nothing is configured. */
        public static Settings defaults() {
            return new Settings(Linking.AUTO, GlibcVersion.parse(DEFAULT_FLOOR), Map.of(), Optional.empty());
        }

        /** Checks the user's values. */
        public static Settings parse(
                String linking, String floor, Map<String, String> floorPerTarget, Optional<Path> sysroot)
                throws InvalidSettingException {
            Map<String, GlibcVersion> floors = new HashMap<>();
            for (Map.Entry<String, String> e : floorPerTarget.entrySet()) {
                try {
                    floors.put(e.getKey(), GlibcVersion.parse(e.getValue()));
                } catch (IllegalArgumentException problem) {
                    throw new InvalidSettingException(Setting.GLIBC_FLOORS, e.getKey(), problem.getMessage(), problem);
                }
            }
            // Checked in this order, as the goal always has: per-target floors, linking, the floor.
            Linking parsedLinking = Linking.parse(linking);
            GlibcVersion defaultFloor;
            try {
                defaultFloor = GlibcVersion.parse(floor);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.GLIBC, null, e.getMessage(), e);
            }
            return new Settings(parsedLinking, defaultFloor, floors, sysroot);
        }
    }

    private final Settings settings;
    private final LldProvisioning lld;
    private final GlibcStubs stubs;
    private final StatWrappers statWrappers;
    private final HostSystem host;
    private final Path workDirectory;
    private final CSetup.Roots roots;
    private final SettingNames names;
    private final BuildLog log;
    private final NativeFrontEnd nativeFrontEnd;

    public LinkSetup(
            Settings settings,
            LldProvisioning lld,
            GlibcStubs stubs,
            StatWrappers statWrappers,
            HostSystem host,
            Path workDirectory,
            CSetup.Roots roots,
            SettingNames names,
            BuildLog log,
            NativeFrontEnd nativeFrontEnd) {
        this.settings = settings;
        this.lld = lld;
        this.stubs = stubs;
        this.statWrappers = statWrappers;
        this.host = host;
        this.workDirectory = workDirectory;
        this.roots = roots;
        this.names = names;
        this.log = log;
        this.nativeFrontEnd = nativeFrontEnd;
    }

    /**
     * Prepares the link of {@code target}.
     *
     * @param targetRustlib the target's {@code lib/rustlib/<triple>} directory (the toolchain's or a fetched one)
     * @param rustcForTarget the rustc (or launcher) that compiles for the target
     * @param binaries the executables this build makes (those whose required features are enabled)
     * @param cHeaders the root the crate's C code was compiled against, when it has C: its C++ library is
     *     linked from there
     */
    public Plan prepare(
            Target target,
            Toolchain toolchain,
            Path targetRustlib,
            Path rustcForTarget,
            CargoManifest manifest,
            List<String> binaries,
            Optional<TargetHeaders> cHeaders)
            throws BuildException {
        Path lldPath = lld.lld(toolchain);
        LinkerConfig config = LinkerConfigs.forTarget(target, lldPath);
        List<Path> searchDirs = new ArrayList<>();
        List<Path> extraObjects = new ArrayList<>();
        Optional<GlibcVersion> floor = Optional.empty();
        Optional<GlibcAbi> abi = Optional.empty();
        boolean perTargetFloor = settings.floorPerTarget().containsKey(target.triple());
        String floorSetting = settings.floorSetting(target, names);
        if (target.isGnu()) {
            GlibcVersion f = settings.floor(target);
            GlibcAbi data = GlibcAbi.load(target.facts().orElseThrow().glibcAbi());
            try {
                GlibcFloors.check(data, f);
            } catch (IllegalArgumentException e) {
                throw BuildException.invalid(
                        perTargetFloor
                                ? new InvalidSettingException(Setting.GLIBC_FLOORS, target.triple(), e.getMessage(), e)
                                : new InvalidSettingException(Setting.GLIBC, null, e.getMessage(), e),
                        names);
            }
            floor = Optional.of(f);
            abi = Optional.of(data);
            try {
                GlibcStubs.StubSet set = stubs.stubs(target, f);
                searchDirs.add(set.directory());
                extraObjects.add(set.loader());
                if (StatWrappers.neededAt(f)) {
                    extraObjects.add(statWrappers.build(
                            rustcForTarget,
                            toolchain.info().identity(),
                            target.triple(),
                            data,
                            List.of(),
                            manifest.file().toAbsolutePath().getParent()));
                }
            } catch (IOException e) {
                throw BuildException.environment(
                        "Could not prepare glibc " + f + " for " + target + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BuildException.environment("Interrupted while preparing glibc for " + target, e);
            }
            if (!binaries.isEmpty()) {
                config = config.withStartFilesDir(Optional.of(startFiles(target, binaries)));
            }
            Optional<Path> cxx = cHeaders.flatMap(h -> cxxLibraryDirectory(h.root(), target));
            if (cxx.isPresent()) {
                searchDirs.add(cxx.get());
                // The root's libstdc++.so.6 was built against the root's glibc, newer than the floor: what it
                // needs is the business of the Pi's own libstdc++ at run time. The output's own references
                // are still checked against the floor (-z defs).
                List<String> args = new ArrayList<>(config.extraArgs());
                args.add("--allow-shlib-undefined");
                config = config.withExtraArgs(args);
            }
            config = config.withGlibcFloor(f.toString());
        } else if (target.isMusl()) {
            if (manifest.attachableCrateTypes().contains("cdylib")) {
                throw BuildException.configuration(manifest.file() + " builds a cdylib, but " + target + " is a musl"
                        + " target: a musl shared library would need musl's dynamic loader, which a JVM on Raspberry"
                        + " Pi OS (glibc) does not have. Build JNI libraries for the matching gnu triple ("
                        + target.triple().replace("musl", "gnu") + "), and keep musl for static executables.");
            }
            Path selfContained = targetRustlib.resolve("lib/self-contained");
            if (Files.isDirectory(selfContained)) {
                searchDirs.add(selfContained);
            }
        }
        config = config.withSearchDirs(searchDirs).withExtraObjects(extraObjects);
        try {
            Path dir = workDirectory.resolve("link");
            FileTrees.createDirectories(dir);
            Path configFile = dir.resolve(target.triple() + ".properties");
            config.store(configFile);
            LauncherWriter launchers = new LauncherWriter(host, List.of(LauncherWriter.codeSourceOf(LinkerMain.class)));
            Optional<Path> nativeExecutable =
                    nativeExecutable(toolchain, manifest.file().toAbsolutePath().getParent());
            Path launcher;
            if (nativeExecutable.isPresent()) {
                Path plainConfig = dir.resolve(target.triple() + ".conf");
                config.storePlain(plainConfig);
                launcher = launchers.writeNative(dir, target.triple(), nativeExecutable.get(), plainConfig);
            } else {
                launcher = launchers.write(dir, target.triple(), configFile);
            }
            log.info("Linking " + target + " with " + lldPath.getFileName()
                    + floor.map(f -> " against glibc " + f + " stubs").orElse(" (static, self-contained)"));
            return new Plan(target, launcher, floor, abi, floorSetting);
        } catch (IOException e) {
            throw BuildException.environment(
                    "Could not write the linker configuration for " + target + " in " + workDirectory + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * The native linker front end for the host, compiled with the toolchain's rustc unless the cache has it; empty
     * on Windows and when it cannot be built, which the build log says once, with why.
     */
    private Optional<Path> nativeExecutable(Toolchain toolchain, Path crateDirectory) throws BuildException {
        if (host.isWindows()) {
            return Optional.empty();
        }
        return NativeFrontEnds.executable(nativeFrontEnd, toolchain, crateDirectory, log);
    }

    /**
     * The directory of glibc's start files for executables: from the user's sysroot, else from the root the
     * plugin installs. An ARMv6 target never gets start files built for a newer architecture (Debian's
     * armhf packages are ARMv7): those are refused, with what to do instead.
     */
    private Path startFiles(Target target, List<String> binaries) throws BuildException {
        if (settings.sysroot().isPresent()) {
            return StartFiles.directory(settings.sysroot().get(), target, names);
        }
        Path root;
        try {
            root = roots.headers(target).root();
        } catch (BuildException e) {
            throw BuildException.configuration("The crate has executables (" + String.join(", ", binaries)
                    + "), and an executable for " + target + " needs the target's C start files (crt1.o, crti.o,"
                    + " crtn.o), which the plugin could not install: " + e.getMessage() + " Alternatively set "
                    + names.name(Setting.SYSROOT) + " to a directory holding them (an unpacked Raspberry Pi OS or"
                    + " Debian root with libc6-dev), or build the executables for " + muslTriple(target)
                    + " instead: a static musl executable needs no glibc at all.");
        }
        Path dir = StartFiles.directory(root, target, names);
        Optional<String> problem = StartFiles.checkArchitecture(dir, target);
        if (problem.isPresent()) {
            throw BuildException.configuration(problem.get() + " Set " + names.name(Setting.SYSROOT)
                    + " to a root whose start files are built for " + target + " (Raspberry Pi OS's own, for"
                    + " example), or build the executables for " + muslTriple(target) + ".");
        }
        return dir;
    }

    /**
     * GCC's library directory of a root ({@code usr/lib/gcc/<multiarch>/<version>}, the newest version), where
     * {@code -lstdc++} finds the C++ library a crate's C++ code needs; searched after the glibc stubs.
     */
    static Optional<Path> cxxLibraryDirectory(Path root, Target target) {
        Path gcc = root.resolve("usr/lib/gcc").resolve(target.debianMultiarch());
        if (!Files.isDirectory(gcc)) {
            return Optional.empty();
        }
        try (java.util.stream.Stream<Path> versions = Files.list(gcc)) {
            return versions.filter(d -> Files.exists(d.resolve("libstdc++.so")))
                    .max((a, b) -> DebianVersion.compare(
                            a.getFileName().toString(), b.getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String muslTriple(Target target) {
        String t = target.triple().replace("gnu", "musl");
        return Target.knownTriples().contains(t) ? t : "the matching musl triple";
    }
}
