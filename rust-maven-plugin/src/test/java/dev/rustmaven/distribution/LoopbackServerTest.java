package dev.rustmaven.distribution;

import dev.rustmaven.log.RecordingLog;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the download tests share: a loopback server started before each test and closed after it, a temporary
 * directory and a log that records what the code under test said.
 */
abstract class LoopbackServerTest {

    @TempDir
    Path temp;

    LoopbackServer server;
    final RecordingLog log = new RecordingLog();

    @BeforeEach
    void startServer() throws IOException {
        server = LoopbackServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
