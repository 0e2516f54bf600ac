package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.fs.Sha256;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ComponentProvisionerTest extends LoopbackDistTest {

    private static final String UCLIBC = "armv7-unknown-linux-uclibceabihf";
    private static final String HOST = "x86_64-unknown-linux-gnu";

    private FakeDist dist;

    @BeforeEach
    void makeDist() {
        dist = FakeDist.stableDist()
                .rustStd(ARMV7)
                .rustStd(AARCH64)
                .unavailable(UCLIBC)
                .rustc(HOST);
    }

    private ComponentProvisioner provisioner(URI root, boolean offline) {
        return provisioner(root, offline, DownloaderTest.FAST);
    }

    private ComponentProvisioner online() {
        return provisioner(server.root(), false);
    }

    @Test
    void installsTheRustStdPayloadWithAMarkerFromTheXzTarball() throws Exception {
        // given
        dist.serveOn(server);

        // when
        Path installed = online().ensure(compiler, "rust-std", ARMV7);

        // then
        assertThat(installed).isEqualTo(cacheRoot().resolve("rust-std/1.85.0-4d91de4e4/" + ARMV7));
        assertThat(installed.resolve("lib/rustlib/" + ARMV7 + "/lib/libstd-abc.rlib"))
                .hasContent("std for " + ARMV7);
        assertThat(installed.resolve("manifest.in")).doesNotExist();
        assertThat(installed.resolve("components")).doesNotExist();
        CacheLayout.InstallMarker marker = CacheLayout.readMarker(installed).orElseThrow();
        String xzPath = dist.tarballPath("rust-std", ARMV7, Compression.XZ);
        assertThat(marker.url()).isEqualTo(server.uri(xzPath).toString());
        assertThat(marker.sha256()).isEqualTo(Sha256.of(dist.files().get(xzPath)));
        assertThat(marker.compiler()).isEqualTo(compiler.describe());
        assertThat(server.hits(xzPath)).isEqualTo(1);
        assertThat(server.hits(dist.tarballPath("rust-std", ARMV7, Compression.GZ)))
                .isZero();
        assertThat(server.hits(dist.manifestPath() + ".sha256")).isEqualTo(1);
        try (var siblings = Files.list(installed.getParent())) {
            assertThat(siblings).containsExactly(installed);
        }
    }

    @Test
    void aCachedComponentNeedsNoNetwork() throws Exception {
        // given
        dist.serveOn(server);
        Path first = online().ensure(compiler, "rust-std", ARMV7);
        int hitsAfterInstall = server.totalHits();

        // when
        Path second = online().ensure(compiler, "rust-std", ARMV7);
        Path offline = provisioner(server.root(), true).ensure(compiler, "rust-std", ARMV7);

        // then
        assertThat(second).isEqualTo(first);
        assertThat(offline).isEqualTo(first);
        assertThat(server.totalHits()).isEqualTo(hitsAfterInstall);
    }

    @Test
    void offlineWithoutTheComponentFailsNamingTargetCompilerAndTheCommandToRunOnline() {
        // given
        dist.serveOn(server);

        // when / then
        assertThatThrownBy(() -> provisioner(server.root(), true).ensure(compiler, "rust-std", ARMV7))
                .isInstanceOfSatisfying(
                        DistException.class,
                        e -> assertThat(e.reason()).isEqualTo(DistException.Reason.OFFLINE_MISSING))
                .hasMessageContaining("'" + ARMV7 + "'")
                .hasMessageContaining("rustc 1.85.0 (4d91de4e4 2025-02-17)")
                .hasMessageContaining("`mvn rust:fetch -Drust.targets=" + ARMV7 + "`")
                .hasMessageContaining("without offline mode (-o)");
        assertThat(server.totalHits()).isZero();
    }

    @Test
    void aFileMirrorOnDiskWorks() throws Exception {
        // given
        Path mirror = temp.resolve("mirror");
        dist.writeTo(mirror);

        // when
        Path installed = provisioner(mirror.toUri(), false).ensure(compiler, "rust-std", AARCH64);

        // then
        assertThat(installed.resolve("lib/rustlib/" + AARCH64 + "/lib/libcore-abc.rlib"))
                .exists();
        assertThat(CacheLayout.readMarker(installed).orElseThrow().url()).startsWith("file:");
    }

    @Test
    void anUnavailableTargetFailsAndInstallsNothing() {
        // given
        dist.serveOn(server);

        // when / then
        assertThatThrownBy(() -> online().ensure(compiler, "rust-std", UCLIBC))
                .isInstanceOfSatisfying(
                        DistException.class,
                        e -> assertThat(e.reason()).isEqualTo(DistException.Reason.TARGET_UNAVAILABLE))
                .hasMessageContaining(UCLIBC)
                .hasMessageContaining("Choose another target");
        assertThat(cacheRoot().resolve("rust-std/1.85.0-4d91de4e4/" + UCLIBC)).doesNotExist();
    }

    @Test
    void aCompilerTheServerNeverBuiltGetsAnExplanation() {
        // given: nothing served, as for a distribution's own rustc build
        CompilerRelease distroBuild = CompilerRelease.of("1.85.1", FakeDist.HASH, "2025-03-15");

        // when / then
        assertThatThrownBy(() -> online().ensure(distroBuild, "rust-std", ARMV7))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.NO_MANIFEST))
                .hasMessageContaining(
                        server.uri("/dist/channel-rust-1.85.1.toml").toString())
                .hasMessageContaining("built from a source tarball")
                .hasMessageContaining("rustup toolchain install 1.85.1")
                .hasMessageContaining("install the target's standard library");
    }

    @Test
    void aManifestForAnotherBuildOfTheSameReleaseIsNotUsed() {
        // given
        dist.rustcVersion("1.85.0 (0123abcde 2025-02-17)").serveOn(server);

        // when / then
        assertThatThrownBy(() -> online().ensure(compiler, "rust-std", ARMV7))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.NO_MANIFEST))
                .hasMessageContaining("has rustc 1.85.0 (0123abcde 2025-02-17)")
                .hasMessageContaining("exact compiler build");
        assertThat(server.hits(dist.tarballPath("rust-std", ARMV7, Compression.XZ)))
                .isZero();
    }

    @Test
    void aNightlyIsFoundUnderTheDayAfterItsCommitDate() throws Exception {
        // given: the commit date's manifest holds the previous nightly, the next day's holds ours
        CompilerRelease nightly =
                CompilerRelease.of("1.87.0-nightly", "17067e9ac6d7e98f18d4ba6a1ad8b8c1a0e2f4b1", "2025-03-09");
        CompilerRelease previous =
                CompilerRelease.of("1.87.0-nightly", "aaaaaaaaa6d7e98f18d4ba6a1ad8b8c1a0e2f4b1", "2025-03-08");
        new FakeDist(previous, "2025-03-09").rustStd(ARMV7).serveOn(server);
        FakeDist ours = new FakeDist(nightly, "2025-03-10").rustStd(ARMV7).serveOn(server);

        // when
        Path installed = online().ensure(nightly, "rust-std", ARMV7);

        // then
        assertThat(installed).isEqualTo(cacheRoot().resolve("rust-std/1.87.0-nightly-17067e9ac/" + ARMV7));
        assertThat(CacheLayout.readMarker(installed).orElseThrow().url())
                .isEqualTo(server.uri(ours.tarballPath("rust-std", ARMV7, Compression.XZ))
                        .toString());
        assertThat(server.hits("/dist/2025-03-09/channel-rust-nightly.toml")).isEqualTo(1);
        assertThat(server.hits("/dist/2025-03-10/channel-rust-nightly.toml")).isEqualTo(1);
    }

    @Test
    void aManifestThatDoesNotMatchItsChecksumIsRejected() {
        // given
        dist.serveOn(server);
        server.serve(
                dist.manifestPath() + ".sha256",
                (Sha256.of(new byte[0]) + "  x.toml\n").getBytes(StandardCharsets.UTF_8));

        // when / then
        assertThatThrownBy(() -> online().ensure(compiler, "rust-std", ARMV7))
                .isInstanceOfSatisfying(
                        DistException.class,
                        e -> assertThat(e.reason()).isEqualTo(DistException.Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining(server.uri(dist.manifestPath()).toString());
    }

    @Test
    void aManifestWithoutChecksumFileIsUsedAndThatIsLoggedAtDebug() throws Exception {
        // given
        dist.serveOn(server);
        server.route(dist.manifestPath() + ".sha256", e -> LoopbackServer.respond(e, 404, new byte[0]));

        // when
        online().ensure(compiler, "rust-std", ARMV7);

        // then
        assertThat(log.messages("DEBUG")).anyMatch(m -> m.contains("manifest not verified"));
    }

    @Test
    void aTamperedTarballFailsAndLeavesNothingBehind() throws Exception {
        // given
        dist.serveOn(server);
        server.serve(dist.tarballPath("rust-std", ARMV7, Compression.XZ), "tampered".getBytes(StandardCharsets.UTF_8));

        // when / then
        assertThatThrownBy(() -> online().ensure(compiler, "rust-std", ARMV7))
                .isInstanceOfSatisfying(
                        DistException.class,
                        e -> assertThat(e.reason()).isEqualTo(DistException.Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining(dist.tarballPath("rust-std", ARMV7, Compression.XZ));
        try (var left = Files.list(cacheRoot().resolve("rust-std/1.85.0-4d91de4e4"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aHostileTarballIsRefusedAndLeavesNothingHalfInstalled() throws Exception {
        // given: a genuine-looking rust-std whose last entry replaces an rlib already unpacked
        String musl = "aarch64-unknown-linux-musl";
        dist.rustStd(
                        musl,
                        (tar, payload) ->
                                tar.file(payload + "/lib/rustlib/" + musl + "/lib/libstd-abc.rlib", "replacement"))
                .serveOn(server);
        String xzPath = dist.tarballPath("rust-std", musl, Compression.XZ);

        // when / then
        assertThatThrownBy(() -> online().ensure(compiler, "rust-std", musl))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.MALFORMED))
                .hasMessageContaining(DistServer.OFFICIAL_ROOT + xzPath)
                .hasMessageContaining("lib/rustlib/" + musl + "/lib/libstd-abc.rlib")
                .hasMessageContaining("holds this name twice");
        try (var left = Files.list(cacheRoot().resolve("rust-std/1.85.0-4d91de4e4"))) {
            assertThat(left).isEmpty();
        }
        try (var everything = Files.walk(temp)) {
            assertThat(everything.filter(Files::isRegularFile).map(p -> temp.relativize(p)))
                    .allMatch(p -> p.startsWith("cache/locks"));
        }
        assertThat(online().cached(compiler, "rust-std", musl, PayloadFilter.ALL))
                .isEmpty();
    }

    @Test
    void aMirrorWhoseManifestPointsAtAThirdHostIsRefusedWithoutContactingIt() throws Exception {
        // given: the mirror's manifest sends the armv7 tarballs to another server, which has them
        dist.serveOn(server);
        try (LoopbackServer third = LoopbackServer.start()) {
            dist.serveOn(third);
            String manifest = dist.manifest()
                    .replace(
                            DistServer.OFFICIAL_ROOT + "/dist/2025-02-20/rust-std-1.85.0-" + ARMV7,
                            third.root() + "/dist/2025-02-20/rust-std-1.85.0-" + ARMV7);
            server.serve(dist.manifestPath(), manifest.getBytes(StandardCharsets.UTF_8));
            server.route(dist.manifestPath() + ".sha256", e -> LoopbackServer.respond(e, 404, new byte[0]));

            // when / then
            assertThatThrownBy(() -> online().ensure(compiler, "rust-std", ARMV7))
                    .isInstanceOfSatisfying(
                            DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.MALFORMED))
                    .hasMessageContaining("Refusing to download " + third.root())
                    .hasMessageContaining("not under the configured Rust dist server " + server.root())
                    .hasMessageContaining("a host other than the configured server's");
            assertThat(third.totalHits()).isZero();
            assertThat(online().cached(compiler, "rust-std", ARMV7, PayloadFilter.ALL))
                    .isEmpty();
        }
    }

    @Test
    void fallsBackToGzWhenTheMirrorLacksTheXzTarball() throws Exception {
        // given
        dist.serveOn(server);
        server.route(
                dist.tarballPath("rust-std", ARMV7, Compression.XZ), e -> LoopbackServer.respond(e, 404, new byte[0]));

        // when
        Path installed = online().ensure(compiler, "rust-std", ARMV7);

        // then
        assertThat(CacheLayout.readMarker(installed).orElseThrow().url()).endsWith(".tar.gz");
        assertThat(installed.resolve("lib/rustlib/" + ARMV7 + "/lib/libstd-abc.rlib"))
                .exists();
    }

    @Test
    void usesGzWhenTheManifestOnlyListsGz() throws Exception {
        // given
        dist.rustStdGzOnly("arm-unknown-linux-gnueabihf").serveOn(server);

        // when
        Path installed = online().ensure(compiler, "rust-std", "arm-unknown-linux-gnueabihf");

        // then
        assertThat(installed.resolve("lib/rustlib/arm-unknown-linux-gnueabihf/lib/libstd-gz.rlib"))
                .exists();
    }

    @Test
    void theLinkerSelectionOfRustcKeepsAnExecutableRustLldAndLlvmOnly() throws Exception {
        // given
        dist.serveOn(server);

        // when
        Path installed = online().ensure(compiler, "rustc", HOST, PayloadFilter.linker(HOST));

        // then
        assertThat(installed).isEqualTo(cacheRoot().resolve("rustc/1.85.0-4d91de4e4/" + HOST + "-lld"));
        Path lld = installed.resolve("lib/rustlib/" + HOST + "/bin/rust-lld");
        assertThat(lld).hasContent("lld");
        assertThat(Files.isExecutable(lld)).isTrue();
        assertThat(installed.resolve("lib/rustlib/" + HOST + "/bin/gcc-ld/ld.lld"))
                .exists();
        assertThat(installed.resolve("lib/libLLVM.so.19.1-rust-1.85.0-stable")).exists();
        assertThat(installed.resolve("lib/librustc_driver-abc.so")).doesNotExist();
        assertThat(installed.resolve("bin")).doesNotExist();
        assertThat(installed.resolve("share")).doesNotExist();
    }

    @Test
    void leftoversOfAKilledInstallAreReplaced() throws Exception {
        // given: a staging directory and a directory without marker, as a killed build may leave
        dist.serveOn(server);
        Path parent = cacheRoot().resolve("rust-std/1.85.0-4d91de4e4");
        Path staging = Files.createDirectories(parent.resolve("." + ARMV7 + ".tmp-dead"));
        Path incomplete = Files.createDirectories(parent.resolve(ARMV7 + "/lib"));

        // when
        Path installed = online().ensure(compiler, "rust-std", ARMV7);

        // then
        assertThat(staging).doesNotExist();
        assertThat(installed).isEqualTo(incomplete.getParent());
        assertThat(CacheLayout.readMarker(installed)).isPresent();
        assertThat(log.messages("WARN")).anyMatch(m -> m.contains("Removing incomplete install"));
    }

    @Test
    void concurrentThreadsDownloadOnce() throws Exception {
        // given: a slow tarball so the threads overlap
        dist.serveOn(server);
        String xzPath = dist.tarballPath("rust-std", ARMV7, Compression.XZ);
        byte[] xz = dist.files().get(xzPath);
        server.route(xzPath, exchange -> {
            pause(300);
            LoopbackServer.respond(exchange, 200, xz);
        });
        int threads = 4;
        CountDownLatch ready = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Path>> results = new ArrayList<>();

        // when
        try {
            for (int i = 0; i < threads; i++) {
                Callable<Path> task = () -> {
                    ready.countDown();
                    ready.await();
                    // A read timeout well above the server's pause: only the lock may prevent a second download.
                    return provisioner(server.root(), false, DownloadSettings.DEFAULTS.withRetries(1, Duration.ZERO))
                            .ensure(compiler, "rust-std", ARMV7);
                };
                results.add(pool.submit(task));
            }
            List<Path> paths = new ArrayList<>();
            for (Future<Path> result : results) {
                paths.add(result.get(20, TimeUnit.SECONDS));
            }

            // then
            assertThat(paths).hasSize(threads).containsOnly(paths.get(0));
            assertThat(server.hits(xzPath)).isEqualTo(1);
            assertThat(log.messages("INFO"))
                    .filteredOn(m -> m.startsWith("Another build installed"))
                    .hasSize(threads - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentJvmsDownloadOnce() throws Exception {
        // given: a slow tarball so the second JVM waits on the lock of the first
        dist.serveOn(server);
        String xzPath = dist.tarballPath("rust-std", ARMV7, Compression.XZ);
        byte[] xz = dist.files().get(xzPath);
        server.route(xzPath, exchange -> {
            pause(1200);
            LoopbackServer.respond(exchange, 200, xz);
        });
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ProvisionMain.class.getName(),
                cacheRoot().toString(),
                server.root().toString(),
                compiler.release(),
                compiler.commitHash(),
                compiler.commitDate(),
                ARMV7);

        Path firstLog = temp.resolve("first.log");
        Path secondLog = temp.resolve("second.log");

        // when
        Process first =
                new ProcessBuilder(command).redirectError(firstLog.toFile()).start();
        Process second =
                new ProcessBuilder(command).redirectError(secondLog.toFile()).start();
        String firstOut = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String secondOut = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String logs = Files.readString(firstLog) + Files.readString(secondLog);

        // then
        assertThat(first.exitValue()).as(logs).isZero();
        assertThat(second.exitValue()).as(logs).isZero();
        assertThat(logs).contains("Waiting for another build").contains("Another build installed");
        Path expected = cacheRoot().resolve("rust-std/1.85.0-4d91de4e4/" + ARMV7);
        assertThat(firstOut).isEqualTo(expected.toString());
        assertThat(secondOut).isEqualTo(expected.toString());
        assertThat(server.hits(xzPath)).isEqualTo(1);
        assertThat(server.hits(dist.manifestPath())).isEqualTo(1);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
