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

    private static final String GOOD_PASSWORD = "raspberry-Pr0xy-s3cret";
    private static final String WRONG_PASSWORD = "wr0ng-Pr0xy-s3cret";

    /**
     * The password is in no line of the whole build log (Maven's own and the plugin's, -e stack traces
     * included) and in no file the build wrote: the project's target directory and the plugin's cache.
     */
    private static void assertNowhere(String password, ItSupport.MavenResult result, String name) throws Exception {
        assertThat(result.log()).doesNotContain(password);
        byte[] needle = password.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int scanned = 0;
        for (Path dir : List.of(
                ItSupport.work().resolve("staticlib-deps-" + name).resolve("target"),
                ItSupport.work().resolve("cache-" + name))) {
            if (!java.nio.file.Files.isDirectory(dir)) {
                continue;
            }
            try (var files = java.nio.file.Files.walk(dir)) {
                for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                    assertThat(indexOf(java.nio.file.Files.readAllBytes(f), needle))
                            .as("the proxy password in " + f)
                            .isNegative();
                    scanned++;
                }
            }
        }
        // the build wrote something (at least Maven's own files, or the cache's lock), and all of it was searched
        assertThat(scanned).as("files searched for the password").isPositive();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
                LoopbackProxy proxy = LoopbackProxy.requiringCredentials("pi", GOOD_PASSWORD)) {
            // when
            ItSupport.MavenResult result =
                    fetchThroughProxy("proxy", server, proxy, GOOD_PASSWORD).assertSuccess();

            // then
            assertThat(result.log())
                    .contains(ARMV7 + ": rust-std in " + ItSupport.work().resolve("cache-proxy"));
            assertThat(proxy.forwarded()).isGreaterThanOrEqualTo(2);
            assertThat(server.requests()).anyMatch(r -> r.endsWith(Bench.stdTarball(ARMV7)));
            assertNowhere(GOOD_PASSWORD, result, "proxy");
        }
    }

    @Test
    void aWrongProxyPasswordFailsSayingSo() throws Exception {
        try (DistMirrorServer server = new DistMirrorServer(Bench.path("dist.root"));
                LoopbackProxy proxy = LoopbackProxy.requiringCredentials("pi", GOOD_PASSWORD)) {
            ItSupport.MavenResult result = fetchThroughProxy("proxy-denied", server, proxy, WRONG_PASSWORD)
                    .assertFailure();

            assertThat(result.log()).containsIgnoringCase("proxy").contains("407");
            assertThat(server.requests()).isEmpty();
            assertNowhere(WRONG_PASSWORD, result, "proxy-denied");
        }
    }
}
