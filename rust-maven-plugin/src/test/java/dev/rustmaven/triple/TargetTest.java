package dev.rustmaven.triple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.elf.ArmFloatAbi;
import dev.rustmaven.elf.ElfHeader;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void piTargetsCarryTheirElfAndAbiFacts() {
        Target armv7 = Target.parse("armv7-unknown-linux-gnueabihf");
        assertThat(armv7.arch()).isEqualTo("armv7");
        assertThat(armv7.vendor()).isEqualTo("unknown");
        assertThat(armv7.os()).isEqualTo("linux");
        assertThat(armv7.env()).isEqualTo("gnueabihf");
        assertThat(armv7.isGnu()).isTrue();
        assertThat(armv7.facts()).hasValueSatisfying(f -> {
            assertThat(f.elfClass()).isEqualTo(32);
            assertThat(f.elfMachine()).isEqualTo(ElfHeader.EM_ARM);
            assertThat(f.floatAbi()).contains(ArmFloatAbi.HARD);
            assertThat(f.armArchitecture()).isEqualTo(7);
            assertThat(f.lldEmulation()).isEqualTo("armelf_linux_eabi");
            assertThat(f.dynamicLinker()).isEqualTo("/lib/ld-linux-armhf.so.3");
            assertThat(f.glibcAbi()).isEqualTo("arm");
        });

        Target zero = Target.parse("arm-unknown-linux-gnueabihf");
        assertThat(zero.facts().orElseThrow().armArchitecture()).isEqualTo(6);

        Target pi64 = Target.parse("aarch64-unknown-linux-musl");
        assertThat(pi64.isMusl()).isTrue();
        assertThat(pi64.isGnu()).isFalse();
        assertThat(pi64.facts().orElseThrow().elfMachine()).isEqualTo(ElfHeader.EM_AARCH64);
        assertThat(pi64.facts().orElseThrow().elfClass()).isEqualTo(64);
        assertThat(pi64.facts().orElseThrow().floatAbi())
                .as("no float ABI outside 32-bit ARM")
                .isEmpty();
    }

    @Test
    void aTripleOutsideTheTableIsStillATargetWithoutFacts() {
        Target t = Target.parse("powerpc64le-unknown-linux-gnu");

        assertThat(t.isKnown()).isFalse();
        assertThat(t.isGnu()).isTrue();
        assertThat(t.arch()).isEqualTo("powerpc64le");
    }

    @Test
    void threePartTriplesHaveNoEnvironment() {
        Target t = Target.parse("aarch64-apple-darwin");

        assertThat(t.vendor()).isEqualTo("apple");
        assertThat(t.os()).isEqualTo("darwin");
        assertThat(t.env()).isEmpty();
    }

    @Test
    void cargoEnvironmentName() {
        assertThat(Target.parse("armv7-unknown-linux-gnueabihf").cargoEnvName())
                .isEqualTo("ARMV7_UNKNOWN_LINUX_GNUEABIHF");
    }

    @Test
    void targetSpecFilesAreAccepted() {
        assertThat(Target.parse("targets/my-board.json").isKnown()).isFalse();
    }

    @Test
    void textThatCannotBeATripleIsRejectedWithAnExample() {
        assertThatThrownBy(() -> Target.parse("armv7 linux"))
                .hasMessageContaining("'armv7 linux' is not a target triple")
                .hasMessageContaining("armv7-unknown-linux-gnueabihf");
        assertThatThrownBy(() -> Target.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void debianMultiarchNamesWhereADebianRootKeepsTheTargetsLibraries() {
        assertThat(Target.parse("armv7-unknown-linux-gnueabihf").debianMultiarch())
                .isEqualTo("arm-linux-gnueabihf");
        assertThat(Target.parse("arm-unknown-linux-gnueabihf").debianMultiarch())
                .isEqualTo("arm-linux-gnueabihf");
        assertThat(Target.parse("thumbv7neon-unknown-linux-gnueabihf").debianMultiarch())
                .isEqualTo("arm-linux-gnueabihf");
        assertThat(Target.parse("aarch64-unknown-linux-gnu").debianMultiarch()).isEqualTo("aarch64-linux-gnu");
        assertThat(Target.parse("i686-unknown-linux-gnu").debianMultiarch()).isEqualTo("i386-linux-gnu");
        assertThat(Target.parse("powerpc64le-unknown-linux-gnu").debianMultiarch())
                .isEqualTo("powerpc64le-linux-gnu");
    }
}
