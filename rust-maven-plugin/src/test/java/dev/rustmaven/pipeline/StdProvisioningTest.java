package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.distribution.CacheLayout;
import dev.rustmaven.distribution.ComponentProvisioner;
import dev.rustmaven.distribution.Compression;
import dev.rustmaven.distribution.DistServer;
import dev.rustmaven.distribution.DownloadListener;
import dev.rustmaven.distribution.DownloadSettings;
import dev.rustmaven.distribution.Downloader;
import dev.rustmaven.distribution.FakeDist;
import dev.rustmaven.distribution.LoopbackServer;
import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.plugin.MavenSettingNames;
import dev.rustmaven.toolchain.RustcInfo;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rust-std of several targets is fetched in parallel, once each, and a failure names its target. */
class StdProvisioningTest {

    private static final List<String> TRIPLES = List.of(
            "armv7-unknown-linux-gnueabihf",
            "aarch64-unknown-linux-gnu",
            "arm-unknown-linux-gnueabihf",
            "aarch64-unknown-linux-musl",
            "armv7-unknown-linux-musleabihf");

    @TempDir
    Path temp;

    private LoopbackServer server;
    private FakeDist dist;
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void startServer() throws IOException {
        server = LoopbackServer.start();
        dist = FakeDist.stableDist();
        TRIPLES.forEach(dist::rustStd);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private StdProvisioning std() {
        ComponentProvisioner provisioner = new ComponentProvisioner(
                new CacheLayout(temp.resolve("cache")),
                new DistServer(server.root()),
                new Downloader(DownloadSettings.DEFAULTS, DownloadListener.NONE, log),
                ComponentProvisioner.Options.ONLINE,
                log);
        return new StdProvisioning(provisioner, false, temp.resolve("work"), false, MavenSettingNames.INSTANCE, log);
    }

    private Toolchain toolchain() {
        return new Toolchain(
                temp.resolve("rust/bin/cargo"),
                temp.resolve("rust/bin/rustc"),
                new RustcInfo(
                        "rustc " + FakeDist.STABLE,
                        FakeDist.STABLE,
                        FakeDist.HASH,
                        "2025-02-17",
                        "x86_64-unknown-linux-gnu",
                        "19"),
                temp.resolve("rust"),
                List.of("x86_64-unknown-linux-gnu"));
    }

    private static List<Target> targets() {
        return TRIPLES.stream().map(Target::parse).toList();
    }

    @Test
    void fetchesTheTargetsInParallelOnceEachAndEnsureThenFindsThemInstalled() throws Exception {
        // given
        dist.serveOn(server);
        StdProvisioning std = std();

        // when
        std.prefetch(toolchain(), targets());

        // then
        assertThat(log.messages("INFO"))
                .contains("Fetching rust-std for 5 targets, 4 at a time: " + String.join(", ", TRIPLES));
        for (String triple : TRIPLES) {
            assertThat(server.hits(dist.tarballPath("rust-std", triple, Compression.XZ)))
                    .as(triple)
                    .isEqualTo(1);
        }
        int requests = server.totalHits();
        for (Target target : targets()) {
            Optional<Path> rustlib = std.ensure(toolchain(), target);
            assertThat(rustlib).get().asString().endsWith(target.triple());
        }
        assertThat(server.totalHits()).as("ensure finds them all installed").isEqualTo(requests);

        // when / then: once installed, nothing more is fetched
        std.prefetch(toolchain(), targets());
        assertThat(server.totalHits()).isEqualTo(requests);
    }

    @Test
    void aTargetThatFailsIsNamedAndTheOthersAreStillInstalled() throws Exception {
        // given: one tarball is not on the server
        dist.serveOn(server);
        String missing = dist.tarballPath("rust-std", TRIPLES.get(2), Compression.XZ);
        server.route(missing, exchange -> LoopbackServer.respond(exchange, 404, new byte[0]));
        server.route(
                dist.tarballPath("rust-std", TRIPLES.get(2), Compression.GZ),
                exchange -> LoopbackServer.respond(exchange, 404, new byte[0]));

        // when / then
        assertThatThrownBy(() -> std().prefetch(toolchain(), targets()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("Could not provide rust-std for " + TRIPLES.get(2))
                .hasMessageContaining("Not found (404)");
        for (String triple : List.of(TRIPLES.get(0), TRIPLES.get(1), TRIPLES.get(3), TRIPLES.get(4))) {
            assertThat(temp.resolve("cache/rust-std/1.85.0-4d91de4e4").resolve(triple))
                    .as(triple)
                    .isDirectory();
        }
    }
}
