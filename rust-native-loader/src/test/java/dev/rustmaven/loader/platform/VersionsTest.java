package dev.rustmaven.loader.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void aVersionIsDottedNumbers() {
        assertThat(Versions.isVersion("2")).isTrue();
        assertThat(Versions.isVersion("2.36")).isTrue();
        assertThat(Versions.isVersion("10.0.17")).isTrue();
        assertThat(Versions.isVersion(null)).isFalse();
        assertThat(Versions.isVersion("")).isFalse();
        assertThat(Versions.isVersion("2.")).isFalse();
        assertThat(Versions.isVersion(".2")).isFalse();
        assertThat(Versions.isVersion("2..36")).isFalse();
        assertThat(Versions.isVersion("2.36a")).isFalse();
        assertThat(Versions.isVersion(" 2.36")).isFalse();
        assertThat(Versions.isVersion("２.36")).as("only ASCII digits").isFalse();
    }

    @Test
    void aGlibcVersionHasTwoOrThreeNumbers() {
        assertThat(Versions.isVersion("2.36", 2, 3)).isTrue();
        assertThat(Versions.isVersion("2.28.1", 2, 3)).isTrue();
        assertThat(Versions.isVersion("2", 2, 3)).isFalse();
        assertThat(Versions.isVersion("2.28.1.4", 2, 3)).isFalse();
    }

    @Test
    void theLongestGlibcVersionAtAPlaceIsTaken() {
        assertThat(Versions.glibcVersionLength("2.36.", 0)).isEqualTo(4);
        assertThat(Versions.glibcVersionLength("v 2.28.1 x", 2)).isEqualTo(6);
        assertThat(Versions.glibcVersionLength("2.28.1.4", 0)).isEqualTo(6);
        assertThat(Versions.glibcVersionLength("2.x", 0)).isZero();
        assertThat(Versions.glibcVersionLength("x2.3", 0)).isZero();
        assertThat(Versions.glibcVersionLength("23", 0)).isZero();
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(Versions.compare("2.4", "2.17")).isNegative();
        assertThat(Versions.compare("2.36", "2.36.0")).isZero();
        assertThat(Versions.compare("2.41", "2.36")).isPositive();
    }
}
