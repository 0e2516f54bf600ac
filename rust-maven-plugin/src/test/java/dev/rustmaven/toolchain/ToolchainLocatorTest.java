package dev.rustmaven.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.plugin.MavenSettingNames;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.testing.Required;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolchainLocatorTest {

    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private ToolchainLocator locator() {
        return new ToolchainLocator(
                new ExecutableFinder(Map.of("PATH", dir.toString()), dir.resolve("home"), false),
                new ProcessRunner(),
                MavenSettingNames.INSTANCE);
    }

    private static final String ANSWERS = "case \"$*\" in\n"
            + "  -vV) printf 'rustc 1.95.0 (59807616e 2026-04-14)\\nbinary: rustc\\ncommit-hash:"
            + " 59807616e1fa2540724bfbac14d7976d7e4a3860\\ncommit-date: 2026-04-14\\nhost: x86_64-unknown-linux-gnu\\n"
            + "release: 1.95.0\\nLLVM version: 22.1.2\\n' ;;\n"
            + "  '--print sysroot --print target-list') printf '/opt/rust\\nx86_64-unknown-linux-gnu\\n"
            + "armv7-unknown-linux-gnueabihf\\n' ;;\n"
            + "  *) echo \"unexpected: $*\" >&2; exit 1 ;;\n"
            + "esac\n";

    @Test
    void asksRustcTwiceAtOnceForVersionSysrootAndTargets() throws Exception {
        Required.require(Files.isExecutable(Path.of("/bin/sh")), "a POSIX sh at /bin/sh for the stand-in rustc");
        script("cargo", "echo 'cargo 1.95.0'\n");
        // Each run leaves its arguments behind, and the two must overlap: the first waits for the second.
        Path rustc = script(
                "rustc",
                "echo \"$*\" >> \"$0.calls\"\n"
                        + "i=0; while [ $(wc -l < \"$0.calls\") -lt 2 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done\n"
                        + ANSWERS);

        Toolchain toolchain = locator().locate(Optional.empty(), Optional.of(rustc.toString()), dir);

        assertThat(toolchain.host()).isEqualTo("x86_64-unknown-linux-gnu");
        assertThat(toolchain.sysroot()).isEqualTo(Path.of("/opt/rust"));
        assertThat(toolchain.targetList()).containsExactly("x86_64-unknown-linux-gnu", "armv7-unknown-linux-gnueabihf");
        assertThat(Files.readAllLines(dir.resolve("rustc.calls")))
                .containsExactlyInAnyOrder("-vV", "--print sysroot --print target-list");
    }

    @Test
    void runsTheQueriesOneAfterTheOtherWhenRunningThemAtOnceFails() throws Exception {
        Required.require(Files.isExecutable(Path.of("/bin/sh")), "a POSIX sh at /bin/sh for the stand-in rustc");
        script("cargo", "echo 'cargo 1.95.0'\n");
        // Like two rustup proxies installing the same toolchain at once: the second one in fails.
        Path rustc = script(
                "rustc",
                "if ! mkdir \"$0.busy\" 2>/dev/null; then echo 'error: detected conflict' >&2; exit 1; fi\n"
                        + "sleep 0.3\n"
                        + "out=$(" + ANSWERS.replace("\n", "\n  ") + ")\n"
                        + "rmdir \"$0.busy\"\n"
                        + "printf '%s\\n' \"$out\"\n");

        Toolchain toolchain = locator().locate(Optional.empty(), Optional.of(rustc.toString()), dir);

        assertThat(toolchain.info().release()).isEqualTo("1.95.0");
        assertThat(toolchain.sysroot()).isEqualTo(Path.of("/opt/rust"));
        assertThat(toolchain.targetList()).hasSize(2);
    }
}
