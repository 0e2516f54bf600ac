package dev.rustmaven.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CargoTreeTest {

    @Test
    void findsTheCratesWithACBuildHelperAndWhichHelper() {
        List<String> tree = List.of(
                "0app v0.1.0 (/work/app)",
                "1libc v0.2.139",
                "1ring v0.16.20",
                "2spin v0.5.2",
                "2cc v1.0.73",
                "1zstd-sys v2.0.1",
                "2cc v1.0.73",
                "2pkg-config v0.3.26",
                "1snappy v0.1.0 (/work/snappy)",
                "2cmake v0.1.50",
                "3cc v1.0.73",
                "1cc v1.0.73",
                "warning: something cargo says",
                "");

        Map<String, Set<String>> c = CargoTree.cCrates(tree);

        assertThat(c)
                .containsExactly(
                        Map.entry("ring v0.16.20", Set.of("cc")),
                        Map.entry("zstd-sys v2.0.1", Set.of("cc")),
                        Map.entry("snappy v0.1.0", Set.of("cmake")),
                        Map.entry("app v0.1.0", Set.of("cc")));
    }

    @Test
    void aTreeWithoutHelpersHasNoCCrates() {
        assertThat(CargoTree.cCrates(List.of("0app v0.1.0 (/a)", "1libc v0.2.139", "1cc-like v1.0.0")))
                .isEmpty();
        assertThat(CargoTree.cCrates(List.of())).isEmpty();
    }

    @Test
    void asksForTheTargetsNormalAndBuildEdgesWithTheBuildsFeatures() {
        CargoOptions options = new CargoOptions(
                Path.of("/c"), "release", List.of("a", "b"), false, true, List.of(), Map.of(), Path.of("/t"), true);

        assertThat(CargoTree.commandLine(options, Path.of("/bin/cargo"), "aarch64-unknown-linux-gnu"))
                .containsExactly(
                        "/bin/cargo",
                        "tree",
                        "--target",
                        "aarch64-unknown-linux-gnu",
                        "-e",
                        "normal,build",
                        "--prefix",
                        "depth",
                        "--format",
                        "{p}",
                        "--features",
                        "a,b",
                        "--no-default-features",
                        "--offline");
    }
}
