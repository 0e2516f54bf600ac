package dev.rustmaven.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Reads the recorded linker command lines under {@code src/test/resources/link/recorded}. */
final class RecordedLines {

    private RecordedLines() {}

    /** The arguments of a recorded {@code .args} file, one per line. */
    static List<String> args(String name) {
        return text(name).lines().toList();
    }

    static String text(String name) {
        try (InputStream in = RecordedLines.class.getResourceAsStream("/link/recorded/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource link/recorded/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path path(String name) {
        URL url = RecordedLines.class.getResource("/link/recorded/" + name);
        if (url == null) {
            throw new IllegalStateException("no test resource link/recorded/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
