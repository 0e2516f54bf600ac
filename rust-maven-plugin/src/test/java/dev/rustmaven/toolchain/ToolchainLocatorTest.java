package dev.rustmaven.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.plugin.MavenSettingNames;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.testing.Required;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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

    /** The sysroot it answers: the content of {@code <path it was started by>.sysroot}, else /opt/rust. */
    private static final String ANSWERS = "sysroot=$(cat \"$0.sysroot\" 2>/dev/null || echo /opt/rust)\n"
            + "case \"$*\" in\n"
            + "  -vV) printf 'rustc 1.95.0 (59807616e 2026-04-14)\\nbinary: rustc\\ncommit-hash:"
            + " 59807616e1fa2540724bfbac14d7976d7e4a3860\\ncommit-date: 2026-04-14\\nhost: x86_64-unknown-linux-gnu\\n"
            + "release: 1.95.0\\nLLVM version: 22.1.2\\n' ;;\n"
            + "  '--print sysroot --print target-list') printf '%s\\nx86_64-unknown-linux-gnu\\n"
            + "armv7-unknown-linux-gnueabihf\\n' \"$sysroot\" ;;\n"
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
                Optional.of(new RustcAnswers(dir.resolve("cache/rustc-answers"), Duration.ZERO)));
    }

    private ToolchainLocator keeping() {
        return keeping(Map.of("PATH", dir.toString()));
    }

    /** A stand-in that is its sysroot's own {@code bin/rustc}, as a real compiler is. */
    private Path compilerItself() throws Exception {
        Path sysroot = dir.resolve("toolchain");
        Path rustc = Files.move(
                standInRustc(""),
                Files.createDirectories(sysroot.resolve("bin")).resolve("rustc"));
        Files.writeString(Path.of(rustc + ".sysroot"), sysroot.toString());
        return rustc;
    }

    /** What the stand-in started by {@code invoked} was asked. */
    private static List<String> callsOf(Path invoked) throws Exception {
        Path calls = Path.of(invoked + ".calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    /** A stand-in for rustup's proxy in {@code home}'s {@code .cargo/bin}, answering for its toolchain "stable". */
    private Path rustupProxy(Path home) throws Exception {
        Path stable = toolchainDirectory(home.resolve(".rustup/toolchains/stable"), "1.95");
        Path proxy = Files.move(
                standInRustc(""),
                Files.createDirectories(home.resolve(".cargo/bin")).resolve("rustc"));
        Files.writeString(Path.of(proxy + ".sysroot"), stable.toString());
        return proxy;
    }

    /** A toolchain directory with a compiler file of its own (content {@code content}). */
    private Path toolchainDirectory(Path directory, String content) throws Exception {
        Files.writeString(Files.createDirectories(directory.resolve("bin")).resolve("rustc"), content);
        return directory;
    }

    @Test
    void keepsTheAnswersOfTheCompilerItselfAndStartsNoRustcTheNextTime() throws Exception {
        Path rustc = compilerItself();

        Toolchain first = keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);
        Toolchain second = keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);

        assertThat(callsOf(rustc)).containsExactlyInAnyOrder("-vV", "--print sysroot --print target-list");
        assertThat(second).isEqualTo(first);
        assertThat(second.sysroot()).isEqualTo(dir.resolve("toolchain"));
        assertThat(second.targetList()).containsExactly("x86_64-unknown-linux-gnu", "armv7-unknown-linux-gnueabihf");
        assertThat(locator().locate(Optional.empty(), Optional.of(rustc.toString()), dir))
                .as("a locator without a place to keep answers asks every time")
                .isEqualTo(first);
        assertThat(callsOf(rustc)).hasSize(4);
    }

    @Test
    void asksAgainWhenTheCompilerFileChanges() throws Exception {
        Path rustc = compilerItself();
        keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);

        // Another compiler at the same path, of the same size: it says it is 1.96.
        FileTime before = Files.getLastModifiedTime(rustc);
        Files.writeString(rustc, Files.readString(rustc).replace("1.95.0", "1.96.0"));
        Files.setLastModifiedTime(rustc, FileTime.fromMillis(before.toMillis() + 10_000));
        Toolchain after = keeping().locate(Optional.empty(), Optional.of(rustc.toString()), dir);

        assertThat(after.info().release()).isEqualTo("1.96.0");
        assertThat(callsOf(rustc)).hasSize(4);
    }

    @Test
    void aWrapperInFrontOfACompilerOrAShimIsAskedEveryTime() throws Exception {
        // A script that runs a compiler elsewhere (or a version manager's shim that picks one per project): what it
        // chooses by is unknown, so nothing is kept.
        Path sysroot = toolchainDirectory(dir.resolve("toolchain"), "a compiler");
        Path wrapper = standInRustc("");
        Files.writeString(Path.of(wrapper + ".sysroot"), sysroot.toString());

        keeping().locate(Optional.empty(), Optional.of(wrapper.toString()), dir);
        Toolchain second = keeping().locate(Optional.empty(), Optional.of(wrapper.toString()), dir);

        assertThat(second.sysroot()).isEqualTo(sysroot);
        assertThat(callsOf(wrapper)).hasSize(4);
        assertThat(dir.resolve("cache/rustc-answers")).doesNotExist();
    }

    @Test
    void damagedAnswersAreAskedAgainAndWrittenAnew() throws Exception {
        Path rustc = compilerItself();
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
        assertThat(callsOf(rustc)).hasSize(4);
        assertThat(Files.readString(kept)).isEqualTo(good);
    }

    @Test
    void aRustupProxysAnswersAreKeptUntilRustupWouldChooseAnotherToolchain() throws Exception {
        Path home = dir.resolve("home");
        Path rustupHome = home.resolve(".rustup");
        Path stable = toolchainDirectory(rustupHome.resolve("toolchains/stable-x86_64-unknown-linux-gnu"), "1.95");
        // Where rustup puts its proxies: cargo's home bin directory.
        Path proxy = Files.move(
                standInRustc(""),
                Files.createDirectories(home.resolve(".cargo/bin")).resolve("rustc"));
        Files.writeString(Path.of(proxy + ".sysroot"), stable.toString());
        Path crate = Files.createDirectories(dir.resolve("project/crate"));
        Path settings = rustupHome.resolve("settings.toml");
        Files.writeString(settings, "default_toolchain = \"stable-x86_64-unknown-linux-gnu\"\n");
        Map<String, String> env = Map.of("PATH", dir.toString(), "HOME", home.toString());

        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(callsOf(proxy)).as("kept").hasSize(2);

        // A toolchain file in a directory above the crate, then an edit of it that keeps its size and time.
        Path file = crate.resolveSibling("rust-toolchain.toml");
        Files.writeString(file, "[toolchain]\nchannel = \"1.85.0\"\n");
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(callsOf(proxy)).as("a toolchain file").hasSize(4);
        FileTime time = Files.getLastModifiedTime(file);
        Files.writeString(file, "[toolchain]\nchannel = \"1.86.0\"\n");
        Files.setLastModifiedTime(file, time);
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(callsOf(proxy)).as("the same file, edited").hasSize(6);

        // rustup default / rustup override set.
        Files.writeString(settings, "default_toolchain = \"nightly-x86_64-unknown-linux-gnu\"\n");
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(callsOf(proxy)).as("rustup's settings").hasSize(8);

        // rustup update: the toolchain's own compiler is replaced.
        Files.writeString(stable.resolve("bin/rustc"), "1.95, updated");
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(callsOf(proxy)).as("rustup update").hasSize(10);

        // rustup toolchain link dev <dir>, then the same name linked to another directory.
        Path dev = Files.createSymbolicLink(
                rustupHome.resolve("toolchains/dev"), toolchainDirectory(dir.resolve("stage1"), "stage 1"));
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        Files.delete(dev);
        Files.createSymbolicLink(dev, toolchainDirectory(dir.resolve("stage2"), "stage 2"));
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(callsOf(proxy)).as("toolchain links").hasSize(14);

        // RUSTUP_TOOLCHAIN, set, then changed.
        Map<String, String> pinned = Map.of("PATH", dir.toString(), "HOME", home.toString(), "RUSTUP_TOOLCHAIN", "dev");
        keeping(pinned).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        keeping(pinned).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(callsOf(proxy)).as("RUSTUP_TOOLCHAIN").hasSize(16);
        keeping(Map.of("PATH", dir.toString(), "HOME", home.toString(), "RUSTUP_TOOLCHAIN", "1.86.0"))
                .locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(callsOf(proxy)).as("another RUSTUP_TOOLCHAIN").hasSize(18);
    }

    @Test
    void aRustupProxyInALinkedCrateDirectorySeesTheToolchainFilesWhereTheCrateReallyIs() throws Exception {
        Path home = dir.resolve("home");
        Path proxy = rustupProxy(home);
        // app/crate is a link to rust/crate; rust/ holds the toolchain file.
        Path realCrate = Files.createDirectories(dir.resolve("rust/crate"));
        Path linked = Files.createSymbolicLink(
                Files.createDirectories(dir.resolve("app")).resolve("crate"), realCrate);
        Map<String, String> env = Map.of("PATH", dir.toString(), "HOME", home.toString());
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), linked);

        Files.writeString(dir.resolve("rust/rust-toolchain"), "1.85.0\n");
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), linked);

        assertThat(callsOf(proxy)).hasSize(4);
    }

    @Test
    void answersGivenWhileRustupUpdatedTheCompilerAreNotKept() throws Exception {
        // given: a rustup proxy whose toolchain's compiler is replaced while the queries run
        Path home = dir.resolve("home");
        Path stable = toolchainDirectory(home.resolve(".rustup/toolchains/stable"), "1.95");
        Path proxy = Files.move(
                // later than a coarse file system clock's tick after the queries started
                standInRustc("sleep 0.1; echo 'updated' >> '" + stable.resolve("bin/rustc") + "'\n"),
                Files.createDirectories(home.resolve(".cargo/bin")).resolve("rustc"));
        Files.writeString(Path.of(proxy + ".sysroot"), stable.toString());
        Path crate = Files.createDirectories(dir.resolve("project/crate"));
        Map<String, String> env = Map.of("PATH", dir.toString(), "HOME", home.toString());

        // when
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);

        // then: the first answers were not kept (they may be the old compiler's), so the second build asked
        assertThat(callsOf(proxy)).hasSize(4);
        assertThat(dir.resolve("cache/rustc-answers")).doesNotExist();
    }

    @Test
    void rustupsHomeAndProxiesAreFoundByHomeAsRustupFindsThemNotByTheJvmsUserHome() throws Exception {
        // HOME of the build (a CI job's, say); the JVM's user.home is dir/home
        Path home = dir.resolve("ci-home");
        Path proxy = rustupProxy(home);
        Path crate = Files.createDirectories(dir.resolve("project/crate"));
        Map<String, String> env = Map.of("PATH", dir.toString(), "HOME", home.toString());

        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(callsOf(proxy)).as("kept: a proxy in $HOME/.cargo/bin").hasSize(2);
        Files.writeString(home.resolve(".rustup/settings.toml"), "default_toolchain = \"nightly\"\n");
        keeping(env).locate(Optional.empty(), Optional.of(proxy.toString()), crate);
        assertThat(callsOf(proxy)).as("rustup's settings in $HOME/.rustup").hasSize(4);
    }

    @Test
    void recognisesRustupProxiesByTheirLinksToRustupAndNotOtherCompilers() throws Exception {
        Path itself = compilerItself();
        Path sysroot = toolchainDirectory(dir.resolve("rustup-home/toolchains/stable"), "1.95");
        Path rustc = standInRustc("");
        // A hard link of the rustup program beside it.
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createLink(elsewhere.resolve("rustup"), rustc);
        Path linked = Files.createLink(elsewhere.resolve("rustc"), rustc);
        // A symbolic link to rustup-init.
        Path init = Files.copy(rustc, dir.resolve("rustup-init"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path viaLink = Files.createSymbolicLink(
                Files.createDirectories(dir.resolve("bin")).resolve("rustc"), init);
        for (Path proxy : List.of(linked, viaLink)) {
            Files.writeString(Path.of(proxy + ".sysroot"), sysroot.toString());
        }
        Path crate = Files.createDirectories(dir.resolve("crate"));

        for (Path p : List.of(linked, viaLink, itself)) {
            boolean proxy = !p.equals(itself);
            keeping().locate(Optional.empty(), Optional.of(p.toString()), crate);
            keeping().locate(Optional.empty(), Optional.of(p.toString()), crate);
            assertThat(callsOf(p)).as("%s kept", p).hasSize(2);

            Path file = Files.writeString(crate.resolve("rust-toolchain"), "1.85.0\n");
            keeping().locate(Optional.empty(), Optional.of(p.toString()), crate);
            assertThat(callsOf(p))
                    .as("%s is %s rustup proxy", p, proxy ? "a" : "not a")
                    .hasSize(proxy ? 4 : 2);
            Files.delete(file);
        }
    }
}
