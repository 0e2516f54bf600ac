package dev.rustmaven.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Serves the bench's dist-server mirror (a directory laid out like the Rust distribution server) on
 * 127.0.0.1, and records every request so tests can count downloads.
 */
final class DistMirrorServer implements AutoCloseable {

    private final HttpServer server;
    private final Path root;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    DistMirrorServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::serve);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** The server's root URL, as given to {@code rust.distServer}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The paths requested so far. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        Path file = root.resolve(path.substring(1)).normalize();
        try (exchange) {
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(file));
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
