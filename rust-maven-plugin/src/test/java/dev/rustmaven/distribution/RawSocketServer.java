package dev.rustmaven.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback server speaking raw bytes, for answers {@link LoopbackServer} cannot give: endless headers, a body
 * longer than its Content-Length. Each connection's request head is read, then {@link Answer} writes.
 */
final class RawSocketServer implements AutoCloseable {

    /** Writes the answer to one connection; {@code sent} counts the bytes written. */
    @FunctionalInterface
    interface Answer {
        void write(Socket socket, AtomicLong sent) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Thread acceptor;
    private final AtomicLong sent = new AtomicLong();

    RawSocketServer(Answer answer) throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread worker = new Thread(() -> {
                        try (connection) {
                            readHead(connection.getInputStream());
                            answer.write(connection, sent);
                        } catch (IOException | InterruptedException e) {
                            // The client hung up, as it should.
                        }
                    });
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    /** Every byte written to every connection so far. */
    long sent() {
        return sent.get();
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
