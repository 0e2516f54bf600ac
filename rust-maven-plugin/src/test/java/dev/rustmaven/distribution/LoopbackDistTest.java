package dev.rustmaven.distribution;

import dev.rustmaven.plugin.MavenSettingNames;
import java.net.URI;
import java.nio.file.Path;

/**
 * What the tests of {@link ComponentProvisioner} share beyond the loopback server: the stable release of
 * {@link FakeDist} and provisioners of a cache in the temporary directory. A subclass makes its own {@link FakeDist}
 * in a {@code @BeforeEach} of its own, which runs after {@link #startServer}.
 */
abstract class LoopbackDistTest extends LoopbackServerTest {

    static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    static final String AARCH64 = "aarch64-unknown-linux-gnu";

    final CompilerRelease compiler = FakeDist.stable();

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
