package dev.rustmaven.cc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.triple.Target;
import org.junit.jupiter.api.Test;

class ClangTargetTest {

    @Test
    void armv7HardFloatGetsArmv7WithVfpv3D16AndTheHardFloatAbi() {
        assertThat(ClangTarget.flags(Target.parse("armv7-unknown-linux-gnueabihf")))
                .containsExactly(
                        "--target=armv7-unknown-linux-gnueabihf",
                        "-march=armv7-a",
                        "-mfpu=vfpv3-d16",
                        "-mfloat-abi=hard");
    }

    @Test
    void theArmv6TriplesGetArmv6ArmInstructionsAndVfpv2ForThePiZero() {
        assertThat(ClangTarget.flags(Target.parse("arm-unknown-linux-gnueabihf")))
                .containsExactly(
                        "--target=arm-unknown-linux-gnueabihf",
                        "-march=armv6",
                        "-marm",
                        "-mfpu=vfp",
                        "-mfloat-abi=hard");
        assertThat(ClangTarget.flags(Target.parse("arm-unknown-linux-gnueabi")))
                .containsExactly("--target=arm-unknown-linux-gnueabi", "-march=armv6", "-marm", "-mfloat-abi=soft");
    }

    @Test
    void muslAndThumbTriplesKeepTheirOwnFlags() {
        assertThat(ClangTarget.flags(Target.parse("armv7-unknown-linux-musleabihf")))
                .containsExactly(
                        "--target=armv7-unknown-linux-musleabihf",
                        "-march=armv7-a",
                        "-mfpu=vfpv3-d16",
                        "-mfloat-abi=hard");
        assertThat(ClangTarget.flags(Target.parse("thumbv7neon-unknown-linux-gnueabihf")))
                .contains("-mthumb", "-mfpu=neon-vfpv4", "-mfloat-abi=hard");
    }

    @Test
    void sixtyFourBitTargetsNeedOnlyTheTriple() {
        assertThat(ClangTarget.flags(Target.parse("aarch64-unknown-linux-gnu")))
                .containsExactly("--target=aarch64-unknown-linux-gnu");
        assertThat(ClangTarget.flags(Target.parse("riscv64gc-unknown-linux-gnu")))
                .containsExactly("--target=riscv64-unknown-linux-gnu");
    }
}
