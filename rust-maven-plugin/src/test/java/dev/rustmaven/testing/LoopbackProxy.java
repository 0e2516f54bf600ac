package dev.rustmaven.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny forwarding HTTP proxy on loopback: it takes absolute-URI GET requests, optionally demands Basic
 * proxy credentials (answering 407 otherwise), forwards the rest and counts what it forwarded.
 */
public final class LoopbackProxy implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String requiredAuthorization;
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger challenged = new AtomicInteger();

    private LoopbackProxy(String username, String password) throws IOException {
        this.requiredAuthorization = username == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static LoopbackProxy open() throws IOException {
        return new LoopbackProxy(null, null);
    }

    public static LoopbackProxy requiringCredentials(String username, String password) throws IOException {
        return new LoopbackProxy(username, password);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int forwarded() {
        return forwarded.get();
    }

    public int challenged() {
        return challenged.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI target = exchange.getRequestURI();
            if (!target.isAbsolute() || !exchange.getRequestMethod().equals("GET")) {
                Http.respond(exchange, 400, new byte[0]);
                return;
            }
            if (requiredAuthorization != null
                    && !requiredAuthorization.equals(
                            exchange.getRequestHeaders().getFirst("Proxy-Authorization"))) {
                challenged.incrementAndGet();
                exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"loopback\"");
                Http.respond(exchange, 407, new byte[0]);
                return;
            }
            forwarded.incrementAndGet();
            HttpURLConnection upstream = (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
            int status = upstream.getResponseCode();
            InputStream body = status < 400 ? upstream.getInputStream() : upstream.getErrorStream();
            byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
            Http.respond(exchange, status, bytes);
            upstream.disconnect();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
