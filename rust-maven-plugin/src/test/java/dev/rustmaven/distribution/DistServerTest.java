package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistServerTest {

    @Test
    void theParameterWinsOverTheEnvironment() {
        // given
        Map<String, String> env = Map.of("RUSTUP_DIST_SERVER", "https://env.example");

        // when
        DistServer server = DistServer.resolve("https://param.example/rust/", env);

        // then
        assertThat(server.root()).isEqualTo(URI.create("https://param.example/rust"));
    }

    @Test
    void theEnvironmentIsUsedWhenTheParameterIsBlank() {
        // given
        Map<String, String> env = Map.of("RUSTUP_DIST_SERVER", "https://env.example");

        // when / then
        assertThat(DistServer.resolve("  ", env).root()).isEqualTo(URI.create("https://env.example"));
        assertThat(DistServer.resolve(null, env).root()).isEqualTo(URI.create("https://env.example"));
    }

    @Test
    void theOfficialServerIsTheDefault() {
        // given / when
        DistServer server = DistServer.resolve(null, Map.of());

        // then
        assertThat(server.root()).isEqualTo(URI.create(DistServer.OFFICIAL_ROOT));
    }

    @Test
    void anAbsolutePathIsAFileMirror() {
        // given / when
        DistServer server = DistServer.resolve("/srv/rust-mirror", Map.of());

        // then
        assertThat(server.isFile()).isTrue();
        assertThat(Path.of(server.root())).isEqualTo(Path.of("/srv/rust-mirror"));
        assertThat(server.root().toString()).doesNotEndWith("/");
    }

    @Test
    void aBadServerNamesWhereItCameFrom() {
        // given
        Map<String, String> env = Map.of("RUSTUP_DIST_SERVER", "ftp://old.example");

        // when / then
        assertThatThrownBy(() -> DistServer.resolve(null, env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RUSTUP_DIST_SERVER")
                .hasMessageContaining("ftp://old.example");
    }

    @Test
    void officialUrlsAreRewrittenToTheMirrorAndItsOwnUrlsKept() throws DistException {
        // given
        DistServer mirror = new DistServer(URI.create("http://127.0.0.1:8080/mirror/"));

        // when
        URI rewritten = mirror.rewrite(DistServer.OFFICIAL_ROOT + "/dist/2025-02-20/rust-std-1.85.0-x.tar.xz");
        URI own = mirror.rewrite("http://127.0.0.1:8080/mirror/dist/2025-02-20/rust-std-1.85.0-x.tar.xz");

        // then
        assertThat(rewritten)
                .isEqualTo(URI.create("http://127.0.0.1:8080/mirror/dist/2025-02-20/rust-std-1.85.0-x.tar.xz"));
        assertThat(own).isEqualTo(rewritten);
    }

    @Test
    void aManifestUrlOnAThirdHostIsRefused() {
        // given
        DistServer mirror = new DistServer(URI.create("https://mirror.example/rust"));

        // when / then
        for (String url : List.of(
                "https://cdn.example/dist/file.tar.xz",
                "https://mirror.example:8443/rust/dist/file.tar.xz",
                "https://user@mirror.example/rust/dist/file.tar.xz",
                "https://mirror.example.evil.example/rust/dist/file.tar.xz")) {
            assertThatThrownBy(() -> mirror.rewrite(url))
                    .as(url)
                    .isInstanceOfSatisfying(
                            DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.MALFORMED))
                    .hasMessageContaining("Refusing to download " + url)
                    .hasMessageContaining("not under the configured Rust dist server https://mirror.example/rust")
                    .hasMessageContaining("a host other than the configured server's")
                    .hasMessageContaining("Fix the mirror's manifest");
        }
        assertThatThrownBy(() -> DistServer.official().rewrite("https://static.rust-lang.org.evil.example/dist/x"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("a host other than");
    }

    @Test
    void theServersHostIsMatchedWithoutRegardToCaseOrTheDefaultPort() throws DistException {
        // given
        DistServer mirror = new DistServer(URI.create("https://Mirror.Example/rust"));

        // when / then
        assertThat(mirror.rewrite("https://mirror.example:443/rust/dist/a.tar.xz"))
                .isEqualTo(URI.create("https://mirror.example:443/rust/dist/a.tar.xz"));
    }

    @Test
    void plainHttpUnderAnHttpsServerIsRefused() {
        // given
        DistServer mirror = new DistServer(URI.create("https://mirror.example/rust"));

        // when / then
        assertThatThrownBy(() -> mirror.rewrite("http://mirror.example/rust/dist/a.tar.xz"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("plain http: under an https: server");
        assertThatThrownBy(() -> DistServer.official().rewrite("http://static.rust-lang.org/dist/a.tar.xz"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("plain http: under an https: server");
    }

    @Test
    void aUrlClimbingOutOfTheRootOrBesideItIsRefused() {
        // given
        DistServer mirror = new DistServer(URI.create("https://mirror.example/rust"));

        // when / then
        assertThatThrownBy(() -> mirror.rewrite(DistServer.OFFICIAL_ROOT + "/dist/../../secret"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> mirror.rewrite(DistServer.OFFICIAL_ROOT + "/dist/%2e%2e/%2e%2e/secret"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> mirror.rewrite("https://mirror.example/rustacean/dist/a.tar.xz"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("not under the server's /rust");
        assertThatThrownBy(() -> mirror.rewrite("dist/a.tar.xz"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("not an absolute URL");
    }

    @Test
    void aRemoteServerCannotNameLocalFilesAndAFileMirrorOnlyItsOwn() throws DistException {
        // given
        DistServer remote = new DistServer(URI.create("https://mirror.example/rust"));
        DistServer onDisk = new DistServer(URI.create("file:/srv/mirror"));

        // when / then
        assertThatThrownBy(() -> remote.rewrite("file:/etc/passwd"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("a file: URL, and a server that is not on disk");
        assertThatThrownBy(() -> onDisk.rewrite("file:/etc/passwd"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("not under the server's /srv/mirror");
        assertThatThrownBy(() -> onDisk.rewrite("https://cdn.example/dist/a.tar.xz"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("its scheme https: is not the server's file:");
        assertThatThrownBy(() -> onDisk.rewrite("file:/srv/mirror/dist/a.tar.xz?x=1"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("no query or fragment");
        assertThat(Path.of(onDisk.rewrite("file:///srv/mirror/dist/a.tar.xz")))
                .isEqualTo(Path.of("/srv/mirror/dist/a.tar.xz"));
        assertThatThrownBy(() -> onDisk.rewrite("file://localhost/srv/mirror/dist/a.tar.xz"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("points at localhost");
    }

    @Test
    void officialUrlsAreRewrittenToAFileMirror() throws DistException {
        // given
        DistServer mirror = new DistServer(URI.create("file:/srv/mirror"));

        // when
        URI rewritten = mirror.rewrite(DistServer.OFFICIAL_ROOT + "/dist/2025-02-20/a.tar.xz");

        // then
        assertThat(Path.of(rewritten)).isEqualTo(Path.of("/srv/mirror/dist/2025-02-20/a.tar.xz"));
    }

    @Test
    void aStableReleaseHasItsOwnManifest() throws DistException {
        // given
        CompilerRelease compiler = CompilerRelease.of("1.85.0", FakeDist.HASH, "2025-02-17");

        // when / then
        assertThat(DistServer.official().manifestCandidates(compiler))
                .containsExactly(URI.create("https://static.rust-lang.org/dist/channel-rust-1.85.0.toml"));
    }

    @Test
    void aNightlyIsLookedUpUnderItsCommitDateThenTheNextDay() throws DistException {
        // given
        CompilerRelease compiler = CompilerRelease.of("1.87.0-nightly", FakeDist.HASH, "2025-02-28");

        // when / then
        assertThat(DistServer.official().manifestCandidates(compiler))
                .containsExactly(
                        URI.create("https://static.rust-lang.org/dist/2025-02-28/channel-rust-nightly.toml"),
                        URI.create("https://static.rust-lang.org/dist/2025-03-01/channel-rust-nightly.toml"));
    }

    @Test
    void aBetaUsesTheDatedBetaManifest() throws DistException {
        // given
        CompilerRelease compiler = CompilerRelease.of("1.86.0-beta.3", FakeDist.HASH, "2025-12-31");

        // when / then
        assertThat(DistServer.official().manifestCandidates(compiler))
                .containsExactly(
                        URI.create("https://static.rust-lang.org/dist/2025-12-31/channel-rust-beta.toml"),
                        URI.create("https://static.rust-lang.org/dist/2026-01-01/channel-rust-beta.toml"));
    }

    @Test
    void aNightlyWithoutCommitDateCannotBeLocated() {
        // given
        CompilerRelease compiler = CompilerRelease.of("1.87.0-nightly", FakeDist.HASH, null);

        // when / then
        assertThatThrownBy(() -> DistServer.official().manifestCandidates(compiler))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("without a commit date");
    }
}
