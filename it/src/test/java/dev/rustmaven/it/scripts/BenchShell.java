package dev.rustmaven.it.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs bash code with libraries of it/bench/lib sourced, as setup.sh sources them, for the bench's script tests. */
final class BenchShell {

    private BenchShell() {}

    /** What a run printed, and its exit status. */
    record Output(int status, String stdout, String stderr) {}

    /**
     * A {@code bash -c} process that runs {@code lines} (one a line) in strict mode after sourcing common.sh and
     * {@code libraries} (file names in it/bench/lib); the caller sets its environment, then {@link #run}s it.
     */
    static ProcessBuilder process(List<String> libraries, String... lines) {
        List<String> script = new ArrayList<>();
        script.add("set -Eeuo pipefail");
        script.add("BENCH_LIB='" + RepositoryRoot.get().resolve("it/bench/lib") + "'");
        script.add(". \"$BENCH_LIB/common.sh\"");
        for (String library : libraries) {
            script.add(". \"$BENCH_LIB/" + library + "\"");
        }
        script.addAll(List.of(lines));
        return new ProcessBuilder("bash", "-c", String.join("\n", script));
    }

    /** Runs {@code process} (a minute at the most), its output going through files in {@code work}. */
    static Output run(ProcessBuilder process, Path work) throws IOException, InterruptedException {
        process.redirectOutput(work.resolve("stdout").toFile());
        process.redirectError(work.resolve("stderr").toFile());
        Process running = process.start();
        assertThat(running.waitFor(60, TimeUnit.SECONDS))
                .as("the bench functions finished")
                .isTrue();
        return new Output(
                running.exitValue(),
                Files.readString(work.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(work.resolve("stderr"), StandardCharsets.UTF_8));
    }
}
