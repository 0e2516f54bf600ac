package dev.rustmaven.distribution;

import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.plugin.MavenSettingNames;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of {@link ComponentProvisioner} share: a loopback server started before each test and closed after
 * it, the stable release of {@link FakeDist}, and provisioners of a cache in a temporary directory. A subclass makes
 * its own {@link FakeDist} in a {@code @BeforeEach} of its own, which runs after {@link #startServer}.
 */
abstract class LoopbackDistTest {

    static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    static final String AARCH64 = "aarch64-unknown-linux-gnu";

    @TempDir
    Path temp;

    LoopbackServer server;
    final RecordingLog log = new RecordingLog();
    final CompilerRelease compiler = FakeDist.stable();

    @BeforeEach
    void startServer() throws IOException {
        server = LoopbackServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    Path cacheRoot() {
        return temp.resolve("cache");
    }

    /** A provisioner of {@link #cacheRoot} fetching from {@code root}, its offline error advising Maven's way. */
    ComponentProvisioner provisioner(URI root, boolean offline, DownloadSettings settings) {
        return new ComponentProvisioner(
                new CacheLayout(cacheRoot()),
                new DistServer(root),
                new Downloader(settings, DownloadListener.NONE, log),
                new ComponentProvisioner.Options(offline, MavenSettingNames.INSTANCE.fetchAdvice("{target}")),
                log);
    }
}
