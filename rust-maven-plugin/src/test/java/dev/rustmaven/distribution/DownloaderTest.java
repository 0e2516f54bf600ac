package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.Sha256;
import dev.rustmaven.testing.LoopbackProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DownloaderTest extends LoopbackServerTest {

    /** Short timeouts and backoff keep the failure tests fast. */
    static final DownloadSettings FAST = DownloadSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
            .withRetries(3, Duration.ofMillis(10));

    private final byte[] body = randomBytes(300_000);

    private Downloader downloader(DownloadSettings settings) {
        return new Downloader(settings, new LoggingDownloadListener(log), log);
    }

    private Path target() {
        return temp.resolve("file.tar.xz");
    }

    private void assertNoTemporaryFileLeft() {
        assertThat(temp)
                .isDirectoryNotContaining(
                        p -> p.getFileName().toString().startsWith(AtomicPublish.temporaryPrefix(target())));
    }

    @Test
    void aDiskFullWhileDownloadingIntoAFileNamesTheDirectoryAndTheSizeAndIsNotRetried() {
        // given: a disk with room for 10,000 bytes, then ENOSPC on every write
        server.serve("/f", body);
        java.util.concurrent.atomic.AtomicLong left = new java.util.concurrent.atomic.AtomicLong(10_000);
        FileOutput full = (file, options) -> new java.io.FilterOutputStream(Files.newOutputStream(file, options)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (left.addAndGet(-len) < 0) {
                    throw new java.nio.file.FileSystemException(file.toString(), null, "No space left on device");
                }
                out.write(b, off, len);
            }
        };
        Downloader downloader = new Downloader(FAST, DownloadListener.NONE, log, full);

        // when / then
        assertThatThrownBy(() -> downloader.download(server.uri("/f"), target(), Sha256.of(body)))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.IO))
                .hasMessageContaining("Could not store the download of " + server.uri("/f") + " in " + temp)
                .hasMessageContaining(String.format("the file needs %,d bytes", body.length))
                .hasMessageContaining("(its Content-Length)")
                .hasMessageContaining("is free there");
        assertThat(server.hits("/f")).isEqualTo(1);
        assertThat(target()).doesNotExist();
        assertNoTemporaryFileLeft();
    }

    @Test
    void downloadsAndReportsTheSha256ComputedWhileStreaming() throws Exception {
        // given
        server.serve("/f", body);

        // when
        String sha256 = downloader(FAST).download(server.uri("/f"), target(), Sha256.of(body));

        // then
        assertThat(sha256).isEqualTo(Sha256.of(body));
        assertThat(target()).hasBinaryContent(body);
        assertNoTemporaryFileLeft();
        assertThat(log.messages("INFO")).first().asString().startsWith("Downloading " + server.uri("/f"));
        assertThat(log.messages("INFO"))
                .last()
                .asString()
                .startsWith("Downloaded ")
                .contains("(0.3 MB)");
    }

    @Test
    void fetchesASmallFileByteForByte() throws Exception {
        // given: bytes that are not UTF-8, which a text round trip would change
        byte[] raw = {'a', (byte) 0xff, '\r', '\n', (byte) 0xc3};
        server.serve("/InRelease", raw);

        // when
        byte[] fetched = downloader(FAST).fetchBytes(server.uri("/InRelease")).orElseThrow();

        // then
        assertThat(fetched).isEqualTo(raw);
    }

    @Test
    void aMissingFileIsNotFoundWithoutRetries() throws Exception {
        // given nothing served

        // when / then
        assertThat(downloader(FAST).fetchText(server.uri("/missing.toml"))).isEmpty();
        assertThatThrownBy(() -> downloader(FAST).download(server.uri("/missing"), target(), null))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.NOT_FOUND))
                .hasMessageContaining(server.uri("/missing").toString());
        assertThat(server.hits("/missing")).isEqualTo(1);
        assertThat(server.hits("/missing.toml")).isEqualTo(1);
        assertNoTemporaryFileLeft();
    }

    @Test
    void serverErrorsAreRetriedUntilSuccess() throws Exception {
        // given
        AtomicInteger calls = new AtomicInteger();
        server.route("/flaky", exchange -> {
            if (calls.incrementAndGet() <= 2) {
                LoopbackServer.respond(exchange, 500, new byte[0]);
            } else {
                LoopbackServer.respond(exchange, 200, body);
            }
        });

        // when
        downloader(FAST).download(server.uri("/flaky"), target(), Sha256.of(body));

        // then
        assertThat(server.hits("/flaky")).isEqualTo(3);
        assertThat(target()).hasBinaryContent(body);
        assertThat(log.messages("WARN")).hasSize(2).allMatch(m -> m.contains("server answered 500"));
    }

    @Test
    void persistentServerErrorsFailAfterTheLastAttempt() {
        // given
        server.route("/broken", exchange -> LoopbackServer.respond(exchange, 503, new byte[0]));

        // when / then
        assertThatThrownBy(() -> downloader(FAST).download(server.uri("/broken"), target(), null))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.NETWORK))
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining("server answered 503");
        assertThat(server.hits("/broken")).isEqualTo(3);
    }

    @Test
    void aServerThatNeverAnswersHitsTheReadTimeout() {
        // given
        server.route("/slow", exchange -> sleep(3_000));
        long start = System.nanoTime();

        // when / then
        assertThatThrownBy(() -> downloader(FAST.withRetries(2, Duration.ofMillis(10)))
                        .download(server.uri("/slow"), target(), null))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.NETWORK))
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
        assertThat(server.hits("/slow")).isEqualTo(2);
    }

    @Test
    void aTransferThatStallsMidBodyIsRetried() throws Exception {
        // given
        AtomicInteger calls = new AtomicInteger();
        server.route("/stall", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            if (calls.incrementAndGet() == 1) {
                out.write(body, 0, 1000);
                out.flush();
                sleep(3_000);
                return;
            }
            out.write(body);
            out.close();
        });

        // when
        downloader(FAST).download(server.uri("/stall"), target(), Sha256.of(body));

        // then
        assertThat(server.hits("/stall")).isEqualTo(2);
        assertThat(target()).hasBinaryContent(body);
        assertThat(log.messages("WARN")).singleElement().asString().contains("transfer cut after 1000 of 300000");
    }

    @Test
    void aConnectionCutMidBodyIsRetriedThenSucceeds() throws Exception {
        // given
        AtomicInteger calls = new AtomicInteger();
        server.route("/cut", exchange -> {
            if (calls.incrementAndGet() == 1) {
                LoopbackServer.cutAfter(exchange, body, 100_000);
            } else {
                LoopbackServer.respond(exchange, 200, body);
            }
        });

        // when
        downloader(FAST).download(server.uri("/cut"), target(), Sha256.of(body));

        // then
        assertThat(server.hits("/cut")).isEqualTo(2);
        assertThat(target()).hasBinaryContent(body);
        assertThat(log.messages("WARN")).singleElement().asString().contains("transfer cut");
    }

    @Test
    void aConnectionCutEveryTimeFailsClearly() {
        // given
        server.route("/cut", exchange -> LoopbackServer.cutAfter(exchange, body, 100_000));

        // when / then
        assertThatThrownBy(() -> downloader(FAST).download(server.uri("/cut"), target(), null))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.NETWORK))
                .hasMessageContaining("Could not fetch " + server.uri("/cut") + " after 3 attempts")
                .hasMessageContaining("transfer cut");
        assertNoTemporaryFileLeft();
        assertThat(target()).doesNotExist();
    }

    @Test
    void aWrongDigestDeletesThePartialFileAndNamesUrlAndBothDigests() {
        // given
        server.serve("/f", body);
        String expected = Sha256.of("something else".getBytes(StandardCharsets.UTF_8));

        // when / then
        assertThatThrownBy(() -> downloader(FAST).download(server.uri("/f"), target(), expected))
                .isInstanceOfSatisfying(
                        DistException.class,
                        e -> assertThat(e.reason()).isEqualTo(DistException.Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining(server.uri("/f").toString())
                .hasMessageContaining("expected sha256 " + expected)
                .hasMessageContaining("but the download has " + Sha256.of(body));
        assertNoTemporaryFileLeft();
        assertThat(target()).doesNotExist();
        assertThat(server.hits("/f")).isEqualTo(1);
    }

    @Test
    void redirectsAreFollowed() throws Exception {
        // given
        server.serve("/real", body);
        server.route("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/real");
            LoopbackServer.respond(exchange, 302, new byte[0]);
        });

        // when
        downloader(FAST).download(server.uri("/moved"), target(), Sha256.of(body));

        // then
        assertThat(target()).hasBinaryContent(body);
    }

    @Test
    void fileUrlsAreReadFromDisk() throws Exception {
        // given
        Path source = Files.write(temp.resolve("mirror.bin"), body);

        // when
        downloader(FAST).download(source.toUri(), target(), Sha256.of(body));

        // then
        assertThat(target()).hasBinaryContent(body);
        assertThat(downloader(FAST).fetchText(temp.resolve("absent.toml").toUri()))
                .isEmpty();
    }

    @Test
    void goesThroughAProxy() throws Exception {
        // given
        server.serve("/f", body);
        try (LoopbackProxy proxy = LoopbackProxy.open()) {
            DownloadSettings settings = FAST.withProxies(List.of(ProxySettings.of("127.0.0.1", proxy.port())));

            // when
            downloader(settings).download(server.uri("/f"), target(), Sha256.of(body));

            // then
            assertThat(proxy.forwarded()).isEqualTo(1);
            assertThat(server.hits("/f")).isEqualTo(1);
            assertThat(target()).hasBinaryContent(body);
        }
    }

    @Test
    void answersTheProxysChallengeWithTheConfiguredCredentials() throws Exception {
        // given
        server.serve("/f", body);
        try (LoopbackProxy proxy = LoopbackProxy.requiringCredentials("builder", "s3cret")) {
            DownloadSettings settings = FAST.withProxies(
                    List.of(new ProxySettings("http", "127.0.0.1", proxy.port(), "builder", "s3cret", "")));

            // when
            downloader(settings).download(server.uri("/f"), target(), Sha256.of(body));

            // then
            assertThat(proxy.challenged()).isEqualTo(1);
            assertThat(proxy.forwarded()).isEqualTo(1);
            assertThat(target()).hasBinaryContent(body);
        }
    }

    @Test
    void wrongProxyCredentialsFailWithoutRetrying() throws Exception {
        // given
        server.serve("/f", body);
        try (LoopbackProxy proxy = LoopbackProxy.requiringCredentials("builder", "s3cret")) {
            DownloadSettings settings = FAST.withProxies(
                    List.of(new ProxySettings("http", "127.0.0.1", proxy.port(), "builder", "wrong", "")));

            // when / then
            assertThatThrownBy(() -> downloader(settings).download(server.uri("/f"), target(), null))
                    .isInstanceOfSatisfying(
                            DistException.class,
                            e -> assertThat(e.reason()).isEqualTo(DistException.Reason.PROXY_AUTHENTICATION))
                    .hasMessageContaining("407")
                    .hasMessageContaining("settings.xml");
            assertThat(proxy.forwarded()).isZero();
            assertThat(server.hits("/f")).isZero();
        }
    }

    @Test
    void aProxysPasswordAppearsInNoLogLineExceptionOrFileWhenTheProxyRefusesIt() throws Exception {
        // given: a distinctive password the proxy refuses, with debug logging on (RecordingLog keeps debug lines)
        String password = "pw-7f3a-$(x)-\"q\"";
        server.serve("/f", body);
        try (LoopbackProxy proxy = LoopbackProxy.requiringCredentials("builder", "s3cret")) {
            ProxySettings proxySettings = new ProxySettings("http", "127.0.0.1", proxy.port(), "builder", password, "");
            DownloadSettings settings = FAST.withProxies(List.of(proxySettings));

            // when
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                    () -> downloader(settings).download(server.uri("/f"), target(), null));
            Throwable textFailure = org.assertj.core.api.Assertions.catchThrowable(
                    () -> downloader(settings).fetchText(server.uri("/f")));

            // then: every message, toString and stack trace of both chains, every log line, the settings' texts
            assertThat(failure).isInstanceOf(DistException.class);
            assertThat(textFailure).isInstanceOf(DistException.class);
            java.io.StringWriter traces = new java.io.StringWriter();
            failure.printStackTrace(new java.io.PrintWriter(traces));
            textFailure.printStackTrace(new java.io.PrintWriter(traces));
            assertThat(traces.toString()).contains("407").doesNotContain(password);
            assertThat(log.lines())
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l.message()).doesNotContain(password));
            assertThat(proxySettings.toString()).contains("builder").doesNotContain(password);
            assertThat(settings.toString()).doesNotContain(password);
            try (java.util.stream.Stream<Path> files = Files.walk(temp)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                            .doesNotContain(password);
                }
            }
        }
    }

    @Test
    void nonProxyHostsAreReachedDirectly() throws Exception {
        // given
        server.serve("/f", body);
        try (LoopbackProxy proxy = LoopbackProxy.open()) {
            DownloadSettings settings = FAST.withProxies(
                    List.of(new ProxySettings("http", "127.0.0.1", proxy.port(), "", "", "localhost|127.*")));

            // when
            downloader(settings).download(server.uri("/f"), target(), Sha256.of(body));

            // then
            assertThat(proxy.forwarded()).isZero();
            assertThat(server.hits("/f")).isEqualTo(1);
        }
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() throws IOException {
        // given: a port that was just free and is closed again
        URI closed;
        try (LoopbackServer gone = LoopbackServer.start()) {
            closed = gone.uri("/f");
        }

        // when / then
        assertThatThrownBy(() -> downloader(FAST).download(closed, target(), null))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.NETWORK))
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining("cannot connect");
        assertThat(log.messages("WARN")).hasSize(2);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
