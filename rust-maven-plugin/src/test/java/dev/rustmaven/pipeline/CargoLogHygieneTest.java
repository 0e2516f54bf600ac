package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.testing.Required;
import dev.rustmaven.toolchain.ExecutableFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real build writes to the log: plain text even when cargo and a build script print colours, and with
 * {@code -X} the exact cargo command and environment, secrets masked.
 */
class CargoLogHygieneTest {

    @TempDir
    Path dir;

    @Test
    void theLogIsPlainTextAndTheDebugLogShowsTheCargoCommandWithoutSecrets() throws Exception {
        // given
        ExecutableFinder finder = ExecutableFinder.forHost(HostSystem.current());
        Required.require(
                finder.find("cargo").isPresent() && finder.find("rustc").isPresent(),
                "cargo and rustc on the PATH or in ~/.cargo/bin");
        Path crate = dir.resolve("crate");
        Files.createDirectories(crate.resolve("src"));
        Files.writeString(crate.resolve("Cargo.toml"), """
                [package]
                name = "colourful"
                version = "0.1.0"
                edition = "2021"
                build = "build.rs"
                [lib]
                crate-type = ["cdylib"]
                """);
        Files.writeString(
                crate.resolve("build.rs"),
                "fn main() { println!(\"cargo:warning=\\x1b[31mred\\x1b[0m and \\x1b]0;title\\x07plain\"); }\n");
        Files.writeString(crate.resolve("src/lib.rs"), "#[no_mangle] pub extern \"C\" fn f() -> i32 { 1 }\n");
        PipelineSettings base = TestPipelines.settings(dir, Linking.AUTO, TestPipelines.hostGlibc());
        Map<String, String> inherited = new HashMap<>(base.host().environment());
        inherited.put("HTTPS_PROXY", "http://alice:Pr0xyPassw0rd@proxy.example:3128");
        inherited.put("CARGO_REGISTRIES_INTERNAL_TOKEN", "Inherited-T0ken");
        PipelineSettings settings = TestPipelines.withEnvironment(base, inherited);
        BuildRequest defaults = BuildRequest.defaults(crate, dir.resolve("target/cargo"));
        BuildRequest request = new BuildRequest(
                crate,
                List.of(),
                "release",
                List.of(),
                false,
                false,
                List.of("--config", "http.proxy=\"http://carol:Argument-T0ken@127.0.0.1:9\""),
                Map.of("CARGO_TERM_COLOR", "always", "MY_API_SECRET", "Configured-S3cret"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                defaults.cargoTargetDirectory());
        RecordingLog log = new RecordingLog();

        // when
        Pipeline.create(settings, log).build(request, TestPipelines.packaging(dir));

        // then
        assertThat(log.lines())
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.message())
                        .doesNotContain("\u001b")
                        .doesNotContain("Pr0xyPassw0rd", "Inherited-T0ken", "Argument-T0ken", "Configured-S3cret"));
        assertThat(log.messages("WARN")).anySatisfy(m -> assertThat(m).contains("red and plain"));
        assertThat(log.messages("DEBUG"))
                .anySatisfy(m -> assertThat(m)
                        .contains("cargo command: ")
                        .contains(" build --release --target ")
                        .contains("--config http.proxy=\"http://carol:****@127.0.0.1:9\""))
                .anySatisfy(m -> assertThat(m)
                        .contains("environment set by the build: ")
                        .contains("CARGO_TERM_COLOR=always")
                        .contains("MY_API_SECRET=****")
                        .contains("RUSTC="))
                .anySatisfy(m -> assertThat(m)
                        .contains("environment inherited that cargo, rustc and build scripts read: ")
                        .contains("HTTPS_PROXY=http://alice:****@proxy.example:3128")
                        .contains("CARGO_REGISTRIES_INTERNAL_TOKEN=****"));
    }
}
