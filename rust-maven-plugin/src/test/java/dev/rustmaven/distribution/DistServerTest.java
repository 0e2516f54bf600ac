package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
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
    void officialUrlsAreRewrittenToTheMirrorAndOthersKept() {
        // given
        DistServer mirror = new DistServer(URI.create("http://127.0.0.1:8080/mirror/"));

        // when
        URI rewritten = mirror.rewrite(DistServer.OFFICIAL_ROOT + "/dist/2025-02-20/rust-std-1.85.0-x.tar.xz");
        URI kept = mirror.rewrite("https://cdn.example/dist/file.tar.xz");

        // then
        assertThat(rewritten)
                .isEqualTo(URI.create("http://127.0.0.1:8080/mirror/dist/2025-02-20/rust-std-1.85.0-x.tar.xz"));
        assertThat(kept).isEqualTo(URI.create("https://cdn.example/dist/file.tar.xz"));
    }

    @Test
    void officialUrlsAreRewrittenToAFileMirror() {
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
