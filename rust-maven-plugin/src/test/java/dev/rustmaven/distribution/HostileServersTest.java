package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Servers that redirect where they should not, never stop sending, or send just fast enough to stay open. */
class HostileServersTest extends LoopbackServerTest {

    private static final long MIB = 1 << 20;

    private Downloader downloader(DownloadSettings settings) {
        return new Downloader(settings, DownloadListener.NONE, log);
    }

    private Path target() {
        return temp.resolve("rust-std.tar.xz");
    }

    private void assertNothingKept() {
        assertThat(target()).doesNotExist();
        assertThat(temp)
                .isDirectoryNotContaining(
                        p -> p.getFileName().toString().startsWith(AtomicPublish.temporaryPrefix(target())));
    }

    /** Sends {@code chunk} until the client hangs up, counting what it sent. */
    private static void endless(OutputStream out, AtomicLong sent, long pauseMillis) throws IOException {
        byte[] chunk = new byte[pauseMillis > 0 ? 1 : 1 << 16];
        Arrays.fill(chunk, (byte) 'x');
        while (true) {
            out.write(chunk);
            out.flush();
            sent.addAndGet(chunk.length);
            if (pauseMillis > 0) {
                pause(pauseMillis);
            }
        }
    }

    @Test
    void theDefaultLimitsAreSixteenMibForTextsFourGibForFilesAndOneHourPerFile() {
        assertThat(DownloadSettings.DEFAULTS.maxTextBytes()).isEqualTo(16 * MIB);
        assertThat(DownloadSettings.DEFAULTS.maxFileBytes()).isEqualTo(4L << 30);
        assertThat(DownloadSettings.DEFAULTS.transferTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aRedirectToAnotherPortOfTheSameHostIsFollowed() throws Exception {
        // given
        byte[] body = "tarball".getBytes(StandardCharsets.UTF_8);
        try (LoopbackServer other = LoopbackServer.start()) {
            other.serve("/real", body);
            server.route("/moved", exchange -> {
                exchange.getResponseHeaders().add("Location", other.uri("/real").toString());
                LoopbackServer.respond(exchange, 301, new byte[0]);
            });

            // when
            downloader(DownloaderTest.FAST).download(server.uri("/moved"), target(), Sha256.of(body));

            // then
            assertThat(target()).hasBinaryContent(body);
        }
    }

    @Test
    void aRedirectToAnotherHostIsRefusedWithoutContactingIt() throws Exception {
        // given: "localhost" is another host name than the configured 127.0.0.1, though the same machine
        try (LoopbackServer other = LoopbackServer.start()) {
            other.serve("/real", new byte[10]);
            String elsewhere = "http://localhost:" + other.port() + "/real";
            server.route("/moved", exchange -> {
                exchange.getResponseHeaders().add("Location", elsewhere);
                LoopbackServer.respond(exchange, 302, new byte[0]);
            });

            // when / then
            assertThatThrownBy(() -> downloader(DownloaderTest.FAST).download(server.uri("/moved"), target(), null))
                    .isInstanceOf(DistException.class)
                    .hasFieldOrPropertyWithValue("reason", DistException.Reason.MALFORMED)
                    .hasMessageContaining(server.uri("/moved").toString())
                    .hasMessageContaining(elsewhere)
                    .hasMessageContaining("only to the host 127.0.0.1");
            assertThat(other.totalHits()).isZero();
            assertThat(server.hits("/moved")).isEqualTo(1);
            assertNothingKept();
        }
    }

    @Test
    void aRedirectFromHttpsToHttpOrToAnotherSchemeIsRefused() throws Exception {
        URI asked = URI.create("https://mirror.example/dist/a.tar.xz");

        assertThatThrownBy(() -> Downloader.redirectTarget(asked, asked, 302, "http://mirror.example/dist/a.tar.xz", 0))
                .isInstanceOf(DistException.class)
                .hasFieldOrPropertyWithValue("reason", DistException.Reason.MALFORMED)
                .hasMessageContaining("never from https to http");
        assertThatThrownBy(() -> Downloader.redirectTarget(asked, asked, 302, "file:/etc/passwd", 0))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("file:/etc/passwd");
        assertThat(Downloader.redirectTarget(asked, asked, 308, "/dist/b.tar.xz", 0))
                .isEqualTo(URI.create("https://mirror.example/dist/b.tar.xz"));
        URI plain = URI.create("http://mirror.example/dist/a.tar.xz");
        assertThat(Downloader.redirectTarget(plain, plain, 301, "https://mirror.example:8443/dist/a.tar.xz", 0))
                .isEqualTo(URI.create("https://mirror.example:8443/dist/a.tar.xz"));
    }

    @Test
    void aRedirectLoopStopsAtTheLimitNamingIt() {
        // given
        server.route("/loop", exchange -> {
            exchange.getResponseHeaders().add("Location", "/loop");
            LoopbackServer.respond(exchange, 302, new byte[0]);
        });

        // when / then
        assertThatThrownBy(() -> downloader(DownloaderTest.FAST).fetchText(server.uri("/loop")))
                .isInstanceOf(DistException.class)
                .hasFieldOrPropertyWithValue("reason", DistException.Reason.NETWORK)
                .hasMessageContaining(server.uri("/loop").toString())
                .hasMessageContaining("limit of 5 times");
        assertThat(server.hits("/loop")).isEqualTo(6);
    }

    @Test
    void anEndlessManifestIsCutAtTheDefaultSixteenMibForTexts() {
        // given: a body without a length that never ends
        AtomicLong sent = new AtomicLong();
        server.route("/dist/channel-rust-1.85.0.toml", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            endless(exchange.getResponseBody(), sent, 0);
        });
        URI url = server.uri("/dist/channel-rust-1.85.0.toml");

        // when / then
        assertThatThrownBy(
                        () -> downloader(DownloaderTest.FAST.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)))
                                .fetchText(url))
                .isInstanceOf(DistException.class)
                .hasFieldOrPropertyWithValue("reason", DistException.Reason.MALFORMED)
                .hasMessageContaining(url.toString())
                .hasMessageContaining("the limit of 16 MiB for a manifest or checksum");
        assertThat(server.hits("/dist/channel-rust-1.85.0.toml"))
                .as("not retried")
                .isEqualTo(1);
        // What the socket buffers took beyond the limit, no more.
        assertThat(sent.get()).isLessThan(16 * MIB + 32 * MIB);
    }

    @Test
    void anEndlessTarballIsCutAtTheFileLimitAndNothingIsKept() {
        // given
        AtomicLong sent = new AtomicLong();
        server.route("/a.tar.xz", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            endless(exchange.getResponseBody(), sent, 0);
        });
        DownloadSettings settings = DownloaderTest.FAST
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withSizeLimits(MIB, 2 * MIB);

        // when / then
        assertThatThrownBy(() -> downloader(settings).download(server.uri("/a.tar.xz"), target(), null))
                .isInstanceOf(DistException.class)
                .hasFieldOrPropertyWithValue("reason", DistException.Reason.MALFORMED)
                .hasMessageContaining(server.uri("/a.tar.xz").toString())
                .hasMessageContaining("the limit of 2 MiB for a downloaded file");
        assertNothingKept();
    }

    @Test
    void aDeclaredLengthAboveTheLimitIsRefusedBeforeTheBodyIsRead() {
        // given
        AtomicLong sent = new AtomicLong();
        server.route("/big.tar.xz", exchange -> {
            exchange.sendResponseHeaders(200, 3 * MIB);
            endless(exchange.getResponseBody(), sent, 0);
        });
        DownloadSettings settings = DownloaderTest.FAST.withSizeLimits(MIB, 2 * MIB);

        // when / then
        assertThatThrownBy(() -> downloader(settings).download(server.uri("/big.tar.xz"), target(), null))
                .isInstanceOf(DistException.class)
                .hasFieldOrPropertyWithValue("reason", DistException.Reason.MALFORMED)
                .hasMessageContaining(server.uri("/big.tar.xz") + " declares (Content-Length) 3,145,728 bytes")
                .hasMessageContaining("the limit of 2 MiB");
        assertThat(server.hits("/big.tar.xz")).isEqualTo(1);
        assertNothingKept();
    }

    @Test
    void aBodyLongerThanItsContentLengthIsRefusedAndNothingIsKept() throws Exception {
        // given: 1,000 bytes declared, 5,000 sent on a connection the server closes
        byte[] body = new byte[5000];
        Arrays.fill(body, (byte) 'b');
        try (RawSocketServer raw = new RawSocketServer((socket, sent) -> {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        })) {
            URI url = raw.uri("/a.tar.xz");

            // when / then
            assertThatThrownBy(() -> downloader(DownloaderTest.FAST).download(url, target(), null))
                    .isInstanceOf(DistException.class)
                    .hasFieldOrPropertyWithValue("reason", DistException.Reason.MALFORMED)
                    .hasMessageContaining(url + " sent more than the 1000 bytes its Content-Length declares");
            assertNothingKept();
        }
    }

    @Test
    void anEndlessHeaderFailsAsANetworkErrorWithoutReadingItAll() throws Exception {
        // given: a status line, then one header line that never ends
        try (RawSocketServer raw = new RawSocketServer((socket, sent) -> {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nX-Endless: ".getBytes(StandardCharsets.US_ASCII));
            endless(out, sent, 0);
        })) {
            URI url = raw.uri("/dist/channel-rust-1.85.0.toml");

            // when / then
            assertThatThrownBy(() -> downloader(DownloaderTest.FAST.withRetries(2, Duration.ZERO))
                            .fetchText(url))
                    .isInstanceOf(DistException.class)
                    .hasFieldOrPropertyWithValue("reason", DistException.Reason.NETWORK)
                    .hasMessageContaining(url.toString());
            // The JDK stops reading a header at jdk.http.maxHeaderSize (384 KiB); the rest is socket buffers.
            assertThat(raw.sent()).isLessThan(2 * 32 * MIB);
        }
    }

    @Test
    void aTrickledHeaderEndsAtTheTransferTimeLimit() throws Exception {
        // given: a header byte every 50 ms, well within the read timeout
        try (RawSocketServer raw = new RawSocketServer((socket, sent) -> {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            endless(out, sent, 50);
        })) {
            URI url = raw.uri("/a.tar.xz");
            DownloadSettings settings = DownloaderTest.FAST.withTransferTimeout(Duration.ofSeconds(1));
            long start = System.nanoTime();

            // when / then
            assertThatThrownBy(() -> downloader(settings).download(url, target(), null))
                    .isInstanceOf(DistException.class)
                    .hasFieldOrPropertyWithValue("reason", DistException.Reason.NETWORK)
                    .hasMessageContaining(url.toString())
                    .hasMessageContaining("longer than the limit of 1 s for one file");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertNothingKept();
        }
    }

    @Test
    void aSlowLorisBodyEndsAtTheTransferTimeLimitWithoutRetries() {
        // given: a declared body sent one byte every 50 ms, so no single read times out
        server.route("/slow.tar.xz", exchange -> {
            exchange.sendResponseHeaders(200, 100_000);
            endless(exchange.getResponseBody(), new AtomicLong(), 50);
        });
        URI url = server.uri("/slow.tar.xz");
        DownloadSettings settings = DownloaderTest.FAST.withTransferTimeout(Duration.ofSeconds(1));
        long start = System.nanoTime();

        // when / then
        assertThatThrownBy(() -> downloader(settings).download(url, target(), null))
                .isInstanceOf(DistException.class)
                .hasFieldOrPropertyWithValue("reason", DistException.Reason.NETWORK)
                .hasMessageContaining(url.toString())
                .hasMessageContaining("longer than the limit of 1 s for one file (retries included)")
                .hasMessageContaining("raise the transfer time limit");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(server.hits("/slow.tar.xz")).as("the limit spans retries").isEqualTo(1);
        assertNothingKept();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
