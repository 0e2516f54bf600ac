package dev.rustmaven.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.Platform;
import dev.rustmaven.loader.platform.Platform.Arch;
import dev.rustmaven.loader.platform.Platform.FloatAbi;
import dev.rustmaven.loader.platform.Platform.Libc;
import dev.rustmaven.loader.platform.Platform.Os;
import org.junit.jupiter.api.Test;

class TargetTriplesTest {

    static Platform linuxArm(FloatAbi abi, int version, boolean neon, Libc libc) {
        return Platform.builder()
                .os(Os.LINUX)
                .arch(Arch.ARM)
                .floatAbi(abi)
                .armVersion(version)
                .neon(neon)
                .libc(libc, libc == Libc.GLIBC ? "2.36" : null)
                .build();
    }

    static Platform linux(Arch arch, Libc libc) {
        return Platform.builder().os(Os.LINUX).arch(arch).libc(libc, null).build();
    }

    @Test
    void armv7HardFloatGlibcPrefersArmv7ThenThumbNeonThenArmv6() {
        assertThat(TargetTriples.candidates(linuxArm(FloatAbi.HARD, 7, true, Libc.GLIBC)))
                .containsExactly(
                        "armv7-unknown-linux-gnueabihf",
                        "thumbv7neon-unknown-linux-gnueabihf",
                        "arm-unknown-linux-gnueabihf");
    }

    @Test
    void armv8CoreIn32BitModeRunsTheArmv7Triples() {
        assertThat(TargetTriples.candidates(linuxArm(FloatAbi.HARD, 8, true, Libc.GLIBC)))
                .containsExactly(
                        "armv7-unknown-linux-gnueabihf",
                        "thumbv7neon-unknown-linux-gnueabihf",
                        "arm-unknown-linux-gnueabihf");
    }

    @Test
    void armv7WithoutNeonSkipsTheThumbNeonTriple() {
        assertThat(TargetTriples.candidates(linuxArm(FloatAbi.HARD, 7, false, Libc.GLIBC)))
                .containsExactly("armv7-unknown-linux-gnueabihf", "arm-unknown-linux-gnueabihf");
    }

    @Test
    void piZeroNeverGetsAnArmv7Library() {
        assertThat(TargetTriples.candidates(linuxArm(FloatAbi.HARD, 6, false, Libc.GLIBC)))
                .containsExactly("arm-unknown-linux-gnueabihf");
        assertThat(TargetTriples.candidates(linuxArm(FloatAbi.HARD, 0, false, Libc.GLIBC)))
                .as("an unknown ARM version is treated like ARMv6")
                .containsExactly("arm-unknown-linux-gnueabihf");
    }

    @Test
    void muslArmGetsTheMuslTriples() {
        assertThat(TargetTriples.candidates(linuxArm(FloatAbi.HARD, 7, true, Libc.MUSL)))
                .containsExactly("armv7-unknown-linux-musleabihf", "arm-unknown-linux-musleabihf");
        assertThat(TargetTriples.candidates(linuxArm(FloatAbi.HARD, 6, false, Libc.MUSL)))
                .containsExactly("arm-unknown-linux-musleabihf");
    }

    @Test
    void softFloatGetsGnueabiTriples() {
        assertThat(TargetTriples.candidates(linuxArm(FloatAbi.SOFT, 7, true, Libc.GLIBC)))
                .containsExactly(
                        "armv7-unknown-linux-gnueabi", "arm-unknown-linux-gnueabi", "armv5te-unknown-linux-gnueabi");
    }

    @Test
    void unknownFloatAbiTriesHardFloatFirst() {
        assertThat(TargetTriples.candidates(linuxArm(FloatAbi.UNKNOWN, 6, false, Libc.GLIBC)))
                .containsExactly(
                        "arm-unknown-linux-gnueabihf", "arm-unknown-linux-gnueabi", "armv5te-unknown-linux-gnueabi");
    }

    @Test
    void sixtyFourBitAndX86Linux() {
        assertThat(TargetTriples.candidates(linux(Arch.AARCH64, Libc.GLIBC)))
                .containsExactly("aarch64-unknown-linux-gnu");
        assertThat(TargetTriples.candidates(linux(Arch.AARCH64, Libc.MUSL)))
                .containsExactly("aarch64-unknown-linux-musl");
        assertThat(TargetTriples.candidates(linux(Arch.X86_64, Libc.GLIBC)))
                .containsExactly("x86_64-unknown-linux-gnu");
        assertThat(TargetTriples.candidates(linux(Arch.X86_64, Libc.UNKNOWN)))
                .containsExactly("x86_64-unknown-linux-gnu", "x86_64-unknown-linux-musl");
        assertThat(TargetTriples.candidates(linux(Arch.X86, Libc.GLIBC)))
                .containsExactly("i686-unknown-linux-gnu", "i586-unknown-linux-gnu");
        assertThat(TargetTriples.candidates(linux(Arch.RISCV64, Libc.GLIBC)))
                .containsExactly("riscv64gc-unknown-linux-gnu");
    }

    @Test
    void macWindowsAndUnknownSystems() {
        assertThat(TargetTriples.candidates(
                        Platform.builder().os(Os.MACOS).arch(Arch.AARCH64).build()))
                .containsExactly("aarch64-apple-darwin");
        assertThat(TargetTriples.candidates(
                        Platform.builder().os(Os.MACOS).arch(Arch.X86_64).build()))
                .containsExactly("x86_64-apple-darwin");
        assertThat(TargetTriples.candidates(
                        Platform.builder().os(Os.WINDOWS).arch(Arch.X86_64).build()))
                .containsExactly("x86_64-pc-windows-msvc", "x86_64-pc-windows-gnu");
        assertThat(TargetTriples.candidates(
                        Platform.builder().os(Os.WINDOWS).arch(Arch.AARCH64).build()))
                .containsExactly("aarch64-pc-windows-msvc");
        assertThat(TargetTriples.candidates(
                        Platform.builder().os(Os.OTHER).arch(Arch.X86_64).build()))
                .isEmpty();
    }

    @Test
    void libraryFileNamesFollowRustsConventions() {
        assertThat(TargetTriples.libraryFileName("armv7-unknown-linux-gnueabihf", "adder"))
                .isEqualTo("libadder.so");
        assertThat(TargetTriples.libraryFileName("aarch64-apple-darwin", "adder"))
                .isEqualTo("libadder.dylib");
        assertThat(TargetTriples.libraryFileName("x86_64-pc-windows-msvc", "adder"))
                .isEqualTo("adder.dll");
    }
}
