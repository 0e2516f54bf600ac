package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.testing.LoopbackProxy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rust-std comes through the HTTP proxy that settings.xml names, with its credentials. */
class ProxyIT {

    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";

    private static Path settingsWithProxy(String name, int port, String password) throws Exception {
        // Only http: is proxied; the IT builds take Maven's own artifacts from a file: repository.
        return ItSupport.settings(name, """
                  <proxies>
                    <proxy>
                      <id>it-proxy</id>
                      <active>true</active>
                      <protocol>http</protocol>
                      <host>127.0.0.1</host>
                      <port>%d</port>
                      <username>pi</username>
                      <password>%s</password>
                    </proxy>
                  </proxies>""".formatted(port, password));
    }

    /** Runs rust:fetch for armv7 with a fresh cache, through {@code proxy} with the given password. */
    private static ItSupport.MavenResult fetchThroughProxy(
            String name, DistMirrorServer server, LoopbackProxy proxy, String password) throws Exception {
        Path project = ItSupport.projectAs("staticlib-deps", "staticlib-deps-" + name);
        Path cache = ItSupport.work().resolve("cache-" + name);
        ItSupport.deleteRecursively(cache);
        return maven(
                project,
                List.of(ItSupport.fetchGoal()),
                false,
                settingsWithProxy("settings-" + name + ".xml", proxy.port(), password),
                Bench.buildProperties(server.url(), cache, "rust.targets=" + ARMV7));
    }

    @Test
    void fetchGoesThroughTheProxyOfSettingsXmlWithItsCredentials() throws Exception {
        try (DistMirrorServer server = new DistMirrorServer(Bench.path("dist.root"));
                LoopbackProxy proxy = LoopbackProxy.requiringCredentials("pi", "raspberry")) {
            // when
            ItSupport.MavenResult result =
                    fetchThroughProxy("proxy", server, proxy, "raspberry").assertSuccess();

            // then
            assertThat(result.log())
                    .contains(ARMV7 + ": rust-std in " + ItSupport.work().resolve("cache-proxy"));
            assertThat(proxy.forwarded()).isGreaterThanOrEqualTo(2);
            assertThat(server.requests()).anyMatch(r -> r.endsWith(Bench.stdTarball(ARMV7)));
        }
    }

    @Test
    void aWrongProxyPasswordFailsSayingSo() throws Exception {
        try (DistMirrorServer server = new DistMirrorServer(Bench.path("dist.root"));
                LoopbackProxy proxy = LoopbackProxy.requiringCredentials("pi", "raspberry")) {
            ItSupport.MavenResult result =
                    fetchThroughProxy("proxy-denied", server, proxy, "wrong").assertFailure();

            assertThat(result.log()).containsIgnoringCase("proxy").contains("407");
            assertThat(server.requests()).isEmpty();
        }
    }
}
