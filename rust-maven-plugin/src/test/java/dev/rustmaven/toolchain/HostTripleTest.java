package dev.rustmaven.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostTripleTest {

    @Test
    void mapsTheJvmsNamesToRustHostTriples() {
        assertThat(HostTriple.of("Linux", "amd64", p -> false)).contains("x86_64-unknown-linux-gnu");
        assertThat(HostTriple.of("Linux", "aarch64", p -> false)).contains("aarch64-unknown-linux-gnu");
        assertThat(HostTriple.of("Mac OS X", "aarch64", p -> false)).contains("aarch64-apple-darwin");
        assertThat(HostTriple.of("Windows 11", "amd64", p -> false)).contains("x86_64-pc-windows-msvc");
    }

    @Test
    void aMuslMachineGetsTheMuslTriple() {
        assertThat(HostTriple.of("Linux", "amd64", p -> p.equals(Path.of("/lib/ld-musl-x86_64.so.1"))))
                .contains("x86_64-unknown-linux-musl");
        assertThat(HostTriple.of("Linux", "aarch64", p -> p.equals(Path.of("/lib/ld-musl-aarch64.so.1"))))
                .contains("aarch64-unknown-linux-musl");
    }

    @Test
    void aMachineRustPublishesNoToolchainForHasNone() {
        assertThat(HostTriple.of("SunOS", "sparcv9", p -> false)).isEqualTo(Optional.empty());
        assertThat(HostTriple.of("Mac OS X", "ppc", p -> false)).isEqualTo(Optional.empty());
        // 32-bit ARM could be ARMv6 or ARMv7, hard or soft float: not guessed
        assertThat(HostTriple.of("Linux", "arm", p -> true)).isEqualTo(Optional.empty());
    }

    @Test
    void thisMachineHasATriple() {
        assertThat(HostTriple.of(dev.rustmaven.system.HostSystem.current())).isPresent();
    }
}
