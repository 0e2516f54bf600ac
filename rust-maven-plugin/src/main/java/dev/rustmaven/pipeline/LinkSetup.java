package dev.rustmaven.pipeline;

import dev.rustmaven.config.SettingNames;
import dev.rustmaven.config.InvalidSettingException;
import dev.rustmaven.config.Setting;
import dev.rustmaven.cargo.CargoConfig;
import dev.rustmaven.cargo.CargoManifest;
import dev.rustmaven.glibc.GlibcAbi;
import dev.rustmaven.glibc.GlibcFloors;
import dev.rustmaven.glibc.GlibcStubs;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.glibc.StatWrappers;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.link.LauncherWriter;
import dev.rustmaven.link.LinkerConfig;
import dev.rustmaven.link.LinkerConfigs;
import dev.rustmaven.link.LinkerMain;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.triple.Target;
import dev.rustmaven.toolchain.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Links a target with LLD and no C cross toolchain: decides whether the plugin links it, finds (or
 * fetches) LLD, generates the glibc stubs for the floor, and installs the gcc-compatible front end as
 * cargo's linker for the target.
 */
public final class LinkSetup {

    /** How the plugin links one target. */
    public record Plan(Target target, Path launcher, Optional<GlibcVersion> floor, Optional<GlibcAbi> abi) {

        /** Cargo's environment for the target: the front end as its linker. */
        public Map<String, String> environment() {
            return Map.of("CARGO_TARGET_" + target.cargoEnvName() + "_LINKER", launcher.toString());
        }
    }

