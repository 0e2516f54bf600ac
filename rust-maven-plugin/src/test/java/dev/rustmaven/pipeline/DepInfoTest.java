package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepInfoTest {

    @TempDir
    Path dir;

    @Test
    void listsEveryInputOfEveryRuleWithEscapedSpacesAndRelativePaths() {
        // given: what cargo writes next to a cdylib and a staticlib of one crate
        String text = "/t/release/libhello.so: /src/lib.rs /src/my\\ module.rs ../build.rs\n"
                + "/t/release/libhello.a: /src/lib.rs /dep/src/lib.rs \\\n  /dep/src/more.rs\n"
                + "\n";

        // when
        var inputs = DepInfo.parse(text, Path.of("/t/release"));

        // then
        assertThat(inputs)
                .containsExactly(
                        Path.of("/src/lib.rs"),
                        Path.of("/src/my module.rs"),
                        Path.of("/t/build.rs"),
                        Path.of("/src/lib.rs"),
                        Path.of("/dep/src/lib.rs"),
                        Path.of("/dep/src/more.rs"));
    }

    @Test
    void aRuleWithoutInputsAndLinesWithoutRulesGiveNothing() {
        assertThat(DepInfo.parse("/t/out:\n# a comment\n\n", Path.of("/t"))).isEmpty();
    }

    @Test
    void readsEveryDepInfoFileOfTheOutputDirectoryAndTheBuildScriptsEnvironment() throws Exception {
        // given
        Files.writeString(dir.resolve("libhello.d"), dir.resolve("libhello.so") + ": /src/lib.rs\n");
        Files.writeString(dir.resolve("tool.d"), dir.resolve("tool") + ": /src/main.rs /src/lib.rs\n");
        Files.writeString(dir.resolve("libhello.so"), "not a dep-info file: /nothing\n");
        Path script = Files.createDirectories(dir.resolve("build/hello-0123456789abcdef"));
        Files.writeString(
                script.resolve("output"),
                "cargo:rerun-if-env-changed=HELLO_LEVEL\ncargo::rerun-if-env-changed=PROTOC\ncargo:rustc-cfg=x\n");

        // when / then
        assertThat(DepInfo.inputs(dir)).containsExactly(Path.of("/src/lib.rs"), Path.of("/src/main.rs"));
        assertThat(DepInfo.buildScriptEnvironment(dir)).containsExactly("HELLO_LEVEL", "PROTOC");
    }

    @Test
    void readsTheVariablesCratesReadAtCompileTime() throws Exception {
        // given
        Files.createDirectories(dir.resolve("deps"));
        Files.writeString(
                dir.resolve("deps/hello-1234.d"),
                "/t/deps/hello-1234.d: /src/lib.rs\n\n/src/lib.rs:\n\n# env-dep:BUILD_ID=42\n# env-dep:CARGO_PKG_NAME=hello\n# env-dep:UNSET\n");

        // when
        var names = DepInfo.compiledEnvironment(dir);

        // then
        assertThat(names).containsExactly("BUILD_ID", "CARGO_PKG_NAME", "UNSET");
    }

    @Test
    void walksTheLocalPackagesButNotTargetDirectoriesOrRegistryCrates() throws Exception {
        // given: a crate with C code and a target directory, and a registry crate with its checksum file
        Path crate = dir.resolve("crate");
        Files.createDirectories(crate.resolve("src"));
        Files.createDirectories(crate.resolve("csrc"));
        Files.createDirectories(crate.resolve("target/release"));
        Files.writeString(crate.resolve("Cargo.toml"), "[package]\n");
        Files.writeString(crate.resolve("src/lib.rs"), "");
        Files.writeString(crate.resolve("csrc/add.c"), "");
        Files.writeString(crate.resolve("target/release/junk"), "");
        Path registry = dir.resolve("registry/dep-1.0.0");
        Files.createDirectories(registry.resolve("src"));
        Files.writeString(registry.resolve("Cargo.toml"), "[package]\n");
        Files.writeString(registry.resolve(".cargo-checksum.json"), "{}");
        Files.writeString(registry.resolve("src/lib.rs"), "");

        // when
        var files = DepInfo.localPackageFiles(
                java.util.List.of(crate.resolve("src/lib.rs"), registry.resolve("src/lib.rs")),
                java.util.List.of(dir.resolve("cargo-target")));

        // then
        assertThat(files).isPresent();
        assertThat(files.get())
                .contains(crate.resolve("csrc/add.c"), crate.resolve("Cargo.toml"), crate.resolve("src/lib.rs"))
                .noneMatch(p -> p.startsWith(crate.resolve("target")))
                .noneMatch(p -> p.startsWith(registry));
    }
}
