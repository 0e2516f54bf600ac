package dev.rustmaven.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** Small helpers for the loopback HTTP servers of the tests. */
public final class Http {

    private Http() {}

    /** Sends {@code status} with {@code body} (no body when empty) and closes the response. */
    public static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
