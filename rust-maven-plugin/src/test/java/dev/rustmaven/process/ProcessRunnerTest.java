package dev.rustmaven.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void streamsBothOutputsLineByLineAndReturnsTheExitCode() throws Exception {
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();

        int exit = runner.run(
                new ProcessRunner.Command(
                        List.of("sh", "-c", "echo one; echo two >&2; echo \"$GREETING\"; pwd; exit 3"),
                        dir,
                        Map.of("GREETING", "hi"),
                        List.of()),
                out::add,
                err::add);

        assertThat(exit).isEqualTo(3);
        assertThat(out).containsExactly("one", "hi", dir.toRealPath().toString());
        assertThat(err).containsExactly("two");
    }

    @Test
    void removedVariablesAreNotInherited() throws Exception {
        List<String> out = new ArrayList<>();

        runner.run(
                new ProcessRunner.Command(
                        List.of("sh", "-c", "echo \"[${HOME:-unset}]\""), dir, Map.of(), List.of("HOME")),
                out::add,
                line -> {});

        assertThat(out).containsExactly("[unset]");
    }

    @Test
    void aMissingProgramIsAStartFailureNamingIt() {
        assertThatThrownBy(
                        () -> runner.run(new ProcessRunner.Command(List.of("/no/such/cargo"), dir), l -> {}, l -> {}))
                .isInstanceOf(ProcessRunner.StartFailedException.class)
                .hasMessageContaining("/no/such/cargo");
    }

    @Test
    void captureFailsWithStandardErrorWhenTheProgramFails() {
        assertThatThrownBy(() -> runner.capture(
                        new ProcessRunner.Command(List.of("sh", "-c", "echo bad things >&2; exit 1"), dir)))
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining("bad things");
    }
}
