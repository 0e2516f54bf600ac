package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.testing.Required;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache the build cannot write: a clear error naming the directory and what to do, no download and no
 * retry; a read-only cache that already holds the component is used as it is.
 *
 * <p>Root ignores permissions, so as root a directory is made read-only with {@code chattr +i} (immutable),
 * which binds root too; a file where the cache directory belongs works for everyone. A directory owned by
 * another user fails exactly as a {@code chmod 555} one does (EACCES): that is what runs as a normal user.
 */
class UnwritableCacheTest {

    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";

    @TempDir
    Path temp;

    private LoopbackServer server;
    private final RecordingLog log = new RecordingLog();
    private final CompilerRelease compiler = FakeDist.stable();
    private final List<Path> immutable = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = LoopbackServer.start();
        FakeDist.stableDist().rustStd(ARMV7).serveOn(server);
    }

    @AfterEach
    void undo() throws Exception {
        server.close();
        for (Path dir : immutable) {
            run("chattr", "-R", "-i", dir.toString());
        }
        for (Path dir : immutable) {
            run("chmod", "-R", "u+w", dir.toString());
        }
    }

    private ComponentProvisioner provisioner(Path cache) {
        return new ComponentProvisioner(
                new CacheLayout(cache),
                new DistServer(server.root()),
                new Downloader(DownloaderTest.FAST, DownloadListener.NONE, log),
                ComponentProvisioner.Options.ONLINE,
                log);
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /** Makes {@code dir} and everything in it unwritable for this process: chmod for a user, chattr +i for root. */
    private void makeReadOnly(Path dir) throws Exception {
        immutable.add(dir);
        if (!isRoot()) {
            assertThat(run("chmod", "-R", "a-w", dir.toString())).isTrue();
            return;
        }
        boolean done = run("chattr", "-R", "+i", dir.toString());
        if (!done) {
            System.err.println("*** As root, permissions do not bind, and chattr +i failed on " + dir
                    + ": a read-only cache cannot be exercised here (a file in the cache's place still is).");
        }
        Required.require(done, "chattr +i (e2fsprogs) on a file system that supports it, when running as root");
        assertThat(Files.isWritable(dir) && canCreateIn(dir))
                .as("still writable: " + dir)
                .isFalse();
    }

    private static boolean canCreateIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ""));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aFileWhereTheCacheDirectoryBelongsFailsClearlyEveryTimeWithoutDownloading() throws Exception {
        // given: works as root too
        Path cache = Files.writeString(temp.resolve("cache"), "not a directory");

        // when / then: twice, the same error, and never a download
        for (int build = 1; build <= 2; build++) {
            assertThatThrownBy(() -> provisioner(cache).ensure(compiler, "rust-std", ARMV7))
                    .isInstanceOfSatisfying(
                            DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.IO))
                    .hasMessageContaining("Could not install rust-std for " + ARMV7)
                    .hasMessageContaining("The cache directory " + cache)
                    .hasMessageContaining("or a file stands where a directory belongs")
                    .hasMessageContaining("choose another cache directory")
                    .hasMessageContaining("nothing is retried");
        }
        assertThat(server.totalHits()).isZero();
        assertThat(cache).hasContent("not a directory");
    }

    @Test
    void aReadOnlyCacheDirectoryFailsClearlyEveryTimeWithoutDownloading() throws Exception {
        // given
        Path cache = Files.createDirectories(temp.resolve("cache"));
        makeReadOnly(cache);

        // when / then
        for (int build = 1; build <= 2; build++) {
            assertThatThrownBy(() -> provisioner(cache).ensure(compiler, "rust-std", ARMV7))
                    .isInstanceOfSatisfying(
                            DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.IO))
                    .hasMessageContaining("into " + cache.resolve("rust-std/1.85.0-4d91de4e4/" + ARMV7))
                    .hasMessageContaining(cache.resolve("locks").toString())
                    .hasMessageContaining("The cache directory " + cache + " (or a parent of it) cannot be written")
                    .hasMessageContaining("Make it writable (chmod u+w, or chown it to this user)");
        }
        assertThat(server.totalHits()).isZero();
    }

    @Test
    void aReadOnlyCacheThatHoldsTheComponentIsUsedWithoutWritingOrNetwork() throws Exception {
        // given: installed, then made read-only, and the server gone
        Path cache = temp.resolve("cache");
        Path installed = provisioner(cache).ensure(compiler, "rust-std", ARMV7);
        makeReadOnly(cache);
        server.close();

        // when
        Path again = provisioner(cache).ensure(compiler, "rust-std", ARMV7);

        // then
        assertThat(again).isEqualTo(installed);
        assertThat(CacheLayout.readMarker(again)).isPresent();
    }

    @Test
    void aReadOnlyComponentDirectoryFailsBeforeTheTarballIsFetched() throws Exception {
        // given: the component's parent cannot be written, the lock directory can
        Path cache = temp.resolve("cache");
        Path parent = Files.createDirectories(cache.resolve("rust-std/1.85.0-4d91de4e4"));
        Files.createDirectories(cache.resolve("locks"));
        makeReadOnly(parent);

        // when / then: the staging directory cannot be made, so nothing is fetched
        assertThatThrownBy(() -> provisioner(cache).ensure(compiler, "rust-std", ARMV7))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.IO))
                .hasMessageContaining(parent.toString())
                .hasMessageContaining("cannot be written by this user");
        assertThat(server.hits(FakeDist.stableDist().rustStd(ARMV7).tarballPath("rust-std", ARMV7, Compression.XZ)))
                .isZero();
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
