package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompilerReleaseTest {

    @Test
    void channelFollowsTheReleaseSuffix() {
        // given / when / then
        assertThat(Channel.ofRelease("1.85.0")).isEqualTo(Channel.STABLE);
        assertThat(Channel.ofRelease("1.86.0-beta.3")).isEqualTo(Channel.BETA);
        assertThat(Channel.ofRelease("1.87.0-nightly")).isEqualTo(Channel.NIGHTLY);
        assertThat(Channel.ofRelease("1.87.0-dev")).isEqualTo(Channel.NIGHTLY);
    }

    @Test
    void describesItselfLikeRustcAndShortensTheHashToNineDigits() {
        // given
        CompilerRelease compiler =
                CompilerRelease.of("1.85.0", "4d91de4e48198da2e33413efdcd9cd2cc0c46688", "2025-02-17");

        // when / then
        assertThat(compiler.shortHash()).isEqualTo("4d91de4e4");
        assertThat(compiler.describe()).isEqualTo("rustc 1.85.0 (4d91de4e4 2025-02-17)");
        assertThat(compiler.channel()).isEqualTo(Channel.STABLE);
    }

    @Test
    void aMissingHashOrDateBecomesUnknown() {
        // given
        CompilerRelease compiler = CompilerRelease.of("1.85.0", null, " ");

        // when / then
        assertThat(compiler.hasCommitHash()).isFalse();
        assertThat(compiler.hasCommitDate()).isFalse();
        assertThat(compiler.shortHash()).isEqualTo("unknown");
    }

    @Test
    void rejectsValuesThatAreNotWhatRustcPrints() {
        // given / when / then
        assertThatThrownBy(() -> CompilerRelease.of("stable", null, null)).hasMessageContaining("'stable'");
        assertThatThrownBy(() -> CompilerRelease.of("1.85.0", "xyz", null)).hasMessageContaining("commit hash");
        assertThatThrownBy(() -> CompilerRelease.of("1.85.0", null, "17.02.2025"))
                .hasMessageContaining("YYYY");
    }
}
