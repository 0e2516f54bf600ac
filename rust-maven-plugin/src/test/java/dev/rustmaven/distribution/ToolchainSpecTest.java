package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToolchainSpecTest {

    private static final String HOST = "x86_64-unknown-linux-gnu";

    @Test
    void readsTheFormsRustupAcceptsInAToolchainFile() {
        assertThat(ToolchainSpec.parse("stable", HOST)).isEqualTo(new ToolchainSpec("stable", Optional.empty()));
        assertThat(ToolchainSpec.parse(" 1.85.0 ", HOST).manifestPath()).isEqualTo("dist/channel-rust-1.85.0.toml");
        assertThat(ToolchainSpec.parse("1.85", HOST).manifestPath()).isEqualTo("dist/channel-rust-1.85.toml");
        assertThat(ToolchainSpec.parse("nightly-2025-02-01", HOST).manifestPath())
                .isEqualTo("dist/2025-02-01/channel-rust-nightly.toml");
        assertThat(ToolchainSpec.parse("beta-2025-02-01-" + HOST, HOST))
                .isEqualTo(new ToolchainSpec("beta", Optional.of(LocalDate.of(2025, 2, 1))));
    }

    @Test
    void onlyAReleaseOrADatedChannelIsPinned() {
        assertThat(ToolchainSpec.parse("1.85.0", HOST).isPinned()).isTrue();
        assertThat(ToolchainSpec.parse("nightly-2025-02-01", HOST).isPinned()).isTrue();
        assertThat(ToolchainSpec.parse("1.85", HOST).isPinned()).isFalse();
        assertThat(ToolchainSpec.parse("stable", HOST).isPinned()).isFalse();
    }

    @Test
    void admitsWhatANameCanStandForOffline() {
        CompilerRelease stable = CompilerRelease.of("1.85.1", "4d91de4e4", "2025-03-18");
        CompilerRelease nightly = CompilerRelease.of("1.87.0-nightly", "abcdef123", "2025-03-01");

        assertThat(ToolchainSpec.parse("1.85", HOST).admits(stable, "2025-03-18"))
                .isTrue();
        assertThat(ToolchainSpec.parse("1.8", HOST).admits(stable, "2025-03-18"))
                .isFalse();
        assertThat(ToolchainSpec.parse("stable", HOST).admits(stable, "2025-03-18"))
                .isTrue();
        assertThat(ToolchainSpec.parse("stable", HOST).admits(nightly, "2025-03-02"))
                .isFalse();
        assertThat(ToolchainSpec.parse("nightly", HOST).admits(nightly, "2025-03-02"))
                .isTrue();
        assertThat(ToolchainSpec.parse("nightly-2025-03-02", HOST).admits(nightly, "2025-03-02"))
                .isTrue();
        assertThat(ToolchainSpec.parse("nightly-2025-03-01", HOST).admits(nightly, "2025-03-02"))
                .isFalse();
    }

    @Test
    void anythingElseIsRefusedNamingTheAcceptedForms() {
        for (String bad : new String[] {
            "", "latest", "1", "1.85.0.1", "nightly-2025-02-30", "stable-aarch64-apple-darwin", "1.85.0; rm"
        }) {
            assertThatThrownBy(() -> ToolchainSpec.parse(bad, HOST))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> ToolchainSpec.parse("latest", HOST))
                .hasMessageContaining("stable, beta, nightly, a release such as 1.85.0");
    }
}
