package dev.rustmaven.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What this machine's {@code rustc} (rustup stable on PATH) says about itself, for tests that need it. */
final class HostToolchain {

    private HostToolchain() {}

    static Optional<Path> sysroot() {
        return run("rustc", "--print", "sysroot").map(s -> Path.of(s.strip()));
    }

    /** The compiler's host triple, {@code x86_64-unknown-linux-gnu} when rustc cannot say. */
    static String host() {
        return run("rustc", "-vV")
                .flatMap(s -> s.lines().filter(l -> l.startsWith("host: ")).findFirst())
                .map(l -> l.substring("host: ".length()).strip())
                .orElse("x86_64-unknown-linux-gnu");
    }

    static Optional<String> run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
