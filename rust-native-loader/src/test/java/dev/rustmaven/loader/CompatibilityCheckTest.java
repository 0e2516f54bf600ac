package dev.rustmaven.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.Platform;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A packaged library's properties against the running platform. */
class CompatibilityCheckTest {

    static final String ARMV6 = "arm-unknown-linux-gnueabihf";

    private static Platform linux(Platform.Libc libc, String version) {
        return Platform.builder()
                .os(Platform.Os.LINUX)
                .arch(Platform.Arch.ARM)
                .floatAbi(Platform.FloatAbi.HARD)
                .armVersion(6)
                .libc(libc, version)
                .build();
    }

    private static Properties properties(String triple, String floor) {
        Properties p = new Properties();
        if (triple != null) {
            p.setProperty(NativeResources.TRIPLE, triple);
        }
        if (floor != null) {
            p.setProperty(NativeResources.GLIBC_FLOOR, floor);
        }
        return p;
    }

    @Test
    void withoutPropertiesNothingIsKnownAgainstALibrary() {
        assertThat(new CompatibilityCheck(linux(Platform.Libc.MUSL, null)).incompatibility(ARMV6, new Properties()))
                .isNull();
    }

    @Test
    void aTripleOtherThanTheDirectorysIsAMislabelledJar() {
        // given
        CompatibilityCheck check = new CompatibilityCheck(linux(Platform.Libc.GLIBC, "2.36"));

        // then
        assertThat(check.incompatibility(ARMV6, properties("armv7-unknown-linux-gnueabihf", "2.28")))
                .isEqualTo("its properties say triple armv7-unknown-linux-gnueabihf, not " + ARMV6
                        + ": the jar is mislabelled");
        assertThat(check.incompatibility(ARMV6, properties(" " + ARMV6 + " ", null)))
                .as("spaces around it")
                .isNull();
    }

    @Test
    void aGlibcFloorAboveTheRunningGlibcIsTooOld() {
        // given
        CompatibilityCheck bookworm = new CompatibilityCheck(linux(Platform.Libc.GLIBC, "2.36"));

        // then
        assertThat(bookworm.incompatibility(ARMV6, properties(ARMV6, " 2.41 ")))
                .isEqualTo("glibc too old: the library needs glibc 2.41 (glibc.floor), this system has 2.36");
        assertThat(bookworm.incompatibility(ARMV6, properties(ARMV6, "2.36"))).isNull();
        assertThat(bookworm.incompatibility(ARMV6, properties(ARMV6, "2.4")))
                .as("2.4 is older than 2.36")
                .isNull();
        assertThat(bookworm.incompatibility(ARMV6, properties(ARMV6, " ")))
                .as("an empty floor")
                .isNull();
    }

    @Test
    void aGlibcLibraryDoesNotRunOnMusl() {
        // given
        CompatibilityCheck alpine = new CompatibilityCheck(linux(Platform.Libc.MUSL, null));

        // then
        assertThat(alpine.incompatibility(ARMV6, properties(ARMV6, "2.28")))
                .isEqualTo("built for glibc 2.28 but this system uses musl");
    }

    @Test
    void anUnknownLibcOrVersionIsGivenTheBenefitOfTheDoubt() {
        // given
        CompatibilityCheck unknownLibc = new CompatibilityCheck(linux(Platform.Libc.UNKNOWN, null));
        CompatibilityCheck unknownVersion = new CompatibilityCheck(linux(Platform.Libc.GLIBC, null));
        CompatibilityCheck oddFloor = new CompatibilityCheck(linux(Platform.Libc.GLIBC, "2.36"));

        // then
        assertThat(unknownLibc.incompatibility(ARMV6, properties(ARMV6, "2.41")))
                .isNull();
        assertThat(unknownVersion.incompatibility(ARMV6, properties(ARMV6, "2.41")))
                .isNull();
        assertThat(oddFloor.incompatibility(ARMV6, properties(ARMV6, "2.41-rc1")))
                .isNull();
    }
}
