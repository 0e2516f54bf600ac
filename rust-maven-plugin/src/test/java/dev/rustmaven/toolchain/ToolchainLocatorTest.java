package dev.rustmaven.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.plugin.MavenSettingNames;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.testing.Required;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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

    /**
     * A stand-in cargo and rustc: each run of rustc appends its arguments to {@code rustc.calls}, runs
     * {@code beforeAnswering}, then answers the two queries.
     */
    private Path standInRustc(String beforeAnswering) throws Exception {
        Required.require(Files.isExecutable(Path.of("/bin/sh")), "a POSIX sh at /bin/sh for the stand-in rustc");
        script("cargo", "echo 'cargo 1.95.0'\n");
        return script("rustc", "echo \"$*\" >> \"$0.calls\"\n" + beforeAnswering + ANSWERS);
    }

    /** Waits (5 s at most) until both queries have started. */
    private static final String AWAIT_BOTH =
            "i=0; while [ $(wc -l < \"$0.calls\") -lt 2 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done\n";

    private List<String> calls() throws Exception {
        return Files.readAllLines(dir.resolve("rustc.calls"));
    }

    @Test
    void asksRustcTwiceAtOnceForVersionSysrootAndTargets() throws Exception {
        // The two runs must overlap: the first waits for the second.
        Path rustc = standInRustc(AWAIT_BOTH);

        Toolchain toolchain = locator().locate(Optional.empty(), Optional.of(rustc.toString()), dir);

        assertThat(toolchain.host()).isEqualTo("x86_64-unknown-linux-gnu");
        assertThat(toolchain.sysroot()).isEqualTo(Path.of("/opt/rust"));
        assertThat(toolchain.targetList()).containsExactly("x86_64-unknown-linux-gnu", "armv7-unknown-linux-gnueabihf");
        assertThat(calls()).containsExactlyInAnyOrder("-vV", "--print sysroot --print target-list");
    }

    @Test
    void runsTheFailedQueryAgainAloneWhenRunningThemAtOnceFails() throws Exception {
        // Like two rustup proxies installing the same toolchain at once: the second one in fails, the first one
        // answers once the second has started.
        Path rustc =
                standInRustc("if ! mkdir \"$0.busy\" 2>/dev/null; then echo 'error: detected conflict' >&2; exit 1;"
                        + " fi\n"
                        + "trap 'rmdir \"$0.busy\"' EXIT\n"
                        + AWAIT_BOTH);

        Toolchain toolchain = locator().locate(Optional.empty(), Optional.of(rustc.toString()), dir);

        assertThat(toolchain.info().release()).isEqualTo("1.95.0");
        assertThat(toolchain.sysroot()).isEqualTo(Path.of("/opt/rust"));
        assertThat(toolchain.targetList()).hasSize(2);
        // Both at once, then only the one that failed: the answer of the other is kept.
        List<String> calls = calls();
        assertThat(calls).hasSize(3);
        assertThat(calls.subList(0, 2)).containsExactlyInAnyOrder("-vV", "--print sysroot --print target-list");
        assertThat(calls.get(2)).isIn(calls.subList(0, 2));
    }
}
