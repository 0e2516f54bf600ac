package dev.rustmaven.pipeline;

import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.elf.ElfExpectation;
import dev.rustmaven.elf.ElfFile;
import dev.rustmaven.elf.FloorAdvice;
import dev.rustmaven.elf.OutputCheck;
import dev.rustmaven.elf.OutputChecker;
import dev.rustmaven.elf.OutputKind;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads every output as ELF before it is attached and checks it against its target: ELF class, byte
 * order, machine, ARM float ABI and architecture version, what the device's loader and kernel refuse (LOAD
 * segments aligned below 16 KiB on ARM, text relocations, an executable stack, shared libraries the target does
 * not have), for gnu targets the glibc floor whoever linked them, and where the plugin linked them a SONAME.
 * Logs one line per output: what the check found (the build's summary table adds sizes and times).
 */
public final class OutputVerification {

    private final BuildLog log;

    public OutputVerification(BuildLog log) {
        this.log = log;
    }

    /**
     * How one target's outputs came about, as far as the checks care.
     *
     * @param floor the glibc floor the outputs must load with (gnu targets; empty for no check)
     * @param floorSetting the setting that chose the floor, as the user names it
     * @param linkedByPlugin whether the plugin linked them against its glibc stubs: only then is a SONAME required,
     *     and only then can a glibc version above the floor be avoided by nothing but the code itself
     * @param remedy for outputs the plugin did not link, what else than raising the floor keeps them within it
     * @param declaredLibraries the shared libraries build scripts declared, by link name ({@code stdc++})
     */
    public record TargetLinkage(
            Optional<GlibcVersion> floor,
            String floorSetting,
            boolean linkedByPlugin,
            Optional<String> remedy,
            Set<String> declaredLibraries) {

        public TargetLinkage {
            declaredLibraries = Set.copyOf(declaredLibraries);
        }
    }

    /**
     * Checks the outputs of one target, and returns the glibc floor that holds for all of them.
     *
     * <p>The glibc floor is checked for every gnu output. An output the plugin linked against its stubs cannot
     * exceed it (the link fails first). One it did not link (the host under {@code linking=auto}, a linker the
     * user configured, {@code linking=cargo}) may: then the build warns, naming the output, the symbols, the
     * floor's setting and the remedy, and the floor returned (which the per-target jar records and the runtime
     * loader trusts) is the glibc the outputs really need, never a promise they break. A warning rather than a
     * failure because such a target is built the way the user or cargo chose, most often the developer's own
     * host, where a first {@code mvn install} must not fail over a floor that was never asked for.
     *
     * @return the floor to record for the target: the configured one, raised to what the outputs need
     * @throws BuildException listing every problem when an output does not match its target
     */
    public Optional<GlibcVersion> verify(List<BuiltOutput> outputs, TargetLinkage linkage) throws BuildException {
        List<String> problems = new ArrayList<>();
        Optional<GlibcVersion> holds = linkage.floor();
        for (BuiltOutput o : outputs) {
            if (o.target().facts().isEmpty()) {
                log.debug("Not checking " + o.output().fileName() + ": no ELF facts known for " + o.target());
                continue;
            }
            FloorAdvice advice = new FloorAdvice(linkage.floorSetting(), linkage.remedy());
            ElfExpectation expected = ElfExpectation.forTarget(o.target(), linkage.floor())
                    .withRequireSoname(linkage.linkedByPlugin())
                    .withDeclaredLibraries(linkage.declaredLibraries())
                    .withFloorAdvice(advice);
            OutputKind kind = checkedAs(o.output().kind());
            try {
                OutputCheck check = OutputChecker.check(
                        o.output().file(),
                        linkage.linkedByPlugin() ? expected : expected.withGlibcFloor(Optional.empty()),
                        kind);
                log.info(check.summary());
                problems.addAll(check.problems());
                if (!linkage.linkedByPlugin() && linkage.floor().isPresent() && kind != OutputKind.STATIC_LIBRARY) {
                    holds = warnAboveFloor(o, expected, linkage.floor().get(), advice, holds);
                }
            } catch (IOException e) {
                throw BuildException.environment(
                        "Could not read " + o.output().file() + " to check it: " + e.getMessage(), e);
            }
        }
        if (!problems.isEmpty()) {
            throw BuildException.configuration("The built outputs do not match their targets, so they were not"
                    + " attached:" + System.lineSeparator() + "  - "
                    + String.join(System.lineSeparator() + "  - ", problems));
        }
        return holds;
    }

    /** Warns when an output the plugin did not link needs more than the floor; returns the raised floor. */
    private Optional<GlibcVersion> warnAboveFloor(
            BuiltOutput o,
            ElfExpectation expected,
            GlibcVersion floor,
            FloorAdvice advice,
            Optional<GlibcVersion> holds)
            throws IOException {
        ElfFile elf = ElfFile.read(o.output().file());
        if (!elf.isDynamicallyLinked()) {
            return holds;
        }
        Optional<String> exceeded = OutputChecker.floorExceeded(elf, expected, floor, advice);
        if (exceeded.isEmpty()) {
            return holds;
        }
        List<GlibcVersion> above = OutputChecker.aboveFloor(elf, floor);
        GlibcVersion needed = above.get(above.size() - 1);
        log.warn(exceeded.get() + ". Its per-target jar records glibc " + needed + " as the floor, so the runtime"
                + " loader does not offer it to older systems.");
        return holds.filter(h -> !needed.isNewerThan(h)).or(() -> Optional.of(needed));
    }

    /**
     * Checks the static libraries the build scripts of {@code target} made ({@code build/<crate>/out/**.a}
     * beside the outputs, where the {@code cc} crate leaves them): every C, C++ or assembly object in them
     * must be built for the target's machine, float ABI and architecture version. Catches C flags that
     * override the target's (say, a {@code -march} meant for another Pi) before the outputs are attached.
     *
     * @throws BuildException naming each archive and member that does not match
     */
    public void verifyBuildScriptArchives(List<BuiltOutput> outputs, Target target) throws BuildException {
        if (target.facts().isEmpty()) {
            return;
        }
        Set<Path> buildDirs = new LinkedHashSet<>();
        outputs.forEach(o -> buildDirs.add(o.output().file().getParent().resolve("build")));
        ElfExpectation expected = ElfExpectation.forTarget(target, Optional.empty());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path buildDir : buildDirs) {
            for (Path archive : buildScriptArchives(buildDir)) {
                try {
                    OutputCheck check = OutputChecker.check(archive, expected, OutputKind.STATIC_LIBRARY);
                    log.debug(check.summary());
                    problems.addAll(check.problems().stream()
                            .map(p -> p + " (" + archive + ")")
                            .toList());
                    checked++;
                } catch (IOException e) {
                    throw BuildException.environment(
                            "Could not read " + archive + " to check it: " + e.getMessage(), e);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw BuildException.configuration("C code that build scripts compiled for " + target
                    + " does not match the target, so the outputs were not attached:" + System.lineSeparator()
                    + "  - " + String.join(System.lineSeparator() + "  - ", problems) + System.lineSeparator()
                    + "Check CFLAGS_<triple>, CXXFLAGS_<triple> and the build script's own flags.");
        }
        if (checked > 0) {
            log.info("Checked " + checked + " static " + (checked == 1 ? "library" : "libraries")
                    + " of C code built by build scripts for " + target);
        }
    }

    private static List<Path> buildScriptArchives(Path buildDir) throws BuildException {
        if (!Files.isDirectory(buildDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(buildDir, 8)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".a"))
                    .filter(p -> buildDir.relativize(p).getNameCount() > 2
                            && buildDir.relativize(p).getName(1).toString().equals("out"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw BuildException.environment("Could not list " + buildDir + ": " + e.getMessage(), e);
        }
    }

    /** What the ELF checks expect of an output of this cargo kind. */
    static OutputKind checkedAs(CargoOutput.Kind kind) {
        return switch (kind) {
            case SHARED_LIBRARY -> OutputKind.SHARED_LIBRARY;
            case STATIC_LIBRARY -> OutputKind.STATIC_LIBRARY;
            case EXECUTABLE -> OutputKind.EXECUTABLE;
        };
    }
}
