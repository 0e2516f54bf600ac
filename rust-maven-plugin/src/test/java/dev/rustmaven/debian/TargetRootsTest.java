package dev.rustmaven.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.config.SettingNames;
import dev.rustmaven.distribution.CacheLayout;
import dev.rustmaven.distribution.DownloadListener;
import dev.rustmaven.distribution.DownloadSettings;
import dev.rustmaven.distribution.Downloader;
import dev.rustmaven.distribution.LoopbackServer;
import dev.rustmaven.distribution.TestTarballs;
import dev.rustmaven.fs.FileTrees;
import dev.rustmaven.fs.Sha256;
import dev.rustmaven.log.RecordingLog;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetRootsTest {

    private static final DownloadSettings FAST = DownloadSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
            .withRetries(2, Duration.ofMillis(10));
    private static final String MULTIARCH = "usr/lib/arm-linux-gnueabihf/";
    private static final List<String> C_ROOT = List.of("libc6-dev", "libc6", "linux-libc-dev");

    @TempDir
    Path temp;

    private LoopbackServer server;
    private final RecordingLog log = new RecordingLog();
    private FakeDebianArchive archive;
    private Path keyring;

    @BeforeEach
    void setUp() throws IOException {
        server = LoopbackServer.start();
        keyring = TestKey.writeKeyring(temp.resolve("keys/archive.gpg"), TestKey.ARCHIVE);
        archive = FakeDebianArchive.bookworm()
                .add("libc6-dev", "2.36-9", "armhf", new TestTarballs().file("./usr/include/stdio.h", "old stdio"))
                .add(
                        "libc6-dev",
                        "2.36-9+deb12u9",
                        "armhf",
                        new TestTarballs()
                                .directory("./usr/")
                                .file("./usr/include/stdio.h", "stdio")
                                .file("./" + MULTIARCH + "crt1.o", "crt1")
                                // as Debian's libc6-dev links its development libraries: absolute
                                .symlink("./" + MULTIARCH + "libm.so", "/lib/arm-linux-gnueabihf/libm.so.6"))
                .add(
                        "libc6",
                        "2.36-9+deb12u9",
                        "armhf",
                        new TestTarballs().file("./lib/arm-linux-gnueabihf/libm.so.6", "libm"))
                .add(
                        "linux-libc-dev",
                        "6.1.76-1",
                        "armhf",
                        new TestTarballs().file("./usr/include/linux/types.h", "types"))
                .add(
                        "libstdc++-9-dev",
                        "9.3.0-1",
                        "armhf",
                        new TestTarballs().file("./usr/include/c++/9/vector", "gcc 9"))
                .add(
                        "libstdc++-12-dev",
                        "12.2.0-14",
                        "armhf",
                        new TestTarballs()
                                .file("./usr/include/c++/12/vector", "gcc 12")
                                .symlink(
                                        "./usr/lib/gcc/arm-linux-gnueabihf/12/libstdc++.so",
                                        "../../../arm-linux-gnueabihf/libstdc++.so.6"))
                .add(
                        "libstdc++6",
                        "12.2.0-14",
                        "armhf",
                        new TestTarballs().file("./" + MULTIARCH + "libstdc++.so.6", "libstdc++"))
                .add("libc6-dev", "2.36-9+deb12u9", "arm64", new TestTarballs().file("./usr/include/stdio.h", "arm64"))
                .build();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private URI mirror() {
        return server.uri("/debian");
    }

    private Path cacheRoot() {
        return temp.resolve("cache");
    }

    private TargetRoots roots(URI mirror, boolean offline) {
        return roots(new TargetRoots.Settings(mirror == null ? null : mirror.toString(), "bookworm", keyring, offline));
    }

    private TargetRoots roots(TargetRoots.Settings settings) {
        return new TargetRoots(
                new CacheLayout(cacheRoot()),
                settings,
                new Downloader(FAST, DownloadListener.NONE, log),
                SettingNames.KEYS,
                log);
    }

    private TargetRoots online() {
        return roots(mirror(), false);
    }

    private Path rootsOf(String architecture) {
        return cacheRoot().resolve("target-roots").resolve(architecture);
    }

    private static Properties marker(Path root) throws IOException {
        Properties marker = new Properties();
        try (Reader in = Files.newBufferedReader(root.resolve(CacheLayout.MARKER), StandardCharsets.UTF_8)) {
            marker.load(in);
        }
        return marker;
    }

    @Test
    void unpacksTheNewestOfEachRequestedPackageIntoOneRootOverHttp() throws Exception {
        // given
        archive.serveOn(server);

        // when
        Path root = online().provision(
                        "armhf", List.of("libc6-dev", "libc6", "linux-libc-dev", "libstdc++-*-dev", "libstdc++6"));

        // then: the files of all packages, the newest libc6-dev, the highest libstdc++-N-dev
        assertThat(root.getParent()).isEqualTo(rootsOf("armhf"));
        assertThat(root.resolve("usr/include/stdio.h")).hasContent("stdio");
        assertThat(root.resolve("usr/include/linux/types.h")).hasContent("types");
        assertThat(root.resolve("usr/include/c++/12/vector")).hasContent("gcc 12");
        assertThat(root.resolve("usr/include/c++/9")).doesNotExist();
        // the absolute link now points inside the root, the relative one resolves there too
        Path libm = root.resolve(MULTIARCH + "libm.so");
        assertThat(Files.readSymbolicLink(libm)).hasToString("../../../lib/arm-linux-gnueabihf/libm.so.6");
        assertThat(libm).hasContent("libm");
        assertThat(root.resolve("usr/lib/gcc/arm-linux-gnueabihf/12/libstdc++.so"))
                .hasContent("libstdc++");
        // no .deb kept, no staging directory left
        try (Stream<Path> files = Files.walk(cacheRoot())) {
            assertThat(files.map(Path::toString)).noneMatch(p -> p.endsWith(".deb") || p.contains(".tmp-"));
        }
        Properties marker = marker(root);
        assertThat(marker.getProperty("packages"))
                .isEqualTo("libc6=2.36-9+deb12u9, libc6-dev=2.36-9+deb12u9, libstdc++-12-dev=12.2.0-14,"
                        + " libstdc++6=12.2.0-14, linux-libc-dev=6.1.76-1");
        assertThat(marker.getProperty("mirror")).isEqualTo(mirror().toString());
        assertThat(marker.getProperty("codename")).isEqualTo("bookworm");
        assertThat(marker.getProperty("architecture")).isEqualTo("armhf");
        assertThat(marker.getProperty("sha256.libc6-dev")).hasSize(64);
        assertThat(log.messages("INFO"))
                .singleElement()
                .asString()
                .startsWith("Installed the target root for armhf from bookworm: libc6=2.36-9+deb12u9, ")
                .endsWith(" MB) in " + root);
    }

    @Test
    void aFileMirrorOnDiskWorks() throws Exception {
        // given
        Path mirror = archive.writeTo(temp.resolve("mirror"));

        // when
        Path root = roots(mirror.toUri(), false).provision("arm64", List.of("libc6-dev"));

        // then
        assertThat(root.resolve("usr/include/stdio.h")).hasContent("arm64");
        assertThat(root.getParent()).isEqualTo(rootsOf("arm64"));
    }

    @Test
    void aLaterBuildUsesTheCachedRootWithoutTheNetwork() throws Exception {
        // given: installed once, then the server is gone
        archive.serveOn(server);
        Path installed = online().provision("armhf", C_ROOT);
        URI goneMirror = mirror();
        server.close();

        // when: a new build, names in another order
        Path again = roots(goneMirror, false).provision("armhf", List.of("linux-libc-dev", "libc6", "libc6-dev"));
        Path offline = roots(goneMirror, true).provision("armhf", C_ROOT);

        // then
        assertThat(again).isEqualTo(installed);
        assertThat(offline).isEqualTo(installed);
        assertThat(log.messages("DEBUG")).anyMatch(m -> m.startsWith("Using the cached target root " + installed));
        assertThat(roots(goneMirror, true).cached("armhf", C_ROOT)).contains(installed);
    }

    @Test
    void deletingTheIndexFileResolvesTheRequestAgainAndDeletingARootInstallsItAgain() throws Exception {
        // given: installed, then the archive publishes a newer linux-libc-dev
        archive.serveOn(server);
        Path first = online().provision("armhf", List.of("linux-libc-dev"));
        archive.add(
                        "linux-libc-dev",
                        "6.1.77-1",
                        "armhf",
                        new TestTarballs().file("./usr/include/linux/types.h", "new"))
                .build()
                .serveOn(server);

        // when
        Path cached = online().provision("armhf", List.of("linux-libc-dev"));
        Path index;
        try (Stream<Path> files = Files.list(cacheRoot().resolve("target-roots/bookworm/armhf"))) {
            index = files.filter(p -> p.toString().endsWith(".properties"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.delete(index);
        Path refreshed = online().provision("armhf", List.of("linux-libc-dev"));
        FileTrees.delete(refreshed);
        Path reinstalled = online().provision("armhf", List.of("linux-libc-dev"));

        // then
        assertThat(cached).isEqualTo(first);
        assertThat(refreshed).isNotEqualTo(first);
        assertThat(first.resolve("usr/include/linux/types.h")).hasContent("types");
        assertThat(reinstalled).isEqualTo(refreshed);
        assertThat(reinstalled.resolve("usr/include/linux/types.h")).hasContent("new");
        assertThat(server.hits("/debian/" + archive.debPath("linux-libc-dev", "6.1.77-1")))
                .isEqualTo(2);
    }

    @Test
    void offlineWithoutTheRootFailsNamingPackagesSuiteAndArchitecture() {
        // when / then
        assertThatThrownBy(() -> roots(mirror(), true).provision("armhf", C_ROOT))
                .isInstanceOfSatisfying(
                        DebianException.class,
                        e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.OFFLINE_MISSING))
                .hasMessageContaining(
                        "Offline mode: no target root for libc6, libc6-dev, linux-libc-dev (bookworm, armhf)")
                .hasMessageContaining("Run the build once without offline mode to install it.");
        assertThat(server.totalHits()).isZero();
    }

    @Test
    void aRequestThatResolvesToInstalledPackagesSharesTheirRoot() throws Exception {
        // given
        archive.serveOn(server);
        Path exact = online().provision("armhf", List.of("libstdc++-12-dev"));

        // when
        Path pattern = online().provision("armhf", List.of("libstdc++-*-dev"));

        // then
        assertThat(pattern).isEqualTo(exact);
        assertThat(server.hits("/debian/" + archive.debPath("libstdc++-12-dev", "12.2.0-14")))
                .isEqualTo(1);
    }

    @Test
    void fallsBackToThePlainPackagesIndexWhenTheCompressedOnesAreMissing() throws Exception {
        // given: the signed Release lists all three, the mirror has only the plain one
        archive.files().remove(archive.distsPath("main/binary-armhf/Packages.xz"));
        archive.files().remove(archive.distsPath("main/binary-armhf/Packages.gz"));
        archive.serveOn(server);

        // when
        Path root = online().provision("armhf", List.of("linux-libc-dev"));

        // then
        assertThat(root.resolve("usr/include/linux/types.h")).hasContent("types");
        assertThat(server.hits("/debian/" + archive.distsPath("main/binary-armhf/Packages.xz")))
                .isEqualTo(1);
        assertThat(server.hits("/debian/" + archive.distsPath("main/binary-armhf/Packages.gz")))
                .isEqualTo(1);
        assertThat(server.hits("/debian/" + archive.distsPath("main/binary-armhf/Packages")))
                .isEqualTo(1);
    }

    @Test
    void aTamperedInReleaseIsRefusedAndNothingInstalled() {
        // given: one byte of the signed text changed
        String inRelease = new String(archive.files().get(archive.distsPath("InRelease")), StandardCharsets.UTF_8);
        archive.files()
                .put(
                        archive.distsPath("InRelease"),
                        inRelease.replace("Label: Test", "Label: Tesd").getBytes(StandardCharsets.UTF_8));
        archive.serveOn(server);

        // when / then
        assertThatThrownBy(() -> online().provision("armhf", C_ROOT))
                .isInstanceOfSatisfying(
                        DebianException.class, e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.UNTRUSTED))
                .hasMessageContaining("BAD signature on " + mirror() + "/dists/bookworm/InRelease")
                .hasMessageContaining(TestKey.ARCHIVE.fingerprint())
                .hasMessageContaining(keyring.toString());
        assertThat(rootsOf("armhf")).doesNotExist();
    }

    @Test
    void anInReleaseSignedByAnotherKeyIsRefused() {
        // given
        archive.signedBy(TestKey.STRANGER).build().serveOn(server);

        // when / then
        assertThatThrownBy(() -> online().provision("armhf", C_ROOT))
                .isInstanceOfSatisfying(
                        DebianException.class, e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.UNTRUSTED))
                .hasMessageContaining("No trusted signature on " + mirror() + "/dists/bookworm/InRelease")
                .hasMessageContaining(TestKey.STRANGER.fingerprint() + ", which is not in the keyring")
                .hasMessageContaining(keyring.toString());
    }

    @Test
    void aDebWithAnotherChecksumIsRefusedAndLeavesNothingBehind() throws Exception {
        // given: the mirror serves other bytes than the signed index describes
        String deb = archive.debPath("libc6", "2.36-9+deb12u9");
        byte[] original = archive.files().get(deb);
        byte[] other = original.clone();
        other[other.length - 1] ^= 1;
        archive.files().put(deb, other);
        archive.serveOn(server);

        // when / then
        assertThatThrownBy(() -> online().provision("armhf", C_ROOT))
                .isInstanceOfSatisfying(
                        DebianException.class,
                        e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining("Checksum mismatch for " + mirror() + "/" + deb)
                .hasMessageContaining(
                        "the package index says " + original.length + " bytes with sha256 " + Sha256.of(original))
                .hasMessageContaining(
                        "but the download has " + other.length + " bytes with sha256 " + Sha256.of(other));
        try (Stream<Path> left = Files.list(rootsOf("armhf"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aPackageIndexThatDoesNotMatchTheSignedReleaseIsRefused() {
        // given
        String index = archive.distsPath("main/binary-armhf/Packages.xz");
        archive.files().put(index, new byte[] {1, 2, 3});
        archive.serveOn(server);

        // when / then
        assertThatThrownBy(() -> online().provision("armhf", C_ROOT))
                .isInstanceOfSatisfying(
                        DebianException.class,
                        e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining("Checksum mismatch for " + mirror() + "/" + index + ": the signed Release says")
                .hasMessageContaining("being synchronized");
    }

    @Test
    void anUnknownPackageIsNamedWithCloseNames() {
        // given
        archive.serveOn(server);

        // when / then
        assertThatThrownBy(() -> online().provision("armhf", List.of("libc6-dve")))
                .isInstanceOfSatisfying(
                        DebianException.class,
                        e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.PACKAGE_NOT_FOUND))
                .hasMessageContaining(
                        "There is no package 'libc6-dve' in the suite 'bookworm' (main, armhf) of " + mirror())
                .hasMessageContaining("Close names: libc6-dev");
        assertThatThrownBy(() -> online().provision("armhf", List.of("libgcc-*-dev")))
                .hasMessageContaining("No package matches 'libgcc-*-dev'");
    }

    @Test
    void availablePackagesListsNamesByPrefixAndSuffix() throws Exception {
        // given
        archive.serveOn(server);

        // when / then
        assertThat(online().availablePackages("armhf", "libstdc++-", "-dev"))
                .containsExactly("libstdc++-12-dev", "libstdc++-9-dev");
        assertThatThrownBy(() -> roots(mirror(), true).availablePackages("armhf", "lib", ""))
                .isInstanceOfSatisfying(
                        DebianException.class,
                        e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.OFFLINE_MISSING));
    }

    @Test
    void anUnknownSuiteNamesTheUrlAndTheSuiteSetting() {
        // given
        archive.serveOn(server);
        TargetRoots roots = roots(new TargetRoots.Settings(mirror().toString(), "bookwrom", keyring, false));

        // when / then
        assertThatThrownBy(() -> roots.provision("armhf", C_ROOT))
                .isInstanceOfSatisfying(
                        DebianException.class,
                        e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.UNKNOWN_SUITE))
                .hasMessageContaining(mirror() + "/dists/bookwrom/InRelease does not exist")
                .hasMessageContaining("Check debianSuite");
    }

    @Test
    void anIndexOfAnotherSuiteServedUnderThisNameIsRefused() {
        // given: a bullseye index where bookworm's belongs
        FakeDebianArchive bullseye = new FakeDebianArchive("oldoldstable", "bullseye")
                .add("libc6-dev", "2.31-13", "armhf", new TestTarballs().file("./usr/include/stdio.h", "2.31"))
                .build();
        server.serve("/debian/dists/bookworm/InRelease", bullseye.files().get(bullseye.distsPath("InRelease")));

        // when / then
        assertThatThrownBy(() -> online().provision("armhf", C_ROOT))
                .isInstanceOfSatisfying(
                        DebianException.class, e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.UNTRUSTED))
                .hasMessageContaining("describes the suite 'oldoldstable' (codename 'bullseye'), not 'bookworm'");
    }

    @Test
    void anExpiredIndexIsRefusedNamingValidUntil() {
        // given
        archive.validUntil("Sat, 18 Jul 2020 10:16:37 UTC").build().serveOn(server);

        // when / then
        assertThatThrownBy(() -> online().provision("armhf", C_ROOT))
                .isInstanceOfSatisfying(
                        DebianException.class, e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.UNTRUSTED))
                .hasMessageContaining("its Valid-Until is 2020-07-18T10:16:37Z");
    }

    @Test
    void aMissingMirrorOrKeyringIsReportedOnlyWhenTheNetworkIsNeeded() throws Exception {
        // given
        archive.serveOn(server);
        Path installed = online().provision("armhf", C_ROOT);

        // when: cached, neither is needed
        Path cached =
                roots(new TargetRoots.Settings(null, "bookworm", null, false)).provision("armhf", C_ROOT);

        // then
        assertThat(cached).isEqualTo(installed);
        assertThatThrownBy(() -> roots(new TargetRoots.Settings(" ", "bookworm", keyring, false))
                        .provision("armhf", List.of("libc6")))
                .isInstanceOfSatisfying(
                        DebianException.class,
                        e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.CONFIGURATION))
                .hasMessageContaining("No Debian archive is set: debianMirror is needed");
        assertThatThrownBy(
                        () -> roots(new TargetRoots.Settings("ftp://mirror.example/debian", "bookworm", keyring, false))
                                .provision("armhf", List.of("libc6")))
                .hasMessageContaining("debianMirror is 'ftp://mirror.example/debian', which is not a usable URL");
        assertThatThrownBy(() -> roots(new TargetRoots.Settings(mirror().toString(), "bookworm", null, false))
                        .provision("armhf", List.of("libc6")))
                .hasMessageContaining("No keyring is set: debianKeyring must name");
        Path missing = temp.resolve("keys/missing.gpg");
        assertThatThrownBy(() -> roots(new TargetRoots.Settings(mirror().toString(), "bookworm", missing, false))
                        .provision("armhf", List.of("libc6")))
                .hasMessageContaining("The keyring " + missing + " (debianKeyring) does not exist");
    }

    @Test
    void badArgumentsAreNamed() {
        // when / then
        assertThatThrownBy(() -> online().provision("ARM HF", C_ROOT))
                .hasMessageContaining("'ARM HF' is not a Debian architecture name");
        assertThatThrownBy(() -> online().provision("armhf", List.of())).hasMessageContaining("No packages were named");
        assertThatThrownBy(() -> roots(new TargetRoots.Settings(mirror().toString(), "../etc", keyring, false))
                        .provision("armhf", C_ROOT))
                .hasMessageContaining("debianSuite is '../etc'");
        assertThat(server.totalHits()).isZero();
    }

    @Test
    void concurrentThreadsInstallARootOnce() throws Exception {
        // given: a slow .deb, so that the threads overlap
        archive.serveOn(server);
        String debPath = "/debian/" + archive.debPath("linux-libc-dev", "6.1.76-1");
        byte[] deb = archive.files().get(archive.debPath("linux-libc-dev", "6.1.76-1"));
        server.route(debPath, exchange -> {
            pause(300);
            LoopbackServer.respond(exchange, 200, deb);
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
                    return online().provision("armhf", List.of("linux-libc-dev"));
                };
                results.add(pool.submit(task));
            }
            List<Path> paths = new ArrayList<>();
            for (Future<Path> result : results) {
                paths.add(result.get(30, TimeUnit.SECONDS));
            }

            // then
            assertThat(paths).hasSize(threads).containsOnly(paths.get(0));
            assertThat(server.hits(debPath)).isEqualTo(1);
            assertThat(server.hits("/debian/" + archive.distsPath("InRelease"))).isEqualTo(1);
            assertThat(log.messages("INFO"))
                    .filteredOn(m -> m.startsWith("Another build installed the target root"))
                    .hasSize(threads - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
