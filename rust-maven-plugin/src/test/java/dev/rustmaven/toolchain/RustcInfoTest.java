package dev.rustmaven.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RustcInfoTest {

    @Test
    void parsesAStableRustupCompiler() {
        RustcInfo info = RustcInfo.parse(List.of(
                "rustc 1.95.0 (59807616e 2026-04-14)",
                "binary: rustc",
                "commit-hash: 59807616e1fa2540724bfbac14d7976d7e4a3860",
                "commit-date: 2026-04-14",
                "host: x86_64-unknown-linux-gnu",
                "release: 1.95.0",
                "LLVM version: 22.1.2"));

        assertThat(info.release()).isEqualTo("1.95.0");
        assertThat(info.commitHash()).isEqualTo("59807616e1fa2540724bfbac14d7976d7e4a3860");
        assertThat(info.commitDate()).isEqualTo("2026-04-14");
        assertThat(info.host()).isEqualTo("x86_64-unknown-linux-gnu");
        assertThat(info.llvmVersion()).isEqualTo("22.1.2");
        assertThat(info.channel()).isEqualTo("stable");
        assertThat(info.builtFromSourceTarball()).isFalse();
    }

    @Test
    void channelComesFromTheReleaseSuffix() {
        assertThat(info("1.97.0-nightly").channel()).isEqualTo("nightly");
        assertThat(info("1.96.0-beta.3").channel()).isEqualTo("beta");
        assertThat(info("1.96.0-dev").channel()).isEqualTo("dev");
    }

    @Test
    void recognisesADistributionBuild() {
        RustcInfo info = RustcInfo.parse(List.of(
                "rustc 1.85.0 (4d91de4e4 2025-02-17) (built from a source tarball)",
                "binary: rustc",
                "commit-hash: 4d91de4e48198da2e33413efdcd9cd2cc0c46688",
                "commit-date: 2025-02-17",
                "host: x86_64-unknown-linux-gnu",
                "release: 1.85.0",
                "LLVM version: 19.1.7"));

        assertThat(info.builtFromSourceTarball()).isTrue();
    }

    @Test
    void missingFieldsAreReportedWithTheOutput() {
        assertThatThrownBy(() -> RustcInfo.parse(List.of("not rustc")))
                .hasMessageContaining("rustc -vV")
                .hasMessageContaining("not rustc");
    }

    private static RustcInfo info(String release) {
        return RustcInfo.parse(List.of("rustc " + release, "host: x86_64-unknown-linux-gnu", "release: " + release));
    }
}
