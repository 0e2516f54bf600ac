package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.link.NativeFrontEnd;
import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.testing.Required;
import dev.rustmaven.toolchain.RustcInfo;
import dev.rustmaven.toolchain.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native front end is built once per compiler in a JVM: a failure is warned of once, a success reused. */
class NativeFrontEndsTest {

    @TempDir
    Path dir;

    /**
     * A stand-in rustc that counts its runs in {@code rustc.calls} and, unless it is to fail, "compiles" a front end
     * that answers as the real one does without arguments (usage, exit 2).
     */
    private Toolchain toolchain(boolean fails) throws Exception {
        Required.require(Files.isExecutable(Path.of("/bin/sh")), "a POSIX sh at /bin/sh for the stand-in rustc");
        Path rustc = dir.resolve("rustc");
        Files.writeString(
                rustc,
                "#!/bin/sh\n"
                        + "echo run >> \"$0.calls\"\n"
                        + (fails ? "echo 'error: linking with cc failed' >&2; exit 1\n" : "")
                        + "while [ $# -gt 0 ]; do [ \"$1\" = -o ] && out=$2; shift; done\n"
                        + "printf '#!/bin/sh\\necho \"usage: rust-maven-linker\"\\nexit 2\\n' > \"$out\"\n"
                        + "chmod 755 \"$out\"\n");
        Files.setPosixFilePermissions(rustc, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new Toolchain(
                dir.resolve("cargo"),
                rustc,
                new RustcInfo("rustc 1.95.0", "1.95.0", "59807616e", "2026-04-14", "x86_64-unknown-linux-gnu", ""),
                dir,
                List.of());
    }

    private long rustcRuns() throws Exception {
        Path calls = dir.resolve("rustc.calls");
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    private NativeFrontEnd frontEnd() {
        return new NativeFrontEnd(dir.resolve("cache"), new ProcessRunner());
    }

    @Test
    void aFailedBuildIsTriedAndWarnedOfOncePerJvm() throws Exception {
        // given
        Toolchain toolchain = toolchain(true);
        RecordingLog first = new RecordingLog();
        RecordingLog second = new RecordingLog();

        // when: two modules of a reactor, each with its own front end object
        Optional<Path> once = NativeFrontEnds.executable(frontEnd(), toolchain, dir, first);
        Optional<Path> again = NativeFrontEnds.executable(frontEnd(), toolchain, dir, second);

        // then
        assertThat(once).isEmpty();
        assertThat(again).isEmpty();
        assertThat(rustcRuns()).isEqualTo(1);
        assertThat(first.messages("WARN"))
                .singleElement()
                .satisfies(m -> assertThat(m).contains("could not be built").contains("linking with cc failed"));
        assertThat(second.messages("WARN")).isEmpty();
    }

    @Test
    void aBuiltFrontEndIsReusedAndBuiltAgainOnceDeleted() throws Exception {
        // given
        Toolchain toolchain = toolchain(false);
        RecordingLog log = new RecordingLog();

        // when
        Path built = NativeFrontEnds.executable(frontEnd(), toolchain, dir, log).orElseThrow();
        Path reused =
                NativeFrontEnds.executable(frontEnd(), toolchain, dir, log).orElseThrow();
        long runsBeforeDeleting = rustcRuns();
        Files.delete(built);
        Path rebuilt =
                NativeFrontEnds.executable(frontEnd(), toolchain, dir, log).orElseThrow();

        // then
        assertThat(reused).isEqualTo(built);
        assertThat(runsBeforeDeleting).isEqualTo(1);
        assertThat(rebuilt).isEqualTo(built).isExecutable();
        assertThat(rustcRuns()).isEqualTo(2);
        assertThat(log.messages("WARN")).isEmpty();
    }
}
