package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.log.RecordingLog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pure pieces: proxy choice, cache layout, payload filters, progress lines. */
class SmallPartsTest {

    @Test
    void aProxyServesItsSchemeAndSkipsNonProxyHosts() {
        // given
        ProxySettings proxy =
                new ProxySettings("http", "proxy.corp", 3128, "u", "secret", "localhost|*.internal.example, 10.*");

        // when / then
        assertThat(proxy.appliesTo(URI.create("http://dist.example/x"))).isTrue();
        assertThat(proxy.appliesTo(URI.create("https://dist.example/x"))).isTrue();
        assertThat(proxy.appliesTo(URI.create("https://mirror.internal.example/x")))
                .isFalse();
        assertThat(proxy.appliesTo(URI.create("http://LOCALHOST:8080/x"))).isFalse();
        assertThat(proxy.appliesTo(URI.create("http://10.1.2.3/x"))).isFalse();
        assertThat(proxy.appliesTo(URI.create("file:/srv/mirror"))).isFalse();
        assertThat(proxy.toString()).doesNotContain("secret");
    }

    @Test
    void anHttpsProxyDoesNotServePlainHttp() {
        // given
        ProxySettings proxy = new ProxySettings("https", "proxy.corp", 3128, null, null, null);

        // when / then
        assertThat(proxy.appliesTo(URI.create("http://dist.example/x"))).isFalse();
        assertThat(proxy.appliesTo(URI.create("https://dist.example/x"))).isTrue();
    }

    @Test
    void theDefaultCacheRootFollowsXdgAndFallsBackToDotCache() {
        // given / when / then
        assertThat(CacheLayout.defaultRoot(Map.of("XDG_CACHE_HOME", "/var/cache/me"), "/home/me"))
                .isEqualTo(Path.of("/var/cache/me/rust-maven-plugin"));
        assertThat(CacheLayout.defaultRoot(Map.of("XDG_CACHE_HOME", "relative/ignored"), "/home/me"))
                .isEqualTo(Path.of("/home/me/.cache/rust-maven-plugin"));
        assertThat(CacheLayout.defaultRoot(Map.of(), "/home/me"))
                .isEqualTo(Path.of("/home/me/.cache/rust-maven-plugin"));
    }

    @Test
    void componentsAreKeyedByReleaseHashTripleAndFilter() {
        // given
        CacheLayout layout = new CacheLayout(Path.of("/cache"));
        CompilerRelease compiler = FakeDist.stable();

        // when
        Path std = layout.componentDir(compiler, "rust-std", "armv7-unknown-linux-gnueabihf", PayloadFilter.ALL);
        Path lld = layout.componentDir(
                compiler, "rustc", "x86_64-unknown-linux-gnu", PayloadFilter.linker("x86_64-unknown-linux-gnu"));

        // then
        assertThat(std).isEqualTo(Path.of("/cache/rust-std/1.85.0-4d91de4e4/armv7-unknown-linux-gnueabihf"));
        assertThat(lld).isEqualTo(Path.of("/cache/rustc/1.85.0-4d91de4e4/x86_64-unknown-linux-gnu-lld"));
        assertThat(layout.lockFile(std))
                .isEqualTo(Path.of("/cache/locks/rust-std_1.85.0-4d91de4e4_armv7-unknown-linux-gnueabihf.lock"));
    }

    @Test
    void theLinkerFilterKeepsRustLldItsWrappersAndLlvmOnly() {
        // given
        PayloadFilter filter = PayloadFilter.linker("x86_64-unknown-linux-gnu");

        // when / then
        assertThat(filter.keep().test("lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"))
                .isTrue();
        assertThat(filter.keep().test("lib/rustlib/x86_64-unknown-linux-gnu/bin/gcc-ld/ld.lld"))
                .isTrue();
        assertThat(filter.keep().test("lib/libLLVM.so.19.1-rust-1.85.0-stable")).isTrue();
        assertThat(filter.keep().test("lib/librustc_driver-abc.so")).isFalse();
        assertThat(filter.keep().test("bin/rustc")).isFalse();
        assertThat(filter.keep().test("lib/rustlib/x86_64-unknown-linux-gnu/lib/libstd.rlib"))
                .isFalse();
    }

    @Test
    void progressIsAHandfulOfLinesWithPercentAndRate() {
        // given
        RecordingLog log = new RecordingLog();
        LoggingDownloadListener listener = new LoggingDownloadListener(log);
        URI url = URI.create("http://127.0.0.1/x.tar.xz");
        long total = 40L * 1024 * 1024;

        // when
        listener.started(url, total);
        for (long done = 65536; done <= total; done += 65536) {
            listener.progressed(url, done, total, 8.0 * 1024 * 1024);
        }
        listener.finished(url, total, Duration.ofSeconds(5));

        // then
        assertThat(log.messages("INFO"))
                .containsExactly(
                        "Downloading http://127.0.0.1/x.tar.xz (40.0 MB)",
                        "  x.tar.xz: 25% of 40.0 MB, 8.0 MB/s",
                        "  x.tar.xz: 50% of 40.0 MB, 8.0 MB/s",
                        "  x.tar.xz: 75% of 40.0 MB, 8.0 MB/s",
                        "Downloaded x.tar.xz (40.0 MB) in 5.0 s (8.0 MB/s)");
    }
}
