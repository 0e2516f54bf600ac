package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.cargo.CargoManifest;
import dev.rustmaven.cargo.TestExecutable;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.libtest.TestCaseResult;
import dev.rustmaven.libtest.TestSuiteResult;
import dev.rustmaven.triple.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RustTestsTest {

    @TempDir
    Path dir;

    private CargoManifest library(String name, String libTable) throws Exception {
        Path crate = Files.createDirectories(dir.resolve(name).resolve("src")).getParent();
        Files.writeString(
                crate.resolve("Cargo.toml"), "[package]\nname = \"" + name + "\"\nversion = \"0.1.0\"\n" + libTable);
        Files.writeString(crate.resolve("src/lib.rs"), "");
        return CargoManifest.read(crate, SettingNames.KEYS);
    }

    @Test
    @DisplayName("doc tests run for Rust libraries, not for a cdylib-only one (cargo refuses those)")
    void docTestsOnlyForRustLibraries() throws Exception {
        assertThat(RustTests.hasDocTests(library("plain", ""))).isTrue();
        assertThat(RustTests.hasDocTests(library("both", "[lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n")))
                .isTrue();
        assertThat(RustTests.hasDocTests(library("jni", "[lib]\ncrate-type = [\"cdylib\"]\n")))
                .isFalse();
    }

    @Test
    @DisplayName("suites are named <triple>.<kind>.<target name>, and a target's summary line adds them up")
    void namesAndSummary() {
        Target target = Target.parse("aarch64-unknown-linux-musl");
        TestExecutable lib = new TestExecutable("my_crate", "lib", Path.of("/t/my_crate-1"));
        TestSuiteResult suite = new TestSuiteResult(
                RustTests.suiteName(target, lib),
                List.of(
                        new TestCaseResult("a", TestCaseResult.Status.PASSED, Optional.empty(), Optional.empty()),
                        new TestCaseResult("b", TestCaseResult.Status.IGNORED, Optional.empty(), Optional.empty()),
                        new TestCaseResult("c", TestCaseResult.Status.FAILED, Optional.empty(), Optional.empty())),
                0.1,
                Optional.empty());

        String summary = new RustTests.TargetResult(target, List.of(suite), 2.0).summary();

        assertThat(suite.name()).isEqualTo("aarch64-unknown-linux-musl.lib.my_crate");
        assertThat(summary)
                .isEqualTo("Rust tests for aarch64-unknown-linux-musl: 1 passed, 1 failed, 1 ignored in 1 test suite,"
                        + " 2.0 s");
    }
}
