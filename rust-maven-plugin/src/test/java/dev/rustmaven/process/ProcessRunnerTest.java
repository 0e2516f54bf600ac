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

    @Test
    void argumentsFullOfShellSyntaxReachTheProgramWholeAndNoShellRunsThem() throws Exception {
        // given: printf itself, not a shell, prints each argument between brackets
        List<String> hostile =
                List.of("a b", "it's", "\"q\"", "$(touch x)", "`touch x`", "; touch x", "a\nb", "%PATH%");
        List<String> command = new ArrayList<>(List.of("printf", "[%s]\\n"));
        command.addAll(hostile);
        List<String> out = new ArrayList<>();

        // when
        runner.run(new ProcessRunner.Command(command, dir), out::add, line -> {});

        // then
        assertThat(out)
                .containsExactly(
                        "[a b]",
                        "[it's]",
                        "[\"q\"]",
                        "[$(touch x)]",
                        "[`touch x`]",
                        "[; touch x]",
                        "[a",
                        "b]",
                        "[%PATH%]");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void aLineLongerThanTheLimitIsCutSayingHowMuchWasLeftOut() throws Exception {
        // given: a short line, one far past the limit, lines ended by \r\n and \r, and a last line without an end
        int limit = 16;
        String text = "short\n" + "y".repeat(100) + "\r\nnext\rlast";
        List<String> lines = new ArrayList<>();

        // when
        ProcessRunner.forEachLine(new java.io.StringReader(text), lines::add, limit);

        // then
        assertThat(lines)
                .containsExactly(
                        "short", "y".repeat(16) + " [... 84 more characters of this line cut]", "next", "last");
    }

    @Test
    void aProgramPrintingMegabytesWithoutALineBreakIsReadWithinTheLimit() throws Exception {
        // given: 8 MiB of one line
        List<String> out = new ArrayList<>();

        // when
        int exit = runner.run(
                new ProcessRunner.Command(List.of("sh", "-c", "head -c 8388608 /dev/zero | tr '\\0' z"), dir),
                out::add,
                line -> {});

        // then
        assertThat(exit).isZero();
        assertThat(out)
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("zzzz")
                        .endsWith(" [... " + (8388608 - ProcessRunner.MAX_LINE_CHARS)
                                + " more characters of this line cut]")
                        .hasSizeLessThan(ProcessRunner.MAX_LINE_CHARS + 100));
    }
}
