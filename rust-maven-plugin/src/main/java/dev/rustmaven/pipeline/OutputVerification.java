package dev.rustmaven.pipeline;

import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.elf.ElfExpectation;
import dev.rustmaven.elf.OutputCheck;
import dev.rustmaven.elf.OutputChecker;
import dev.rustmaven.elf.OutputKind;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.log.BuildLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads every output as ELF before it is attached and checks it against its target: ELF class, byte
 * order, machine, ARM float ABI and architecture version, and, where the plugin linked the output
 * against its glibc stubs, the glibc floor and the SONAME. Logs one line per output.
 */
public final class OutputVerification {

    private final BuildLog log;

    public OutputVerification(BuildLog log) {
        this.log = log;
    }

    /**
     * Checks the outputs of one target.
     *
     * @param floor the glibc floor the outputs must load with
     * @param linkedByPlugin whether the plugin linked them: only then are the floor and a SONAME promised
     *     (the summary line still shows the newest glibc version any output needs)
     * @throws BuildException listing every problem when an output does not match its target
     */
    public void verify(List<BuiltOutput> outputs, Optional<GlibcVersion> floor, boolean linkedByPlugin)
            throws BuildException {
        List<String> problems = new ArrayList<>();
        for (BuiltOutput o : outputs) {
            if (o.target().facts().isEmpty()) {
                log.debug("Not checking " + o.output().fileName() + ": no ELF facts known for " + o.target());
                continue;
            }
            ElfExpectation expected = ElfExpectation.forTarget(o.target(), linkedByPlugin ? floor : Optional.empty())
                    .withRequireSoname(linkedByPlugin);
            OutputKind kind = checkedAs(o.output().kind());
            try {
                OutputCheck check = OutputChecker.check(o.output().file(), expected, kind);
                log.info(check.summary());
                problems.addAll(check.problems());
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
