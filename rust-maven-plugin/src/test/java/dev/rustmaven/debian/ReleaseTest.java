package dev.rustmaven.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReleaseTest {

    private static final String SOURCE = "file:/mirror/dists/bookworm/InRelease";

    @Test
    void readsSuiteCodenameDateArchitecturesAndTheSha256List() throws Exception {
        // given: the shape of Debian's Release, with an MD5Sum list that is ignored
        String text = "Origin: Debian\nSuite: oldstable\nCodename: bookworm\nDate: Sat, 11 Jul 2026 10:16:37 UTC\n"
                + "Architectures: all amd64 arm64 armhf\nMD5Sum:\n 0ed6d4c8891eb86358b94bb35d9e4da4  1484322"
                + " main/binary-armhf/Packages\nSHA256:\n"
                + " 4dea29d2069c0bfc6cf7af5e045cb45814fbc11330baf6713eec6cd6d5307310 48008655 main/binary-armhf/Packages\n"
                + " 2352D9CAA6E740390E3CB2D26C0A63B3CE3A91BDDAE7DF6AF5E3832339D41D7B  8505644"
                + " main/binary-armhf/Packages.xz\n";

        // when
        Release release = Release.parse(text, SOURCE);

        // then
        assertThat(release.suite()).isEqualTo("oldstable");
        assertThat(release.codename()).isEqualTo("bookworm");
        assertThat(release.date()).isEqualTo("Sat, 11 Jul 2026 10:16:37 UTC");
        assertThat(release.validUntil()).isEmpty();
        assertThat(release.architectures()).containsExactly("all", "amd64", "arm64", "armhf");
        assertThat(release.sha256()).hasSize(2);
        assertThat(release.sha256().get("main/binary-armhf/Packages.xz"))
                .isEqualTo(new Release.IndexFile(
                        "main/binary-armhf/Packages.xz",
                        8505644,
                        "2352d9caa6e740390e3cb2d26c0a63b3ce3a91bddae7df6af5e3832339d41d7b"));
        assertThat(release.describes("bookworm")).isTrue();
        assertThat(release.describes("oldstable")).isTrue();
        assertThat(release.describes("trixie")).isFalse();
    }

    @Test
    void readsValidUntilInUtcOrWithAnOffset() throws Exception {
        // when
        Release utc = Release.parse("Suite: x\nValid-Until: Sat, 18 Jul 2026 10:16:37 UTC\n", SOURCE);

        // then
        assertThat(utc.validUntil()).contains(Instant.parse("2026-07-18T10:16:37Z"));
        assertThat(Release.parseDate("Thu, 2 Jan 2025 01:02:03 +0100")).contains(Instant.parse("2025-01-02T00:02:03Z"));
        assertThat(Release.parseDate("yesterday")).isEmpty();
    }

    @Test
    void aValidUntilThatIsNoDateIsRefused() {
        // when / then: it guards against replayed indexes, so it must be understood
        assertThatThrownBy(() -> Release.parse("Suite: x\nValid-Until: soon\n", SOURCE))
                .isInstanceOfSatisfying(
                        DebianException.class, e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.MALFORMED))
                .hasMessageContaining(SOURCE)
                .hasMessageContaining("Valid-Until 'soon'");
    }

    @Test
    void aBadSha256EntryIsNamedWithItsLine() {
        // when / then
        assertThatThrownBy(() -> Release.parse("Suite: x\nSHA256:\n abc 12 main/binary-armhf/Packages\n", SOURCE))
                .isInstanceOf(DebianException.class)
                .hasMessageContaining("line 3 is not '<sha256> <size> <path>'");
    }
}
