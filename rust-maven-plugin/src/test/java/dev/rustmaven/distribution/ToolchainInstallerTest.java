package dev.rustmaven.distribution;

import static dev.rustmaven.distribution.FakeToolchainDist.HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.log.RecordingLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolchainInstallerTest {

    private static final String OLD_HASH = "4d91de4e48198da2e33413efdcd9cd2cc0c46688";
    private static final String NEW_HASH = "59807616e1b6bd4e4a0bfb3a1c1a4dc2cf2ba6d7";
    private static final String NIGHTLY_HASH = "e50aa6fba4e63ab34c72bf9acfd2c307c1155d1a";

    @TempDir
    Path temp;

    private LoopbackServer server;
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void startServer() throws IOException {
        server = LoopbackServer.start();
        new FakeToolchainDist()
                .toolchain("1.85.0", OLD_HASH, "2025-02-17", true, "/dist/channel-rust-1.85.0.toml")
                .toolchain(
                        "1.95.0",
                        NEW_HASH,
                        "2026-04-14",
                        false,
                        "/dist/channel-rust-1.95.0.toml",
                        "/dist/channel-rust-1.95.toml",
                        "/dist/channel-rust-stable.toml")
                .toolchain(
                        "1.97.0-nightly",
                        NIGHTLY_HASH,
                        "2026-05-19",
                        false,
                        "/dist/2026-05-19/channel-rust-nightly.toml",
                        "/dist/channel-rust-nightly.toml")
                .serveOn(server);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private ToolchainInstaller installer(boolean offline) {
        return new ToolchainInstaller(
                new CacheLayout(temp.resolve("cache")),
                new DistServer(server.root()),
                new Downloader(DownloaderTest.FAST, DownloadListener.NONE, log),
                offline,
                log);
    }

    private static ToolchainSpec spec(String name) {
        return ToolchainSpec.parse(name, HOST);
    }

    @Test
    void installsRustcCargoAndTheHostsRustStdAsRustupLaysThemOut() throws Exception {
        // when
        InstalledToolchain installed = installer(false).ensure(spec("1.85.0"), HOST);

        // then
        Path dir = installed.directory();
        assertThat(dir).isEqualTo(temp.resolve("cache/toolchains/1.85.0-4d91de4e4-" + HOST));
        assertThat(installed.compiler().commitHash()).isEqualTo(OLD_HASH);
        assertThat(installed.executable("rustc")).isExecutable();
        assertThat(installed.executable("cargo")).isExecutable();
        assertThat(dir.resolve("lib/rustlib/" + HOST + "/bin/rust-lld")).isExecutable();
        assertThat(dir.resolve("lib/rustlib/" + HOST + "/lib/libstd-abc.rlib")).hasContent("std");
        assertThat(dir.resolve("lib/rustlib/components"))
                .hasContent("rustc-" + HOST + "\nrust-std-" + HOST + "\ncargo-" + HOST);
        assertThat(dir.resolve("lib/rustlib/manifest-cargo-" + HOST))
                .hasContent("file:bin/cargo\nfile:share/doc/cargo/README.md");
        assertThat(dir.resolve("lib/rustlib/rust-installer-version")).hasContent("3");
        assertThat(dir.resolve("lib/rustlib/multirust-channel-manifest.toml")).exists();
        assertThat(dir.resolve(".installed")).exists();
        // the xz tarballs were taken, and nothing else was left behind
        assertThat(server.hits("/dist/2025-02-17/rustc-1.85.0-" + HOST + ".tar.xz"))
                .isEqualTo(1);
        assertThat(server.hits("/dist/2025-02-17/rustc-1.85.0-" + HOST + ".tar.gz"))
                .isZero();
        try (var entries = Files.list(dir.getParent())) {
            assertThat(entries).containsExactly(dir);
        }
        // rustc finds its sysroot from its own location: the directory must not be named like the host alone
        assertThat(dir.getFileName().toString()).isNotEqualTo(HOST);
        assertThat(installed.origin()).contains("downloaded from");
    }

    @Test
    void aPinnedReleaseInTheCacheIsUsedWithoutAskingTheServer() throws Exception {
        // given
        installer(false).ensure(spec("1.85.0"), HOST);
        int before = server.totalHits();

        // when
        InstalledToolchain again = installer(false).ensure(spec("1.85.0"), HOST);

        // then
        assertThat(server.totalHits()).isEqualTo(before);
        assertThat(again.origin()).startsWith("cached in");
    }

    @Test
    void aChannelIsResolvedThroughItsManifestAndGzTarballsServeWhenThereIsNoXz() throws Exception {
        // when
        InstalledToolchain stable = installer(false).ensure(spec("stable"), HOST);
        InstalledToolchain minor = installer(false).ensure(spec("1.95"), HOST);

        // then
        assertThat(stable.compiler().describe()).isEqualTo("rustc 1.95.0 (59807616e 2026-04-14)");
        assertThat(minor.directory()).isEqualTo(stable.directory());
        assertThat(server.hits("/dist/channel-rust-stable.toml")).isEqualTo(1);
        assertThat(server.hits("/dist/channel-rust-1.95.toml")).isEqualTo(1);
        assertThat(server.hits("/dist/2026-04-14/cargo-1.95.0-" + HOST + ".tar.gz"))
                .isEqualTo(1);
    }

    @Test
    void aDatedNightlyIsFoundUnderItsDate() throws Exception {
        InstalledToolchain nightly = installer(false).ensure(spec("nightly-2026-05-19"), HOST);

        assertThat(nightly.compiler().release()).isEqualTo("1.97.0-nightly");
        assertThat(nightly.directory().getFileName()).hasToString("1.97.0-nightly-e50aa6fba-" + HOST);
    }

    @Test
    void severalVersionsLiveSideBySideAndOfflineAChannelMeansTheNewestCachedOne() throws Exception {
        // given
        installer(false).ensure(spec("1.85.0"), HOST);
        installer(false).ensure(spec("1.95.0"), HOST);
        installer(false).ensure(spec("nightly"), HOST);
        int before = server.totalHits();

        // when
        ToolchainInstaller offline = installer(true);

        // then
        assertThat(offline.ensure(spec("stable"), HOST).compiler().release()).isEqualTo("1.95.0");
        assertThat(offline.ensure(spec("1.85"), HOST).compiler().release()).isEqualTo("1.85.0");
        assertThat(offline.ensure(spec("nightly"), HOST).compiler().release()).isEqualTo("1.97.0-nightly");
        assertThat(offline.cached(spec("stable"), HOST))
                .extracting(t -> t.compiler().release())
                .containsExactly("1.95.0", "1.85.0");
        assertThat(server.totalHits()).isEqualTo(before);
    }

    @Test
    void offlineWithoutAMatchSaysWhatTheCacheHolds() throws Exception {
        installer(false).ensure(spec("1.85.0"), HOST);

        assertThatThrownBy(() -> installer(true).ensure(spec("beta"), HOST))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("Offline mode: no Rust toolchain 'beta'")
                .hasMessageContaining("it holds rustc 1.85.0 (4d91de4e4 2025-02-17)")
                .extracting(e -> ((DistException) e).reason())
                .isEqualTo(DistException.Reason.OFFLINE_MISSING);
    }

    @Test
    void aVersionTheServerLacksFailsListingWhatTheServerHas() {
        assertThatThrownBy(() -> installer(false).ensure(spec("1.99.0"), HOST))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("has no toolchain '1.99.0'")
                .hasMessageContaining("dist/channel-rust-1.99.0.toml")
                .hasMessageContaining("stable is 1.95.0 (59807616e 2026-04-14)")
                .hasMessageContaining("nightly is 1.97.0-nightly (e50aa6fba 2026-05-19)")
                .extracting(e -> ((DistException) e).reason())
                .isEqualTo(DistException.Reason.NO_MANIFEST);
    }

    @Test
    void twoConcurrentBuildsInstallOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Callable<InstalledToolchain> build = () -> {
                start.await();
                return installer(false).ensure(spec("1.95.0"), HOST);
            };
            List<Future<InstalledToolchain>> results = new ArrayList<>();
            results.add(pool.submit(build));
            results.add(pool.submit(build));
            start.countDown();
            for (Future<InstalledToolchain> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS).executable("cargo")).isExecutable();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.hits("/dist/2026-04-14/rustc-1.95.0-" + HOST + ".tar.gz"))
                .isEqualTo(1);
        assertThat(server.hits("/dist/2026-04-14/cargo-1.95.0-" + HOST + ".tar.gz"))
                .isEqualTo(1);
    }

    @Test
    void aManifestInThatPointsOutsideTheToolchainIsRefusedAndNothingIsInstalled() throws Exception {
        // given a cargo tarball whose manifest.in names ../escape
        String top = "cargo-1.85.0-" + HOST;
        serveCargo(new TestTarballs()
                .file(top + "/components", "cargo\n")
                .file(top + "/cargo/manifest.in", "file:../escape\n")
                .file(top + "/escape", "x"));

        // then
        assertThatThrownBy(() -> installer(false).ensure(spec("1.85.0"), HOST))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("'../escape', which is not a path inside the toolchain");
        try (var all = Files.walk(temp.resolve("cache"))) {
            assertThat(all).noneMatch(p -> p.getFileName().toString().equals("escape"));
        }
        assertThat(temp.resolve("cache/toolchains/1.85.0-4d91de4e4-" + HOST)).doesNotExist();
    }

    @Test
    void aComponentInstallingWhatAnotherInstalledIsMalformedNotADiskProblem() throws Exception {
        // given a cargo tarball that also installs rustc's bin/rustc
        String top = "cargo-1.85.0-" + HOST;
        serveCargo(new TestTarballs()
                .file(top + "/components", "cargo\n")
                .file(top + "/cargo/manifest.in", "file:bin/rustc\n")
                .file(top + "/cargo/bin/rustc", "not rustc".getBytes(StandardCharsets.UTF_8), 0755));

        // then
        assertThatThrownBy(() -> installer(false).ensure(spec("1.85.0"), HOST))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("cargo installs bin/rustc, which another component already installed")
                .extracting(e -> ((DistException) e).reason())
                .isEqualTo(DistException.Reason.MALFORMED);
        assertThat(temp.resolve("cache/toolchains/1.85.0-4d91de4e4-" + HOST)).doesNotExist();
    }

    @Test
    void aSymbolicLinkInAComponentIsRefused() throws Exception {
        // given a link that stays inside where it is unpacked but would climb out once moved into the toolchain
        String top = "cargo-1.85.0-" + HOST;
        serveCargo(new TestTarballs()
                .file(top + "/components", "cargo\n")
                .file(top + "/cargo/manifest.in", "dir:share\n")
                .file(top + "/cargo/share/real", "x")
                .symlink(top + "/cargo/share/link", "../../cargo/share/real"));

        // then
        assertThatThrownBy(() -> installer(false).ensure(spec("1.85.0"), HOST))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("cargo holds a symbolic link (link)");
        assertThat(temp.resolve("cache/toolchains/1.85.0-4d91de4e4-" + HOST)).doesNotExist();
    }

    /** Serves {@code tarball} as the xz cargo package of 1.85.0, its manifest rewritten to match. */
    private void serveCargo(TestTarballs tarball) throws Exception {
        String top = "cargo-1.85.0-" + HOST;
        byte[] bytes = tarball.compressed(Compression.XZ);
        String manifest = new String(
                        server.uri("/dist/channel-rust-1.85.0.toml")
                                .toURL()
                                .openStream()
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .replaceAll(
                        "(\\[pkg\\.cargo\\.target\\.[^]]+]\\navailable = true\\n)url = \"[^\"]*\"\\nhash = \"[^\"]*\"\\nxz_url = \"[^\"]*\"\\nxz_hash = \"[^\"]*\"",
                        "$1xz_url = \"" + DistServer.OFFICIAL_ROOT + "/dist/2025-02-17/" + top
                                + ".tar.xz\"\nxz_hash = \"" + dev.rustmaven.fs.Sha256.of(bytes) + "\"");
        assertThat(manifest).contains(dev.rustmaven.fs.Sha256.of(bytes));
        server.serve("/dist/2025-02-17/" + top + ".tar.xz", bytes);
        server.serve("/dist/channel-rust-1.85.0.toml", manifest.getBytes(StandardCharsets.UTF_8));
        server.route("/dist/channel-rust-1.85.0.toml.sha256", e -> LoopbackServer.respond(e, 404, new byte[0]));
    }

    @Test
    void readsTheRustcVersionWithoutParsingTheWholeManifest() throws Exception {
        String text =
                "manifest-version = \"2\"\ndate = \"2026-04-16\"\n[pkg.cargo]\nversion = \"0.96.0 (x 2026-04-10)\"\n"
                        + "[pkg.rustc]\nversion = \"1.95.0 (59807616e 2026-04-14)\"\ngit_commit_hash = \"" + NEW_HASH
                        + "\"\n"
                        + "[pkg.rustc.target.x]\nversion = \"no\"\n";

        CompilerRelease compiler = ToolchainInstaller.rustcOf(text, server.root());

        assertThat(compiler.commitHash()).isEqualTo(NEW_HASH);
        assertThat(compiler.release()).isEqualTo("1.95.0");
        assertThatThrownBy(() -> ToolchainInstaller.rustcOf("[pkg.rustc]\nversion = \"1.95\"\n", server.root()))
                .hasMessageContaining("has no [pkg.rustc] version of the form");
    }
}
