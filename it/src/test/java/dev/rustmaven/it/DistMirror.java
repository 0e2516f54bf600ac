package dev.rustmaven.it;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The bench's dist-server mirror served on 127.0.0.1 for the tests of one class:
 * {@code @RegisterExtension static final DistMirror mirror = new DistMirror();}
 */
final class DistMirror implements BeforeAllCallback, AfterAllCallback {

    private DistMirrorServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = new DistMirrorServer(Bench.path("dist.root"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    /** The server's root URL, as given to {@code rust.distServer}. */
    String url() {
        return server.url();
    }

    /** The paths requested so far. */
    List<String> requests() {
        return server.requests();
    }
}
