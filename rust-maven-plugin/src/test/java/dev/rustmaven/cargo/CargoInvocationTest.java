package dev.rustmaven.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.pipeline.BuildRequest;
import dev.rustmaven.toolchain.RustcInfo;
import dev.rustmaven.toolchain.Toolchain;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CargoInvocationTest {

    private final Toolchain toolchain = new Toolchain(
            Path.of("/opt/rust/bin/cargo"),
            Path.of("/opt/rust/bin/rustc"),
            new RustcInfo(
                    "rustc 1.95.0 (59807616e 2026-04-14)",
                    "1.95.0",
                    "59807616e",
                    "2026-04-14",
                    "x86_64-unknown-linux-gnu",
                    "22.1.2"),
            Path.of("/opt/rust"),
            List.of("x86_64-unknown-linux-gnu", "armv7-unknown-linux-gnueabihf"));

    @Test
    void defaultReleaseBuildForOneTarget() {
        // given
        BuildRequest request = BuildRequest.defaults(Path.of("/p/src/main/rust"), Path.of("/p/target/cargo"));

        // when
        CargoInvocation inv = CargoInvocation.forTarget(
                request.cargoOptions(false),
                toolchain.cargo(),
                toolchain.rustc(),
                "armv7-unknown-linux-gnueabihf",
                Map.of(),
                Map.of());

        // then
        assertThat(inv.commandLine())
                .containsExactly(
                        "/opt/rust/bin/cargo",
                        "build",
                        "--release",
                        "--target",
                        "armv7-unknown-linux-gnueabihf",
                        "--target-dir",
                        "/p/target/cargo",
                        "--message-format=json-render-diagnostics");
        assertThat(inv.workingDirectory()).isEqualTo(Path.of("/p/src/main/rust"));
        assertThat(inv.environment())
                .containsEntry("RUSTC", "/opt/rust/bin/rustc")
                // not a CARGO_* variable: rustc inherits those, and a compiler cache hashes them
                .doesNotContainKey("CARGO_TARGET_DIR")
                .doesNotContainKey("RUSTFLAGS")
                .doesNotContainKey("RUSTC_WRAPPER");
    }

    @Test
    void featuresProfileOfflineAndExtraArguments() {
        BuildRequest request = new BuildRequest(
                Path.of("/c"),
                List.of(),
                "dist",
                List.of("simd", "serde"),
                true,
                true,
                List.of("--locked", "-v"),
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Path.of("/t"));

        CargoInvocation inv = CargoInvocation.forTarget(
                request.cargoOptions(true),
                toolchain.cargo(),
                toolchain.rustc(),
                "x86_64-unknown-linux-gnu",
                Map.of(),
                Map.of());

        assertThat(inv.commandLine())
                .containsExactly(
                        "/opt/rust/bin/cargo",
                        "build",
                        "--profile",
                        "dist",
                        "--target",
                        "x86_64-unknown-linux-gnu",
                        "--target-dir",
                        "/t",
                        "--message-format=json-render-diagnostics",
                        "--features",
                        "simd,serde",
                        "--all-features",
                        "--no-default-features",
                        "--offline",
                        "--locked",
                        "-v");
    }

    @Test
    void devProfileHasNoProfileArgument() {
        assertThat(CargoInvocation.profileArguments("dev")).isEmpty();
        assertThat(CargoInvocation.profileArguments("release")).containsExactly("--release");
        assertThat(CargoInvocation.profileArguments("bench")).containsExactly("--profile", "bench");
    }

    @Test
    void theUsersEnvironmentWinsOverThePluginsTargetEnvironment() {
        BuildRequest request = new BuildRequest(
                Path.of("/c"),
                List.of(),
                "release",
                List.of(),
                false,
                false,
                List.of(),
                Map.of("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER", "my-cc", "RUSTFLAGS", "-C opt-level=s"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Path.of("/t"));

        CargoInvocation inv = CargoInvocation.forTarget(
                request.cargoOptions(false),
                toolchain.cargo(),
                toolchain.rustc(),
                "x86_64-unknown-linux-gnu",
                Map.of("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER", "plugin-linker"),
                Map.of());

        assertThat(inv.environment())
                .containsEntry("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER", "my-cc")
                .containsEntry("RUSTFLAGS", "-C opt-level=s");
    }

    @Test
    void thePluginsPathWhichIncludesTheUsersPathIsKept() {
        // given: the user's PATH setting, and the plugin's, which puts its launchers in front of it
        BuildRequest request = new BuildRequest(
                Path.of("/c"),
                List.of(),
                "release",
                List.of(),
                false,
                false,
                List.of(),
                Map.of("PATH", "/mine/bin:/usr/bin"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Path.of("/t"));

        // when
        CargoInvocation inv = CargoInvocation.forTarget(
                request.cargoOptions(false),
                toolchain.cargo(),
                toolchain.rustc(),
                "aarch64-unknown-linux-gnu",
                Map.of("PATH", "/p/target/rust-maven/link:/mine/bin:/usr/bin"),
                Map.of("PATH", "/usr/bin"));

        // then
        assertThat(inv.environment()).containsEntry("PATH", "/p/target/rust-maven/link:/mine/bin:/usr/bin");
    }

    @Test
    void colourIsTurnedOffUnlessTheUserOrTheInheritedEnvironmentSetsIt() {
        // given
        BuildRequest request = BuildRequest.defaults(Path.of("/p/src/main/rust"), Path.of("/p/target/cargo"));

        // when
        CargoInvocation quiet = CargoInvocation.forTarget(
                request.cargoOptions(false),
                toolchain.cargo(),
                toolchain.rustc(),
                "x86_64-unknown-linux-gnu",
                Map.of(),
                Map.of());
        CargoInvocation inherited = CargoInvocation.forTarget(
                request.cargoOptions(false),
                toolchain.cargo(),
                toolchain.rustc(),
                "x86_64-unknown-linux-gnu",
                Map.of(),
                Map.of("CARGO_TERM_COLOR", "always"));

        // then
        assertThat(quiet.environment()).containsEntry("CARGO_TERM_COLOR", "never");
        assertThat(inherited.environment()).doesNotContainKey("CARGO_TERM_COLOR");
    }

    @Test
    void cargoTestNoRunGetsTheSameArgumentsAsTheBuild() {
        // given
        BuildRequest request = BuildRequest.defaults(Path.of("/p/src/main/rust"), Path.of("/p/target/cargo"));

        // when
        CargoInvocation inv = CargoInvocation.forTarget(
                List.of("test", "--no-run"),
                request.cargoOptions(true),
                toolchain.cargo(),
                toolchain.rustc(),
                "aarch64-unknown-linux-musl",
                Map.of(),
                Map.of());

        // then
        assertThat(inv.commandLine())
                .containsExactly(
                        "/opt/rust/bin/cargo",
                        "test",
                        "--no-run",
                        "--release",
                        "--target",
                        "aarch64-unknown-linux-musl",
                        "--target-dir",
                        "/p/target/cargo",
                        "--message-format=json-render-diagnostics",
                        "--offline");
    }
}
