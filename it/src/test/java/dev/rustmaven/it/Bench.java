package dev.rustmaven.it;

import dev.rustmaven.testing.Required;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the ITs need from the test bench that {@code it/bench/setup.sh} installs. */
final class Bench {

    static final Path DEBIAN_CRATES = Path.of("/usr/share/cargo/registry");

    private Bench() {}

    /** Debian's packaged crate sources (regex, serde, serde_json) used by test crates instead of crates.io. */
    static void requireDebianCrates() {
        boolean present = Files.isDirectory(DEBIAN_CRATES) && hasCrate("regex-") && hasCrate("serde_json-")
                && hasCrate("serde_derive-");
        Required.require(present, "Debian's packaged crate sources in " + DEBIAN_CRATES
                + " (run: bash it/bench/setup.sh)");
    }

    private static boolean hasCrate(String prefix) {
        try (var entries = Files.list(DEBIAN_CRATES)) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
