package dev.rustmaven.cc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.triple.Target;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CEnvironmentTest {

    private static final Target ARMV7 = Target.parse("armv7-unknown-linux-gnueabihf");
    private static final CCompiler CLANG = new CCompiler(
            Path.of("/usr/bin/clang-14"),
            Path.of("/usr/bin/clang++-14"),
            Optional.of(Path.of("/usr/bin/llvm-ar-14")),
            "the PATH");

    @Test
    void setsCompilerArchiverAndFlagsUnderTheNamesTheCcCrateReads() {
        CEnvironment env = CEnvironment.forTarget(
                ARMV7,
                CLANG,
                Path.of("/usr/bin/llvm-ar-14"),
                new TargetHeaders(Path.of("/roots/armhf"), false),
                Map.of());

        assertThat(env.variables())
                .containsEntry("CC_armv7_unknown_linux_gnueabihf", "/usr/bin/clang-14")
                .containsEntry("CXX_armv7_unknown_linux_gnueabihf", "/usr/bin/clang++-14")
                .containsEntry("AR_armv7_unknown_linux_gnueabihf", "/usr/bin/llvm-ar-14")
                .containsEntry(
                        "CFLAGS_armv7_unknown_linux_gnueabihf",
                        "--target=armv7-unknown-linux-gnueabihf -march=armv7-a -mfpu=vfpv3-d16 -mfloat-abi=hard"
                                + " --sysroot=/roots/armhf")
                .containsKey("CXXFLAGS_armv7_unknown_linux_gnueabihf")
                .hasSize(5);
        assertThat(env.leftToUser()).isEmpty();
    }

    @Test
    void leavesEveryVariableTheUserSetInAnyFormTheCcCrateReads() {
        Map<String, String> user = Map.of(
                "CFLAGS_armv7-unknown-linux-gnueabihf", "-O3",
                "TARGET_AR", "/opt/ar",
                "CXX_armv7_unknown_linux_gnueabihf", "/opt/clang++");

        CEnvironment env = CEnvironment.forTarget(
                ARMV7, CLANG, Path.of("/usr/bin/llvm-ar-14"), new TargetHeaders(Path.of("/r"), false), user);

        assertThat(env.variables())
                .containsOnlyKeys("CC_armv7_unknown_linux_gnueabihf", "CXXFLAGS_armv7_unknown_linux_gnueabihf");
        assertThat(env.leftToUser())
                .containsOnlyKeys(
                        "CFLAGS_armv7-unknown-linux-gnueabihf", "TARGET_AR", "CXX_armv7_unknown_linux_gnueabihf");
        assertThat(env.leftToUser().get("TARGET_AR")).isEqualTo("/usr/bin/llvm-ar-14");
        assertThat(CEnvironment.userSetting("CFLAGS", ARMV7, user)).contains("CFLAGS_armv7-unknown-linux-gnueabihf");
    }

    @Test
    void aCompilerTheUserChoseForTheTargetIsFound() {
        assertThat(CEnvironment.userCompiler(ARMV7, Map.of("TARGET_CC", "arm-linux-gnueabihf-gcc")))
                .contains("TARGET_CC");
        assertThat(CEnvironment.userCompiler(ARMV7, Map.of("CC", "gcc", "CC_aarch64_unknown_linux_gnu", "x")))
                .isEmpty();
        assertThat(CEnvironment.userCompiler(ARMV7, Map.of("CC_armv7_unknown_linux_gnueabihf", " ")))
                .isEmpty();
    }

    @Test
    void muslHeadersReplaceTheSystemDirectoriesWithMuslsAndTheKernels() {
        Target musl = Target.parse("aarch64-unknown-linux-musl");

        assertThat(new TargetHeaders(Path.of("/r"), true).flags(musl))
                .containsExactly(
                        "--sysroot=/r",
                        "-nostdlibinc",
                        "-isystem",
                        "/r/usr/include/aarch64-linux-musl",
                        "-isystem",
                        "/r/usr/include/aarch64-linux-gnu",
                        "-isystem",
                        "/r/usr/include");
        assertThat(new TargetHeaders(Path.of("/r"), true).flags(Target.parse("armv7-unknown-linux-musleabihf")))
                .contains("/r/usr/include/arm-linux-musleabihf", "/r/usr/include/arm-linux-gnueabihf");
    }
}
