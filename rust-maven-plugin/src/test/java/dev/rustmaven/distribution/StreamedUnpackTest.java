package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.fs.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rust-std unpacked while it downloads: nothing is installed unless the whole download matched the manifest's
 * sha256, a cut transfer starts over cleanly, and the errors say what happened.
 */
class StreamedUnpackTest extends LoopbackDistTest {

    private FakeDist dist;

    @BeforeEach
    void serveDist() {
        dist = FakeDist.stableDist().rustStd(ARMV7).rustStd(AARCH64).serveOn(server);
    }

    private ComponentProvisioner provisioner() {
        return provisioner(server.root(), false, DownloaderTest.FAST);
    }

    private String xzPath(String triple) {
        return dist.tarballPath("rust-std", triple, Compression.XZ);
    }

    private void assertNothingInstalled() throws IOException {
        try (Stream<Path> left = Files.list(cacheRoot().resolve("rust-std/1.85.0-4d91de4e4"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aValidTarballWithTheWrongHashIsUnpackedThenDeletedAndNotInstalled() throws Exception {
        // given: the armv7 URL serves the aarch64 tarball: it unpacks fine, but is not what the manifest says
        server.serve(xzPath(ARMV7), dist.files().get(xzPath(AARCH64)));

        // when / then
        assertThatThrownBy(() -> provisioner().ensure(compiler, "rust-std", ARMV7))
                .isInstanceOfSatisfying(
                        DistException.class,
                        e -> assertThat(e.reason()).isEqualTo(DistException.Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining("Checksum mismatch for " + server.uri(xzPath(ARMV7)))
                .hasMessageContaining("What was unpacked from it was deleted; nothing was installed");
        assertNothingInstalled();
    }

    @Test
    void aTransferCutMidwayIsRetriedFromTheStartAndInstallsOnce() throws Exception {
        // given: the first request is cut after half of the tarball
        byte[] tarball = dist.files().get(xzPath(ARMV7));
        AtomicInteger requests = new AtomicInteger();
        server.route(xzPath(ARMV7), exchange -> {
            if (requests.incrementAndGet() == 1) {
                LoopbackServer.cutAfter(exchange, tarball, tarball.length / 2);
            }
            LoopbackServer.respond(exchange, 200, tarball);
        });

        // when
        Path installed = provisioner().ensure(compiler, "rust-std", ARMV7);

        // then
        assertThat(requests).hasValue(2);
        assertThat(CacheLayout.readMarker(installed)).isPresent();
        assertThat(installed.resolve("lib/rustlib/" + ARMV7 + "/lib")).isDirectory();
        assertThat(log.messages("WARN")).anySatisfy(m -> assertThat(m).contains("transfer cut after"));
    }

    @Test
    void aTransferCutEveryTimeFailsAndLeavesNothing() throws Exception {
        // given
        byte[] tarball = dist.files().get(xzPath(ARMV7));
        server.route(xzPath(ARMV7), exchange -> LoopbackServer.cutAfter(exchange, tarball, tarball.length / 3));

        // when / then
        assertThatThrownBy(() -> provisioner().ensure(compiler, "rust-std", ARMV7))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.NETWORK))
                .hasMessageContaining("Could not fetch " + server.uri(xzPath(ARMV7)))
                .hasMessageContaining("transfer cut after");
        assertNothingInstalled();
    }

    @Test
    void aCorruptXzThatMatchesItsHashIsReportedAsUnreadableAfterTheChecksumPassed() throws Exception {
        // given: a manifest whose hash is that of a damaged tarball (a mirror that hashed what it has)
        byte[] damaged = dist.files().get(xzPath(ARMV7)).clone();
        damaged[damaged.length / 2] ^= 0x55;
        Arrays.fill(damaged, damaged.length / 2, damaged.length / 2 + 64, (byte) 0x33);
        String manifest = dist.manifest().replace(Sha256.of(dist.files().get(xzPath(ARMV7))), Sha256.of(damaged));
        byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
        server.serve(dist.manifestPath(), manifestBytes);
        server.serve(
                dist.manifestPath() + ".sha256",
                (Sha256.of(manifestBytes) + "  channel-rust-1.85.0.toml\n").getBytes(StandardCharsets.UTF_8));
        server.serve(xzPath(ARMV7), damaged);

        // when / then
        assertThatThrownBy(() -> provisioner().ensure(compiler, "rust-std", ARMV7))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.MALFORMED))
                .hasMessageContaining(xzPath(ARMV7))
                .hasMessageContaining("corrupt");
        assertNothingInstalled();
    }
}
