package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.cargo.SccacheStatistics;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.toolchain.RustcInfo;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.triple.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BuildSummaryTest {

    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    private static final String MUSL = "aarch64-unknown-linux-musl";

    private static final Map<String, Long> SIZES = Map.of(
            "libhello.so", 412_345L, "hello-1.0-" + ARMV7 + ".jar", 180_001L, "hello", 2_345_678L, "libhello.a", 999L);

    private static Pipeline.BuildResult result(boolean upToDate) {
        Toolchain toolchain = new Toolchain(
                Path.of("cargo"),
                Path.of("rustc"),
                new RustcInfo("rustc 1.95.0", "1.95.0", "x", "y", "x86_64-unknown-linux-gnu", ""),
                Path.of("/rust"),
                List.of());
        Target armv7 = Target.parse(ARMV7);
        Target musl = Target.parse(MUSL);
        List<BuiltOutput> outputs = List.of(
                new BuiltOutput(
                        armv7, new CargoOutput(CargoOutput.Kind.SHARED_LIBRARY, "hello", Path.of("/t/libhello.so"))),
                new BuiltOutput(
                        armv7, new CargoOutput(CargoOutput.Kind.STATIC_LIBRARY, "hello", Path.of("/t/libhello.a"))),
                new BuiltOutput(musl, new CargoOutput(CargoOutput.Kind.EXECUTABLE, "hello", Path.of("/m/hello"))));
        RustBuild.Result build = upToDate
                ? new RustBuild.Result(
                        toolchain, List.of(armv7, musl), outputs, Map.of(ARMV7, GlibcVersion.parse("2.28")))
                : new RustBuild.Result(
                        toolchain,
                        List.of(armv7, musl),
                        outputs,
                        Map.of(ARMV7, GlibcVersion.parse("2.28")),
                        Map.of(ARMV7, Duration.ofMillis(12_345), MUSL, Duration.ofMillis(800)),
                        Optional.of(new SccacheStatistics(20, 2, 5).describe(false)));
        List<Attachment> attachments = new ArrayList<>(Attachment.plan(outputs));
        attachments.add(Attachment.jar(ARMV7, Path.of("/p/target/hello-1.0-" + ARMV7 + ".jar")));
        return new Pipeline.BuildResult(build, attachments, upToDate, List.of());
    }

    private static OptionalLong size(Path p) {
        Long size = SIZES.get(p.getFileName().toString());
        return size == null ? OptionalLong.empty() : OptionalLong.of(size);
    }

    @Test
    void targetsBuiltTogetherShowTheTimeOfThemAllAndALineSaysSo() {
        // given: one cargo built both targets in 9.9 s
        Pipeline.BuildResult separate = result(false);
        RustBuild.Result build = separate.build();
        RustBuild.Result together = new RustBuild.Result(
                build.toolchain(),
                build.targets(),
                build.outputs(),
                build.glibcFloors(),
                Map.of(ARMV7, Duration.ofMillis(9_900), MUSL, Duration.ofMillis(9_900)),
                Optional.empty(),
                java.util.Set.of(ARMV7, MUSL));

        // when
        List<String> lines = BuildSummary.lines(
                new Pipeline.BuildResult(together, separate.attachments(), false, List.of()), BuildSummaryTest::size);

        // then
        assertThat(lines)
                .contains(
                        "armv7-unknown-linux-gnueabihf  libhello.so                                  412.3 kB  2.28   9.9 s",
                        "aarch64-unknown-linux-musl     hello                                          2.3 MB  -      9.9 s")
                .endsWith("One cargo built 2 targets together: the time of each is the time of them all.");
        assertThat(BuildSummary.lines(separate, BuildSummaryTest::size))
                .noneMatch(l -> l.startsWith("One cargo built"));
    }

    @Test
    void oneRowPerFileInAlignedColumnsWithTheTargetsFloorAndTimeOnItsFirstRow() {
        List<String> lines = BuildSummary.lines(result(false), BuildSummaryTest::size);

        assertThat(lines)
                .containsExactly(
                        "Rust build summary:",
                        "Target                         File                                             Size  glibc    Time",
                        "-----------------------------  -------------------------------------------  --------  -----  ------",
                        "armv7-unknown-linux-gnueabihf  libhello.so                                  412.3 kB  2.28   12.3 s",
                        "                               libhello.a                                      999 B",
                        "                               hello-1.0-armv7-unknown-linux-gnueabihf.jar  180.0 kB",
                        "aarch64-unknown-linux-musl     hello                                          2.3 MB  -       0.8 s",
                        "Compiler cache: sccache served 20 of 22 cacheable compilations from its cache (2 compiled;"
                                + " 5 not cacheable, such as links and build scripts)");
    }

    @Test
    void endsWithWhatTheCompilerCacheServedWhenTheBuildRanThroughSccache() {
        assertThat(BuildSummary.lines(result(false), BuildSummaryTest::size))
                .last()
                .isEqualTo("Compiler cache: sccache served 20 of 22 cacheable compilations from its cache (2 compiled;"
                        + " 5 not cacheable, such as links and build scripts)");
        assertThat(BuildSummary.lines(result(true), BuildSummaryTest::size)).noneMatch(l -> l.contains("sccache"));
    }

    @Test
    void outputsReusedFromTheLastBuildSayUpToDate() {
        assertThat(BuildSummary.lines(result(true), BuildSummaryTest::size))
                .anySatisfy(l -> assertThat(l).startsWith(ARMV7).endsWith("2.28   up to date"))
                .anySatisfy(l -> assertThat(l).startsWith(MUSL).endsWith("-      up to date"));
    }

    @Test
    void plainAsciiWithoutEscapesOrTrailingBlanks() {
        for (boolean upToDate : List.of(true, false)) {
            for (String line : BuildSummary.lines(result(upToDate), p -> OptionalLong.empty())) {
                assertThat(line.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
                assertThat(line).isEqualTo(line.stripTrailing());
            }
        }
    }

    @Test
    void sizesAsMavensTransferLogWritesThem() {
        assertThat(BuildSummary.bytes(0)).isEqualTo("0 B");
        assertThat(BuildSummary.bytes(999)).isEqualTo("999 B");
        assertThat(BuildSummary.bytes(1000)).isEqualTo("1.0 kB");
        assertThat(BuildSummary.bytes(12_345_678)).isEqualTo("12.3 MB");
    }
}
