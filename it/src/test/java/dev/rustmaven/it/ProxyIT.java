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

    @Test
    void fetchGoesThroughTheProxyOfSettingsXmlWithItsCredentials() throws Exception {
        try (DistMirrorServer server = new DistMirrorServer(Bench.path("dist.root"));
                LoopbackProxy proxy = LoopbackProxy.requiringCredentials("pi", "raspberry")) {
            // given
            Path project = ItSupport.projectAs("staticlib-deps", "staticlib-deps-proxy");
            Path cache = ItSupport.work().resolve("cache-proxy");
            ItSupport.deleteRecursively(cache);
            String fetch = "dev.rustmaven:rust-maven-plugin:" + ItSupport.pluginVersion() + ":fetch";
            String[] props = Bench.buildProperties(server.url(), cache, "rust.targets=" + ARMV7);

            // when
            ItSupport.MavenResult result = maven(project, List.of(fetch), false,
                    settingsWithProxy("settings-proxy.xml", proxy.port(), "raspberry"), props).assertSuccess();

            // then
            assertThat(result.log()).contains(ARMV7 + ": rust-std in " + cache);
            assertThat(proxy.forwarded()).isGreaterThanOrEqualTo(2);
            assertThat(server.requests()).anyMatch(r -> r.endsWith(Bench.stdTarball(ARMV7)));
        }
    }

    @Test
    void aWrongProxyPasswordFailsSayingSo() throws Exception {
        try (DistMirrorServer server = new DistMirrorServer(Bench.path("dist.root"));
                LoopbackProxy proxy = LoopbackProxy.requiringCredentials("pi", "raspberry")) {
            Path project = ItSupport.projectAs("staticlib-deps", "staticlib-deps-proxy-denied");
            Path cache = ItSupport.work().resolve("cache-proxy-denied");
            ItSupport.deleteRecursively(cache);
            String fetch = "dev.rustmaven:rust-maven-plugin:" + ItSupport.pluginVersion() + ":fetch";

            ItSupport.MavenResult result = maven(project, List.of(fetch), false,
                    settingsWithProxy("settings-proxy-denied.xml", proxy.port(), "wrong"),
                    Bench.buildProperties(server.url(), cache, "rust.targets=" + ARMV7)).assertFailure();

            assertThat(result.log()).containsIgnoringCase("proxy").contains("407");
            assertThat(server.requests()).isEmpty();
        }
    }
}
