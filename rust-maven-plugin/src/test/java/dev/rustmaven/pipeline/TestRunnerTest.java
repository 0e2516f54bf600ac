package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.config.SettingNames;
import dev.rustmaven.triple.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TestRunnerTest {

    private static final String HOST = "x86_64-unknown-linux-gnu";
    private static final Path EXE = Path.of("/t/deps/rust_tests-1234");

    private static TestRunner choose(
            String triple,
            Optional<String> setting,
            Map<String, String> env,
            Optional<Path> sysroot,
            List<String> onPath)
            throws BuildException {
        return TestRunner.choose(
                Target.parse(triple),
                HOST,
                setting,
                name -> Optional.ofNullable(env.get(name)),
                sysroot,
                name -> onPath.contains(name) ? Optional.of(Path.of("/usr/bin", name)) : Optional.empty(),
                SettingNames.KEYS);
    }

    @Test
    @DisplayName("the host's tests run directly, even with a runner configured")
    void host() throws Exception {
        TestRunner runner = choose(HOST, Optional.of("qemu-x"), Map.of(), Optional.empty(), List.of());

        assertThat(runner.command(EXE, List.of("filter"))).containsExactly(EXE.toString(), "filter");
    }

    @Test
    @DisplayName("the runner setting wins over the environment and the PATH, split at spaces")
    void setting() throws Exception {
        TestRunner runner = choose(
                "aarch64-unknown-linux-musl",
                Optional.of(" /opt/qemu-aarch64  -cpu cortex-a72 "),
                Map.of("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_RUNNER", "other"),
                Optional.empty(),
                List.of("qemu-aarch64"));

        assertThat(runner.command(EXE, List.of()))
                .containsExactly("/opt/qemu-aarch64", "-cpu", "cortex-a72", EXE.toString());
        assertThat(runner.description()).isEqualTo("runner");
    }

    @Test
    @DisplayName("CARGO_TARGET_<TRIPLE>_RUNNER comes next")
    void environment() throws Exception {
        TestRunner runner = choose(
                "armv7-unknown-linux-musleabihf",
                Optional.empty(),
                Map.of("CARGO_TARGET_ARMV7_UNKNOWN_LINUX_MUSLEABIHF_RUNNER", "qemu-arm -L /r"),
                Optional.empty(),
                List.of("qemu-arm"));

        assertThat(runner.prefix()).containsExactly("qemu-arm", "-L", "/r");
        assertThat(runner.description()).isEqualTo("CARGO_TARGET_ARMV7_UNKNOWN_LINUX_MUSLEABIHF_RUNNER");
    }

    @Test
    @DisplayName("qemu-user from the PATH: the -static name too, -cpu arm1176 for ARMv6, -L <sysroot> for gnu")
    void qemuFromThePath() throws Exception {
        assertThat(choose(
                                "aarch64-unknown-linux-musl",
                                Optional.empty(),
                                Map.of(),
                                Optional.empty(),
                                List.of("qemu-aarch64-static"))
                        .prefix())
                .containsExactly("/usr/bin/qemu-aarch64-static");
        assertThat(choose(
                                "arm-unknown-linux-musleabihf",
                                Optional.empty(),
                                Map.of(),
                                Optional.empty(),
                                List.of("qemu-arm"))
                        .prefix())
                .containsExactly("/usr/bin/qemu-arm", "-cpu", "arm1176");
        assertThat(choose(
                                "armv7-unknown-linux-gnueabihf",
                                Optional.empty(),
                                Map.of(),
                                Optional.of(Path.of("/pi/armhf")),
                                List.of("qemu-arm"))
                        .prefix())
                .containsExactly("/usr/bin/qemu-arm", "-L", "/pi/armhf");
    }

    @Test
    @DisplayName("no qemu on the PATH: the error says what to install or set")
    void noQemu() {
        assertThatThrownBy(() ->
                        choose("aarch64-unknown-linux-musl", Optional.empty(), Map.of(), Optional.empty(), List.of()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("neither qemu-aarch64 nor qemu-aarch64-static is on the PATH")
                .hasMessageContaining("apt-get install qemu-user-static")
                .hasMessageContaining("runner")
                .hasMessageContaining("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_RUNNER");
    }

    @Test
    @DisplayName("a gnu target under qemu without a sysroot: the error names the sysroot setting")
    void gnuNeedsSysroot() {
        assertThatThrownBy(() -> choose(
                        "aarch64-unknown-linux-gnu",
                        Optional.empty(),
                        Map.of(),
                        Optional.empty(),
                        List.of("qemu-aarch64")))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("set sysroot to an unpacked Raspberry Pi OS or Debian root");
    }
}
