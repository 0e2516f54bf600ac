package dev.rustmaven.elf;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The committed fixtures under src/test/resources/elf (see its README) and host-file assumptions. */
final class Fixtures {

    private Fixtures() {}

    static Path fixture(String relative) {
        URL url = Fixtures.class.getResource("/elf/" + relative);
        if (url == null) {
            throw new IllegalStateException(
                    "test fixture elf/" + relative + " is missing: run" + " src/test/resources/elf/make-fixtures.sh");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Skips a test that needs something of this machine, loudly; on CI (env CI=true) the test fails
     * instead, because there the machine is supposed to have it.
     */
    static void assumeHost(boolean condition, String message) {
        if (!condition && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + message);
        }
        Assumptions.assumeTrue(condition, message);
    }
}
