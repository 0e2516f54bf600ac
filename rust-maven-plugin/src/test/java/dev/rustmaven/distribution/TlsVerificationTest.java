package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.rustmaven.log.RecordingLog;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS certificate checks are never disabled: a dist server on 127.0.0.1 whose certificate no trusted authority
 * signed is refused, though the same server answers a client that trusts its certificate.
 */
class TlsVerificationTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path temp;

    private HttpsServer server;
    private KeyStore keyStore;

    @BeforeEach
    void startServerWithASelfSignedCertificate() throws Exception {
        Path store = temp.resolve("server.p12");
        Process keytool = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(PASSWORD)))
                .redirectErrorStream(true)
                .start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(out).isZero();
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            byte[] body = "manifest-version = \"2\"\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void aServerWithAnUntrustedCertificateIsRefusedAndNothingIsWritten() throws Exception {
        // given: the server works for a client that trusts its certificate
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        SSLContext trusting = SSLContext.getInstance("TLS");
        trusting.init(null, trust.getTrustManagers(), null);
        HttpsURLConnection connection = (HttpsURLConnection)
                uri("/dist/channel-rust-stable.toml").toURL().openConnection();
        connection.setSSLSocketFactory(trusting.getSocketFactory());
        assertThat(connection.getResponseCode()).isEqualTo(200);
        connection.disconnect();
        Downloader downloader = new Downloader(DownloaderTest.FAST, DownloadListener.NONE, new RecordingLog());
        Path target = temp.resolve("cache/rustc.tar.xz");
        Files.createDirectories(target.getParent());

        // when / then: the plugin's downloader, with the JVM's trust store, refuses it
        assertThatThrownBy(() -> downloader.fetchText(uri("/dist/channel-rust-stable.toml")))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("TLS failure fetching " + uri("/dist/channel-rust-stable.toml"))
                .hasMessageContaining("Check the JVM's trust store");
        assertThatThrownBy(() -> downloader.download(uri("/dist/rustc.tar.xz"), target, null))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("TLS failure fetching " + uri("/dist/rustc.tar.xz"));
        try (var left = Files.list(target.getParent())) {
            assertThat(left).isEmpty();
        }
    }
}
