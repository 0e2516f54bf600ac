package dev.rustmaven.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PackageRequestTest {

    private static final List<String> NAMES = List.of(
            "libstdc++-9-dev",
            "libstdc++-12-dev",
            "libstdc++-11-dev",
            "libstdc++-12-dev-armhf-cross",
            "libstdc++-arm-dev",
            "libstdc++-dev",
            "libstdc++6");

    @Test
    void aPatternChoosesTheHighestNumberNotTheLastInTextOrder() throws Exception {
        // when
        PackageRequest request = PackageRequest.of("libstdc++-*-dev");

        // then
        assertThat(request.isPattern()).isTrue();
        assertThat(request.choose(NAMES)).contains("libstdc++-12-dev");
        assertThat(request.matches("libstdc++-arm-dev")).isFalse();
        assertThat(request.matches("libstdc++-dev")).isFalse();
        assertThat(request.matches("libstdc++-12-dev-armhf-cross")).isFalse();
        assertThat(PackageRequest.of("libgcc-*-dev").choose(NAMES)).isEmpty();
    }

    @Test
    void anExactNameMeansItself() throws Exception {
        // when
        PackageRequest request = PackageRequest.of(" libstdc++6 ");

        // then
        assertThat(request.text()).isEqualTo("libstdc++6");
        assertThat(request.isPattern()).isFalse();
        assertThat(request.choose(NAMES)).contains("libstdc++6");
        assertThat(PackageRequest.of("libstdc++7").choose(NAMES)).isEmpty();
    }

    @Test
    void whatIsNeitherANameNorAPatternIsRefused() {
        // when / then
        for (String bad : List.of("", "x", "LibC6", "libc6 dev", "lib*-*-dev", "*", "../libc6")) {
            assertThatThrownBy(() -> PackageRequest.of(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            DebianException.class,
                            e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.CONFIGURATION))
                    .hasMessageContaining("'" + bad + "' is not a Debian package name");
        }
    }
}
