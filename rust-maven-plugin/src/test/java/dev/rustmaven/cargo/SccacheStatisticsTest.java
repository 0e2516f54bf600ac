package dev.rustmaven.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SccacheStatisticsTest {

    /** {@code sccache --show-stats} of Debian's sccache 0.4 after a build, per-language lines and rates included. */
    private static final List<String> SHOWN = List.of(
            "Compile requests                     31",
            "Compile requests executed            29",
            "Cache hits                           20",
            "Cache hits (Rust)                    20",
            "Cache misses                          2",
            "Cache misses (Rust)                   2",
            "Cache hits rate                  90.91 %",
            "Cache timeouts                        0",
            "Cache read errors                     0",
            "Forced recaches                       0",
            "Cache write errors                    0",
            "Compilation failures                  0",
            "Cache errors                          0",
            "Non-cacheable compilations            0",
            "Non-cacheable calls                   7",
            "Non-compilation calls                 2",
            "Unsupported compiler calls            0",
            "Average cache write               0.004 s",
            "Average compiler                  0.611 s",
            "Average cache read hit            0.001 s",
            "Failed distributed compilations       0",
            "",
            "Non-cacheable reasons:",
            "crate-type                            7",
            "Cache location                  Local disk: \"/home/ci/.cache/sccache\"",
            "Version (client)                0.4.0-pre.6",
            "Max cache size                         10 GiB");

    @Test
    void readsHitsMissesAndNotCacheableCallsFromTheTextStatistics() {
        assertThat(SccacheStatistics.parse(SHOWN)).contains(new SccacheStatistics(20, 2, 7));
    }

    @Test
    void outputWithoutTheCountersIsNotSccaches() {
        assertThat(SccacheStatistics.parse(List.of("sccache: error: Connection to server timed out")))
                .isEmpty();
        assertThat(SccacheStatistics.parse(List.of("Cache hits 3", "Cache misses 1")))
                .isEmpty();
        assertThat(SccacheStatistics.parse(List.of())).isEmpty();
    }

    @Test
    void aBuildsShareIsTheDifferenceOfTwoReadings() {
        SccacheStatistics before = new SccacheStatistics(100, 10, 40);
        SccacheStatistics after = new SccacheStatistics(122, 11, 47);

        assertThat(after.since(before)).isEqualTo(new SccacheStatistics(22, 1, 7));
        // a server restarted in between counts from zero again: its counters are the build's
        assertThat(new SccacheStatistics(3, 0, 1).since(before)).isEqualTo(new SccacheStatistics(3, 0, 1));
    }

    @Test
    void saysWhatTheCacheServedInOneLine() {
        assertThat(new SccacheStatistics(22, 0, 6).describe(false))
                .isEqualTo("Compiler cache: sccache served 22 of 22 cacheable compilations from its cache (0 compiled;"
                        + " 6 not cacheable, such as links and build scripts)");
        assertThat(new SccacheStatistics(0, 1, 0).describe(false)).contains("served 0 of 1 cacheable compilation from");
        assertThat(new SccacheStatistics(5, 1, 2).describe(true))
                .endsWith("; counted by the server, with the builds running beside this one");
    }

    @Test
    void runsTheWrapperWithShowStats() {
        assertThat(SccacheStatistics.commandLine("/usr/bin/sccache"))
                .containsExactly("/usr/bin/sccache", "--show-stats");
    }
}
