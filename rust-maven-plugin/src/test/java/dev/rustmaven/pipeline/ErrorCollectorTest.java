package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorCollectorTest {

    private static String summary(List<String> lines) {
        RustBuild.ErrorCollector errors = new RustBuild.ErrorCollector();
        lines.forEach(errors::accept);
        return errors.summary();
    }

    @Test
    void aFailedBuildScriptIsSummedUpByItsStandardErrorNotItsEnvironmentDump() {
        String summary = summary(List.of(
                "   Compiling cmix v0.1.0 (/c)",
                "error: failed to run custom build command for `cmix v0.1.0 (/c)`",
                "",
                "Caused by:",
                "  process didn't exit successfully: `/c/target/release/build/cmix-1/build-script-build`"
                        + " (exit status: 1)",
                "  --- stdout",
                "  TARGET = Some(\"armv7-unknown-linux-gnueabihf\")",
                "  CC_armv7-unknown-linux-gnueabihf = None",
                "  CC_armv7_unknown_linux_gnueabihf = None",
                "  TARGET_CC = None",
                "  CC = None",
                "  CFLAGS_armv7-unknown-linux-gnueabihf = None",
                "  CFLAGS_armv7_unknown_linux_gnueabihf = None",
                "  TARGET_CFLAGS = None",
                "  CFLAGS = None",
                "  CRATE_CC_NO_DEFAULTS = None",
                "  DEBUG = Some(\"false\")",
                "  --- stderr",
                "",
                "",
                "  error occurred: Failed to find tool. Is `arm-linux-gnueabihf-gcc` installed?",
                "",
                "",
                "warning: build failed, waiting for other jobs to finish..."));

        assertThat(summary)
                .contains("error: failed to run custom build command for `cmix v0.1.0 (/c)`")
                .contains("process didn't exit successfully: `/c/target/release/build/cmix-1/build-script-build`")
                .contains("the build script's standard error:")
                .contains("error occurred: Failed to find tool. Is `arm-linux-gnueabihf-gcc` installed?")
                .doesNotContain("CFLAGS = None")
                .doesNotContain("waiting for other jobs");
    }

    @Test
    void otherErrorsKeepTheirFirstLinesUpToTheNextMessage() {
        String summary = summary(List.of(
                "error[E0425]: cannot find value `x` in this scope",
                " --> src/lib.rs:1:30",
                "  |",
                "1 | pub fn f() -> i32 { x }",
                "  |                     ^ not found in this scope",
                "",
                "error: could not compile `c` (lib) due to 1 previous error"));

        assertThat(summary)
                .contains("error[E0425]: cannot find value `x` in this scope")
                .contains("not found in this scope")
                .doesNotContain("could not compile");
        assertThat(summary(List.of("warning: unused", "   Compiling x"))).isEmpty();
    }

    @Test
    void megabytesOfOutputKeepOnlyTheErrorBlockAndTheUndefinedSymbolLinesShortened() {
        // given: 200,000 warning lines, a long error, then a linker's undefined symbols
        RustBuild.ErrorCollector errors = new RustBuild.ErrorCollector();
        for (int i = 0; i < 200_000; i++) {
            errors.accept("warning: noise " + i);
        }
        errors.accept("error: linking with `cc` failed " + "z".repeat(10_000));
        for (int i = 0; i < RustBuild.ErrorCollector.UNDEFINED_SYMBOL_LINES_LIMIT + 50; i++) {
            errors.accept("  ld.lld: error: undefined symbol: sym" + i);
        }

        // then
        assertThat(errors.undefinedSymbolLines())
                .hasSize(RustBuild.ErrorCollector.UNDEFINED_SYMBOL_LINES_LIMIT)
                .startsWith("  ld.lld: error: undefined symbol: sym0");
        assertThat(errors.summary())
                .contains("error: linking with `cc` failed zzz")
                .contains(" [... " + (10_000 + 32 - RustBuild.ErrorCollector.LINE_CHARS_KEPT)
                        + " more characters in the log]")
                .doesNotContain("noise")
                .hasSizeLessThan(12 * RustBuild.ErrorCollector.LINE_CHARS_KEPT);
    }
}
