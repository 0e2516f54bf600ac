package dev.rustmaven.it.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tools/benchmarks/BenchmarkReport.java, which mvn site runs to make the Benchmarks page and its chart. */
class BenchmarkReportTest {

    @TempDir
    Path dir;

    private record Run(int exit, String output) {}

    private Run report(Path results) throws IOException, InterruptedException {
        Path root = RepositoryRoot.get();
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        root.resolve("tools/benchmarks/BenchmarkReport.java").toString(),
                        results.toString(),
                        dir.resolve("page.md").toString(),
                        dir.resolve("images/chart.svg").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the report ends").isTrue();
        return new Run(p.exitValue(), output);
    }

    @Test
    @DisplayName("works out each goal from the medians when the sides ran a different number of times, says which"
            + " are met, and charts the measured ones")
    void goalsFromMedians() throws Exception {
        // given results with an odd and an even number of runs, one goal missed and one not measured
        Path results = dir.resolve("results.tsv");
        Files.write(
                results,
                List.of(
                        "#meta\tDate\t2026-11-30",
                        "noop.plugin.one\tms\t900 1000 5000\tmvn with the plugin",
                        "noop.skip.one\tms\t700 800 600\tmvn with -Drust.skip",
                        "noop.cargo.one\tms\t40 60 50 55\tcargo's no-op",
                        "noop.plugin.four\tms\t900 1000\ttwo runs only",
                        "noop.skip.four\tms\t700 800 600\tmvn with -Drust.skip",
                        "noop.cargo.four\tms\t40 60 50\tcargo's no-op",
                        "linker.native\tms\t41 42 43\tthe front end",
                        "linker.direct\tms\t40 40 41\trust-lld",
                        "size.release.identical\tcount\t1\tsame bytes",
                        "size.size.identical\tcount\t0\tsame bytes"),
                StandardCharsets.UTF_8);

        // when
        Run run = report(results);

        // then: no-op overhead = 1000 - 700 - 52.5 = 247.5 ms over the 150 ms budget; the linker 42 / 40 = 1.05
        assertThat(run.exit()).as(run.output()).isZero();
        String page = Files.readString(dir.resolve("page.md"), StandardCharsets.UTF_8);
        assertThat(page)
                .contains("| Date | 2026-11-30 |")
                .contains("| No-op build, one target: overhead | 248 ms | &lt;= 150 ms | **no** |")
                .contains("| Linker front end / rust-lld directly | 1.05 x | &lt;= 1.10 x | yes |")
                .contains("| Output size: identical bytes to plain cargo | different | identical | **no** |")
                .contains(
                        "| No-op build, four targets: overhead | inconclusive (noop.plugin.four: 2 runs, fewer than 3) |")
                .contains("| Fetch one rust-std: plugin / curl + xz + tar | not measured | &lt;= 1.20 x | - |")
                .contains("| `noop.plugin.one` | mvn with the plugin | ms | 3 | 900 | 1000 | 5000 |")
                .contains("| `noop.cargo.one` | cargo's no-op | ms | 4 | 40 | 52.5 | 60 |");
        String svg = Files.readString(dir.resolve("images/chart.svg"), StandardCharsets.UTF_8);
        assertThat(svg)
                .startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .contains(">248 ms (goal &lt;= 150 ms)</text>")
                .contains(">1.05 x (goal &lt;= 1.10 x)</text>")
                .doesNotContain("four targets: overhead");
    }

    @Test
    @DisplayName("pairs the runs: each run's own difference, then their median, when the sides ran equally often")
    void pairedRuns() throws Exception {
        // given: the machine slowed down during the third run, for both sides of it
        Path results = dir.resolve("results.tsv");
        Files.write(
                results,
                List.of(
                        "#meta\tDate\t2026-12-01",
                        "noop.plugin.one\tms\t1000 1500 2000\tmvn with the plugin",
                        "noop.skip.one\tms\t950 1450 1400\tmvn with -Drust.skip",
                        "noop.cargo.one\tms\t10 10 10\tcargo's no-op",
                        "linker.native\tms\t44 88 60\tthe front end",
                        "linker.direct\tms\t40 80 40\trust-lld"),
                StandardCharsets.UTF_8);

        // when
        Run run = report(results);

        // then: runs 40, 40 and 590 ms over skip and cargo: 40 ms, where the medians would give 1500 - 1400 - 10 = 90;
        // the linker's ratios 1.10, 1.10 and 1.50: 1.10, where the medians would give 60 / 40 = 1.50
        assertThat(run.exit()).as(run.output()).isZero();
        String page = Files.readString(dir.resolve("page.md"), StandardCharsets.UTF_8);
        assertThat(page)
                .contains("| No-op build, one target: overhead | 40 ms | &lt;= 150 ms | yes |")
                .contains("| Linker front end / rust-lld directly | 1.10 x | &lt;= 1.10 x | yes |");
    }

    @Test
    @DisplayName("a malformed line fails naming the file and the line")
    void malformedLine() throws Exception {
        Path results = dir.resolve("results.tsv");
        Files.write(results, List.of("#meta\tDate\t2026-11-30", "noop.plugin.one\tms\t900 x\tbroken"));

        Run run = report(results);

        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains(results + ":2: a sample is not a number: 900 x");
    }

    @Test
    @DisplayName("the committed results make a page that shows every goal")
    void committedResults() throws Exception {
        Run run = report(RepositoryRoot.get().resolve("src-site/benchmarks/results.tsv"));

        assertThat(run.exit()).as(run.output()).isZero();
        String page = Files.readString(dir.resolve("page.md"), StandardCharsets.UTF_8);
        assertThat(page).contains("| Machine |", "| Rust |", "| Date |", "## Goals", "## Measurements");
        assertThat(page.lines().filter(l -> l.contains(" | yes | ") || l.contains(" | **no** | ")))
                .as("goals with a result")
                .isNotEmpty();
    }
}
