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
        // answers once the second has started, and a run after both answers. Who is first and second is decided
        // by mkdir, which only one can win; the second fails whether or not the first has finished.
        Path rustc = standInRustc("if mkdir \"$0.first\" 2>/dev/null; then\n"
                + AWAIT_BOTH
                + "elif mkdir \"$0.second\" 2>/dev/null; then\n"
                + "  echo 'error: detected conflict' >&2; exit 1\n"
                + "fi\n");

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

    private ToolchainLocator keeping(Map<String, String> env) {
        return new ToolchainLocator(
                new ExecutableFinder(env, dir.resolve("home"), false),
                new ProcessRunner(),
                MavenSettingNames.INSTANCE,
                Optional.of(new RustcAnswers(dir.resolve("cache/rustc-answers"))));
    }

    private ToolchainLocator keeping() {
        return keeping(Map.of("PATH", dir.toString()));
    }

    @Test
    void keepsTheAnswersOfACompilerThatIsNotARustupProxyAndStartsNoRustcTheNextTime() throws Exception {
        Path rustc = standInRustc("");

        Toolchain first = keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);
        Toolchain second = keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);

        assertThat(calls()).containsExactlyInAnyOrder("-vV", "--print sysroot --print target-list");
        assertThat(second).isEqualTo(first);
        assertThat(second.sysroot()).isEqualTo(Path.of("/opt/rust"));
        assertThat(second.targetList()).containsExactly("x86_64-unknown-linux-gnu", "armv7-unknown-linux-gnueabihf");
        assertThat(locator().locate(Optional.empty(), Optional.of(rustc.toString()), dir))
                .as("a locator without a place to keep answers asks every time")
                .isEqualTo(first);
        assertThat(calls()).hasSize(4);
    }

    @Test
    void asksAgainWhenTheCompilerFileChanges() throws Exception {
        Path rustc = standInRustc("");
        keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);

        // Another compiler at the same path: it says it is 1.96.
        Files.writeString(rustc, Files.readString(rustc).replace("1.95.0", "1.96.0"));
        Toolchain after = keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);

        assertThat(after.info().release()).isEqualTo("1.96.0");
        assertThat(calls()).hasSize(4);
    }

    @Test
    void asksAgainWhenTheSysrootsOwnRustcChangesBehindAWrapper() throws Exception {
        Path sysroot = Files.createDirectories(dir.resolve("toolchain"));
        Path real = Files.createDirectories(sysroot.resolve("bin")).resolve("rustc");
        Files.writeString(real, "a compiler");
        script("cargo", "echo 'cargo 1.95.0'\n");
        Path rustc =
                script("rustc", "echo \"$*\" >> \"$0.calls\"\n" + ANSWERS.replace("/opt/rust", sysroot.toString()));
        keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);
        keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);
        assertThat(calls()).hasSize(2);

        Files.writeString(real, "a compiler, updated in place");
        Toolchain after = keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);

        assertThat(after.sysroot()).isEqualTo(sysroot);
        assertThat(calls()).hasSize(4);
    }

    @Test
    void damagedAnswersAreAskedAgainAndWrittenAnew() throws Exception {
        Path rustc = standInRustc("");
        keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);
        Path kept;
        try (var files = Files.list(dir.resolve("cache/rustc-answers"))) {
            kept = files.filter(f -> f.toString().endsWith(".answers"))
                    .findFirst()
                    .orElseThrow();
        }
        String good = Files.readString(kept);
        Files.writeString(kept, good.substring(0, good.length() / 2));

        Toolchain after = keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);

        assertThat(after.info().release()).isEqualTo("1.95.0");
        assertThat(calls()).hasSize(4);
        assertThat(Files.readString(kept)).isEqualTo(good);
    }

    @Test
    void aRustupProxysAnswersAreKeptUntilRustupWouldChooseAnotherToolchain() throws Exception {
        Path rustc = standInRustc("");
        // Where rustup puts its proxies: cargo's home bin directory.
        Path proxy = Files.copy(
                rustc,
                Files.createDirectories(dir.resolve("home/.cargo/bin")).resolve("rustc"),
                java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path calls = proxy.resolveSibling("rustc.calls");
        Path crate = Files.createDirectories(dir.resolve("project/crate"));
        Path settings = Files.createDirectories(dir.resolve("home/.rustup")).resolve("settings.toml");
        Files.writeString(settings, "default_toolchain = \"stable-x86_64-unknown-linux-gnu\"\n");
        Map<String, String> env = Map.of("PATH", dir.toString());

        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(Files.readAllLines(calls)).as("kept").hasSize(2);

        // A toolchain file in a directory above the crate.
        Files.writeString(crate.resolveSibling("rust-toolchain.toml"), "[toolchain]\nchannel = \"1.85.0\"\n");
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(Files.readAllLines(calls)).as("a toolchain file").hasSize(4);

        // rustup default / rustup override set.
        Files.writeString(settings, "default_toolchain = \"nightly-x86_64-unknown-linux-gnu\"\n");
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(Files.readAllLines(calls)).as("rustup's settings").hasSize(6);

        // RUSTUP_TOOLCHAIN, set, then changed.
        Map<String, String> pinned = Map.of("PATH", dir.toString(), "RUSTUP_TOOLCHAIN", "1.85.0");
        keeping(pinned).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        keeping(pinned).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(Files.readAllLines(calls)).as("RUSTUP_TOOLCHAIN").hasSize(8);
        keeping(Map.of("PATH", dir.toString(), "RUSTUP_TOOLCHAIN", "1.86.0"))
                .locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(Files.readAllLines(calls)).as("another RUSTUP_TOOLCHAIN").hasSize(10);
    }

    @Test
    void recognisesRustupProxiesByTheirLinksToRustupAndNotOtherCompilers() throws Exception {
        Path rustc = standInRustc("");
        // A hard link of the rustup program beside it.
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createLink(elsewhere.resolve("rustup"), rustc);
        Path linked = Files.createLink(elsewhere.resolve("rustc"), rustc);
        // A symbolic link to rustup-init.
        Path init = Files.copy(rustc, dir.resolve("rustup-init"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path viaLink = Files.createSymbolicLink(
                Files.createDirectories(dir.resolve("bin")).resolve("rustc"), init);
        Path crate = Files.createDirectories(dir.resolve("crate"));

        for (Path p : List.of(linked, viaLink, rustc)) {
            boolean proxy = !p.equals(rustc);
            // The stand-in writes its calls next to the path it was started by.
            Path calls = p.resolveSibling(p.getFileName() + ".calls");
            keeping().locate(Optional.empty(), Optional.of(p.toString()), crate);
            keeping().locate(Optional.empty(), Optional.of(p.toString()), crate);
            assertThat(Files.readAllLines(calls)).as("%s kept", p).hasSize(2);

            Path file = Files.writeString(crate.resolve("rust-toolchain"), "1.85.0\n");
            keeping().locate(Optional.empty(), Optional.of(p.toString()), crate);
            assertThat(Files.readAllLines(calls))
                    .as("%s is %s rustup proxy", p, proxy ? "a" : "not a")
                    .hasSize(proxy ? 4 : 2);
            Files.delete(file);
        }
    }
}