    /** The settings that shape linking, from the plugin's parameters. */
    public record Settings(Linking linking, GlibcVersion defaultFloor,
            Map<String, GlibcVersion> floorPerTarget, Optional<Path> sysroot) {

        public Settings {
            floorPerTarget = Map.copyOf(floorPerTarget);
        }

        /** The default floor: Raspberry Pi OS buster (2.28) and newer. */
        public static final String DEFAULT_FLOOR = "2.28";

        public GlibcVersion floor(Target target) {
            return floorPerTarget.getOrDefault(target.triple(), defaultFloor);
        }

        /** Linking as it is when nothing is configured. */
        public static Settings defaults() {
            return new Settings(Linking.AUTO, GlibcVersion.parse(DEFAULT_FLOOR), Map.of(), Optional.empty());
        }

        /** Checks the user's values. */
        public static Settings parse(String linking, String floor, Map<String, String> floorPerTarget,
                Optional<Path> sysroot) throws InvalidSettingException {
            GlibcVersion defaultFloor;
            try {
                defaultFloor = GlibcVersion.parse(floor);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.GLIBC, null, e.getMessage(), e);
            }
            Map<String, GlibcVersion> floors = new HashMap<>();
            for (Map.Entry<String, String> e : floorPerTarget.entrySet()) {
                try {
                    floors.put(e.getKey(), GlibcVersion.parse(e.getValue()));
                } catch (IllegalArgumentException problem) {
                    throw new InvalidSettingException(Setting.GLIBC_FLOORS, e.getKey(), problem.getMessage(), problem);
                }
            }
            return new Settings(Linking.parse(linking), defaultFloor, floors, sysroot);
        }
    }

    private static final Pattern UNDEFINED = Pattern.compile("undefined symbol: ([A-Za-z_][A-Za-z0-9_.@]*)");

    private final Settings settings;
    private final LldProvisioning lld;
    private final GlibcStubs stubs;
    private final StatWrappers statWrappers;
    private final HostSystem host;
    private final Path workDirectory;
    private final SettingNames names;
    private final BuildLog log;

    public LinkSetup(Settings settings, LldProvisioning lld, GlibcStubs stubs, StatWrappers statWrappers,
            HostSystem host, Path workDirectory, SettingNames names, BuildLog log) {
        this.settings = settings;
        this.lld = lld;
        this.stubs = stubs;
        this.statWrappers = statWrappers;
        this.host = host;
        this.workDirectory = workDirectory;
        this.names = names;
        this.log = log;
    }

    /**
     * Whether the plugin links {@code target}, and why (for the log).
     *
     * @param userEnvironment the {@code environment} parameter (a linker set there is the user's)
     */
    public Optional<String> whyNotLinking(Target target, Toolchain toolchain, Path crateDirectory,
            Map<String, String> userEnvironment) throws BuildException {
        if (settings.linking() == Linking.CARGO) {
            return Optional.of(names.name(Setting.LINKING) + " is cargo");
        }
        if (!target.isKnown()) {
            if (settings.linking() == Linking.LLD) {
                throw BuildException.configuration(names.name(Setting.LINKING) + " is lld, but the plugin does not know"
                        + " how to link " + target + " (known: " + String.join(", ", Target.knownTriples())
                        + "). Use <linking>auto</linking> or cargo to leave this target's linking to cargo.");
            }
            return Optional.of("the plugin knows no LLD emulation for " + target);
        }
        if (settings.linking() == Linking.LLD) {
            return Optional.empty();
        }
        if (target.triple().equals(toolchain.host())) {
            return Optional.of(target + " is the host (use <linking>lld</linking> to link it with LLD too)");
        }
        String variable = "CARGO_TARGET_" + target.cargoEnvName() + "_LINKER";
        String userLinker = userEnvironment.getOrDefault(variable, host.environment().get(variable));
        if (userLinker != null && !userLinker.isBlank()) {
            return Optional.of(variable + " is set to " + userLinker);
        }
        Optional<String> configured = CargoConfig.linker(CargoConfig.files(crateDirectory, host.environment(), host.userHome()),
                target.triple());
        return configured.map(l -> "target." + target + ".linker is " + l);
    }

    /**
     * Prepares the link of {@code target}.
     *
     * @param targetRustlib the target's {@code lib/rustlib/<triple>} directory (the toolchain's or a fetched one)
     * @param rustcForTarget the rustc (or launcher) that compiles for the target
     */
    public Plan prepare(Target target, Toolchain toolchain, Path targetRustlib, Path rustcForTarget,
            CargoManifest manifest) throws BuildException {
        Path lldPath = lld.lld(toolchain);
        LinkerConfig config = LinkerConfigs.forTarget(target, lldPath);
        List<Path> searchDirs = new ArrayList<>();
        List<Path> extraObjects = new ArrayList<>();
        Optional<GlibcVersion> floor = Optional.empty();
        Optional<GlibcAbi> abi = Optional.empty();
        if (target.isGnu()) {
            GlibcVersion f = settings.floor(target);
            GlibcAbi data = GlibcAbi.load(target.facts().orElseThrow().glibcAbi());
            try {
                GlibcFloors.check(data, f);
            } catch (IllegalArgumentException e) {
                throw BuildException.configuration("glibc floor for " + target + ": " + e.getMessage());
            }
            floor = Optional.of(f);
            abi = Optional.of(data);
            try {
                GlibcStubs.StubSet set = stubs.stubs(target, f);
                searchDirs.add(set.directory());
                extraObjects.add(set.loader());
                if (StatWrappers.neededAt(f)) {
                    extraObjects.add(statWrappers.build(rustcForTarget, target.triple(), data, List.of()));
                }
            } catch (IOException e) {
                throw BuildException.environment("Could not prepare glibc " + f + " for " + target + ": "
                        + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BuildException.environment("Interrupted while preparing glibc for " + target, e);
            }
            if (!manifest.binaries().isEmpty()) {
                if (settings.sysroot().isEmpty()) {
                    throw BuildException.configuration("The crate has executables (" + String.join(", ",
                            manifest.binaries()) + "), and an executable for " + target + " needs the target's C"
                            + " start files (crt1.o, crti.o, crtn.o) from a glibc for that target. Set "
                            + names.name(Setting.SYSROOT) + " to a directory holding one (for example an unpacked Raspberry Pi OS or"
                            + " Debian root with libc6-dev), or build the executables for " + muslTriple(target)
                            + " instead: a static musl executable needs no glibc at all.");
                }
                config = config.withStartFilesDir(Optional.of(startFilesDir(settings.sysroot().get(), target, names)));
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
            Files.createDirectories(dir);
            Path configFile = dir.resolve(target.triple() + ".properties");
            config.store(configFile);
            Path launcher = new LauncherWriter(host, List.of(LauncherWriter.codeSourceOf(LinkerMain.class)))
                    .write(dir, target.triple(), configFile);
            log.info("Linking " + target + " with " + lldPath.getFileName()
                    + floor.map(f -> " against glibc " + f + " stubs").orElse(" (static, self-contained)"));
            return new Plan(target, launcher, floor, abi);
        } catch (IOException e) {
            throw BuildException.environment("Could not write the linker configuration for " + target + " in "
                    + workDirectory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The directory of a glibc sysroot that holds {@code crt1.o} for {@code target}: the Debian multiarch
     * directory ({@code usr/lib/arm-linux-gnueabihf}), else {@code usr/lib}, {@code usr/lib64} or {@code lib}
     * of a single-architecture root.
     */
    static Path startFilesDir(Path sysroot, Target target, SettingNames names) throws BuildException {
        Set<Path> candidates = new LinkedHashSet<>();
        Path usrLib = sysroot.resolve("usr/lib");
        // A multiarch root may hold several architectures: only the target's own directory is theirs.
        candidates.add(usrLib.resolve(multiarch(target)));
        candidates.addAll(List.of(usrLib, sysroot.resolve("usr/lib64"), sysroot.resolve("lib")));
        return candidates.stream().filter(d -> Files.isRegularFile(d.resolve("crt1.o"))).findFirst()
                .orElseThrow(() -> BuildException.configuration(names.name(Setting.SYSROOT) + " " + sysroot + " has no crt1.o"
                        + " for " + target + " (looked in " + candidates + "): install libc6-dev for the target's"
                        + " architecture into it"));
    }

    private static String multiarch(Target target) {
        String arch = switch (target.facts().map(Target.Facts::elfMachine).orElse(0)) {
            case Target.EM_ARM -> "arm";
            case Target.EM_AARCH64 -> "aarch64";
            case Target.EM_X86_64 -> "x86_64";
            case Target.EM_386 -> "i386";
            case Target.EM_RISCV -> "riscv64";
            default -> target.arch();
        };
        return arch + "-linux-gnu" + gnuSuffix(target);
    }

    private static String gnuSuffix(Target target) {
        return target.env().startsWith("gnu") ? target.env().substring(3) : "";
    }

    private static String muslTriple(Target target) {
        String t = target.triple().replace("gnu", "musl");
        return Target.knownTriples().contains(t) ? t : "the matching musl triple";
    }

    /**
     * Explains undefined symbols in a failed link of a target the plugin linked against glibc stubs:
     * each symbol with the floor and the lowest floor that has it.
     */
    public static List<String> explainUndefinedSymbols(Plan plan, List<String> cargoErrorOutput) {
        List<String> explanations = new ArrayList<>();
        if (plan.floor().isEmpty() || plan.abi().isEmpty()) {
            return explanations;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String line : cargoErrorOutput) {
            Matcher m = UNDEFINED.matcher(line);
            while (m.find()) {
                String symbol = m.group(1);
                int at = symbol.indexOf('@');
                seen.add(at > 0 ? symbol.substring(0, at) : symbol);
            }
        }
        for (String symbol : seen) {
            explanations.add(GlibcFloors.missingSymbolMessage(plan.abi().get(), symbol, plan.floor().get()));
        }
        return explanations;
    }
}
