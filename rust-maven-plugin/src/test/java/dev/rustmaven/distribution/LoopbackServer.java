package dev.rustmaven.distribution;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.rustmaven.testing.Http;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on loopback that serves files by path, counts requests and can misbehave on demand. */
public final class LoopbackServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    private LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static LoopbackServer start() throws IOException {
        return new LoopbackServer();
    }

    public URI root() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI uri(String path) {
        return URI.create(root() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves {@code body} with 200 at {@code path}. */
    public LoopbackServer serve(String path, byte[] body) {
        return route(path, exchange -> respond(exchange, 200, body));
    }

    public LoopbackServer route(String path, HttpHandler handler) {
        routes.put(path, handler);
        return this;
    }

    public int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    public int totalHits() {
        return total.get();
    }

    public static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        Http.respond(exchange, status, body);
    }

    /** Sends the headers for the whole body but only part of it, then drops the connection. */
    static void cutAfter(HttpExchange exchange, byte[] body, int sent) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, sent);
        out.flush();
        // Throwing out of the handler makes the server close the connection without finishing the body.
        throw new IOException("cut on purpose");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        try (exchange) {
            HttpHandler handler = routes.get(path);
            if (handler == null) {
                respond(exchange, 404, new byte[0]);
            } else {
                handler.handle(exchange);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
