package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.testing.Required;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A disk that fills up while a component is unpacked (as it downloads): a clear error naming the directory and the
 * tarball's size, nothing half-installed, and the next build with space succeeds. (The download into a file, with
 * its own message, is tested in {@link DownloaderTest} and by the toolchain installs.)
 */
class DiskFullTest {

    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    private static final int PAYLOAD = 150_000;

    @TempDir
    Path temp;

    private LoopbackServer server;
    private FakeDist dist;
    private final RecordingLog log = new RecordingLog();
    private final CompilerRelease compiler = FakeDist.stable();

    @BeforeEach
    void startServer() throws IOException {
        server = LoopbackServer.start();
        // Random bytes do not compress: the tarball is as large as the payload, which doubles on unpacking.
        byte[] big = new byte[PAYLOAD];
        new Random(16).nextBytes(big);
        dist = FakeDist.stableDist()
                .rustStd(
                        ARMV7,
                        (tar, payload) -> tar.file(payload + "/lib/rustlib/" + ARMV7 + "/lib/big.rlib", big, 0644))
                .serveOn(server);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private String xzPath() {
        return dist.tarballPath("rust-std", ARMV7, Compression.XZ);
    }

    private ComponentProvisioner provisioner(Path cache, FileOutput output) {
        return new ComponentProvisioner(
                new CacheLayout(cache),
                new DistServer(server.root()),
                new Downloader(DownloaderTest.FAST, DownloadListener.NONE, log, output),
                ComponentProvisioner.Options.ONLINE,
                log);
    }

    /** A disk with room for {@code room} more bytes: then every write fails as Linux reports ENOSPC. */
    private static FileOutput diskWithRoomFor(long room) {
        AtomicLong left = new AtomicLong(room);
        return (file, options) -> new FilterOutputStream(Files.newOutputStream(file, options)) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (left.addAndGet(-len) < 0) {
                    throw new FileSystemException(file.toString(), null, "No space left on device");
                }
                out.write(b, off, len);
            }
        };
    }

    /** Nothing of rust-std but the lock: no component directory, no staging directory, no partial file. */
    private static void assertNothingHalfInstalled(Path cache) throws IOException {
        Path parent = cache.resolve("rust-std/1.85.0-4d91de4e4");
        assertThat(parent.resolve(ARMV7)).doesNotExist();
        try (Stream<Path> left = Files.list(parent)) {
            assertThat(left).isEmpty();
        }
    }

    @ParameterizedTest(name = "room for {0} bytes")
    @ValueSource(longs = {10_000, PAYLOAD - 1})
    void aDiskFullWhileUnpackingNamesTheDirectoryAndTheTarballSizeAndTheNextBuildSucceeds(long room) throws Exception {
        // given: the download is unpacked as it arrives, and there is no room for what it unpacks to
        Path cache = temp.resolve("cache");
        long tarball = dist.files().get(xzPath()).length;

        // when / then: the size is the whole tarball's, however early the disk filled up
        assertThatThrownBy(() -> provisioner(cache, diskWithRoomFor(room)).ensure(compiler, "rust-std", ARMV7))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.IO))
                .hasMessageContaining("The disk is full while unpacking "
                        + dist.manifest()
                                .lines()
                                .filter(l -> l.startsWith("xz_url") && l.contains(ARMV7))
                                .map(l -> l.substring(l.indexOf('"') + 1, l.lastIndexOf('"')))
                                .findFirst()
                                .orElseThrow())
                .hasMessageContaining(cache.resolve("rust-std/1.85.0-4d91de4e4") + "/." + ARMV7 + ".tmp-")
                .hasMessageContaining(String.format("The tarball is %,d bytes", tarball))
                .hasMessageContaining("is free there")
                .hasMessageContaining("nothing was installed, and the next build starts over");
        assertThat(server.hits(xzPath())).as("a full disk is not retried").isEqualTo(1);
        assertNothingHalfInstalled(cache);

        // when
        Path installed = provisioner(cache, FileOutput.DISK).ensure(compiler, "rust-std", ARMV7);

        // then
        assertThat(CacheLayout.readMarker(installed)).isPresent();
        assertThat(installed.resolve("lib/rustlib/" + ARMV7 + "/lib/big.rlib")).hasSize(PAYLOAD);
    }

    @Test
    void onARealFullTmpfsTheUnpackingFailsAndTheBuildSucceedsOnceThereIsSpace() throws Exception {
        // given: a tmpfs too small for the tarball (needs root, or CAP_SYS_ADMIN)
        Path mount = Files.createDirectories(temp.resolve("small"));
        Required.require(
                run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()),
                "permission to mount a tmpfs (root); the simulated full disk of the other tests still runs");
        try {
            Path cache = mount.resolve("cache");

            // when / then: no room for what the download unpacks to
            assertThatThrownBy(() -> provisioner(cache, FileOutput.DISK).ensure(compiler, "rust-std", ARMV7))
                    .isInstanceOf(DistException.class)
                    .hasMessageContaining("The disk is full while unpacking");
            assertNothingHalfInstalled(cache);

            // when: space at last
            assertThat(run("mount", "-o", "remount,size=4m", mount.toString())).isTrue();
            Path installed = provisioner(cache, FileOutput.DISK).ensure(compiler, "rust-std", ARMV7);

            // then
            assertThat(CacheLayout.readMarker(installed)).isPresent();
            assertThat(installed.resolve("lib/rustlib/" + ARMV7 + "/lib/big.rlib"))
                    .hasSize(PAYLOAD);
        } finally {
            assertThat(run("umount", mount.toString())).as("umount " + mount).isTrue();
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
