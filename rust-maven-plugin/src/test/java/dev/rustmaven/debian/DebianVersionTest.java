package dev.rustmaven.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianVersionTest {

    /** Each pair in ascending order; every answer was checked with {@code dpkg --compare-versions}. */
    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource(
            delimiter = ' ',
            value = {
                "1.0~rc1 1.0",
                "1.0 1.0-1",
                "1.0-1 1.0a",
                "1.0a 1.0+b1",
                "1.0+b1 1:0.9",
                "1.2.3 1.2.10",
                "9 12",
                "1.0 1.0.0",
                "1.0-1 1.0-1.1",
                "1.0~~ 1.0~",
                "2.36-9+deb12u9 2.36-9+deb12u10",
                "2.36-9+deb12u14~bpo 2.36-9+deb12u14",
                "12.2.0-14 12.2.0-14+deb12u1",
                "4.4.34-1 1:4.4.33-2",
                "6.1.58-1 6.1.176-1"
            })
    void ordersAsDpkgDoes(String lower, String higher) {
        // when / then
        assertThat(DebianVersion.compare(lower, higher)).isNegative();
        assertThat(DebianVersion.compare(higher, lower)).isPositive();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = ' ',
            value = {"1.0 1.0-0", "001 1", "0:1.0 1.0", "1.0-1 1.0-01"})
    void equalVersionsCompareEqual(String a, String b) {
        // when / then
        assertThat(DebianVersion.compare(a, b)).isZero();
    }

    @Test
    void aTildeSortsBeforeEverythingEvenTheEnd() {
        // given Debian Policy's example: ~~ < ~~a < ~ < (nothing) < a
        List<String> ascending = List.of("~~", "~~a", "~", "", "a");

        // when / then
        for (int i = 0; i + 1 < ascending.size(); i++) {
            assertThat(DebianVersion.compareParts(ascending.get(i), ascending.get(i + 1)))
                    .as("%s < %s", ascending.get(i), ascending.get(i + 1))
                    .isNegative();
        }
    }

    @Test
    void digitPartsCompareAsNumbersOfAnyLength() {
        // when / then
        assertThat(DebianVersion.compare("1.99999999999999999999", "1.100000000000000000000"))
                .isNegative();
    }

    @Test
    void sortingPicksTheHighestVersion() {
        // given
        List<DebianVersion> versions = new ArrayList<>();
        for (String v : List.of("2.36-9+deb12u10", "2.36-9", "2.36-9+deb12u9", "2.36-9+deb12u10~rc1")) {
            versions.add(DebianVersion.parse(v));
        }

        // when
        versions.sort(null);

        // then
        assertThat(versions)
                .extracting(DebianVersion::toString)
                .containsExactly("2.36-9", "2.36-9+deb12u9", "2.36-9+deb12u10~rc1", "2.36-9+deb12u10");
    }

    @Test
    void partsAreReadFromTheText() {
        // when
        DebianVersion version = DebianVersion.parse("1:4.4.33-2+b1");

        // then
        assertThat(version.epoch()).isEqualTo(1);
        assertThat(version.upstream()).isEqualTo("4.4.33");
        assertThat(version.revision()).isEqualTo("2+b1");
        assertThat(version).hasToString("1:4.4.33-2+b1");
        assertThat(DebianVersion.parse("6.1.176-1-rt").upstream()).isEqualTo("6.1.176-1");
    }

    @Test
    void malformedVersionsAreNamed() {
        // when / then
        assertThatThrownBy(() -> DebianVersion.parse("x:1.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x:1.0'")
                .hasMessageContaining("epoch");
        assertThatThrownBy(() -> DebianVersion.parse("1.0-"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("revision");
        assertThatThrownBy(() -> DebianVersion.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upstream");
    }
}
