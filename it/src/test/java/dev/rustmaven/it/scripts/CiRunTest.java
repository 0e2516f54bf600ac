package dev.rustmaven.it.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code .ci/run}: its preamble never fails at random, and it runs the README's test command. */
class CiRunTest {

    private static final int RUNS = 50;

    @Test
    @DisplayName("the preamble prints the versions and exits 0, 50 times in a row")
    void preambleIsStable() throws Exception {
        // given
        Path root = RepositoryRoot.get();

        for (int run = 1; run <= RUNS; run++) {
            // when
            Path output = Files.createTempFile("ci-preamble", ".txt");
            Process process = new ProcessBuilder("bash", root.resolve(".ci/run").toString(), "--preamble")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean finished = process.waitFor(60, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            assertThat(finished)
                    .as("run %d finished within 60 s; it printed:%n%s", run, out)
                    .isTrue();

            // then
            assertThat(process.exitValue())
                    .as("exit status of run %d, which printed:%n%s", run, out)
                    .isZero();
            List<String> lines = out.lines().toList();
            assertThat(lines).as("run %d", run).hasSize(5);
            assertThat(lines.get(0)).startsWith("== ").contains(" cores");
            assertThat(lines.get(1)).matches("(openjdk|java) version .*");
            assertThat(lines.get(2)).startsWith("Apache Maven ");
            assertThat(lines.get(3)).matches("rustc \\S+.*|rustc: not found");
            assertThat(lines.get(4)).matches("cargo \\S+.*|cargo: not found");
        }
    }

    @Test
    @DisplayName(".ci/run runs exactly the test command written in README.md")
    void runsReadmeTestCommand() throws IOException {
        // given
        Path root = RepositoryRoot.get();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^(.+?)\\s+# all tests").matcher(readme);
        assertThat(m.find()).as("README.md has a line '<command>  # all tests'").isTrue();
        String command = m.group(1).strip();

        // when
        List<String> ciLines = Files.readAllLines(root.resolve(".ci/run"), StandardCharsets.UTF_8);

        // then
        assertThat(command).contains("mvn -B verify");
        assertThat(ciLines).as(".ci/run").contains(command);
        List<String> after = ciLines.subList(ciLines.indexOf(command) + 1, ciLines.size()).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertThat(after)
                .as("what CI runs after the test command")
                .containsExactly("bash it/bench/setup.sh --check", "lint_scripts", "check_site");
    }
}
