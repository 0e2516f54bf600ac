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
}
