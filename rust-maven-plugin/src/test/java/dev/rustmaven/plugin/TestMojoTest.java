package dev.rustmaven.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TestMojoTest {

    @Test
    @DisplayName("each skip switch is named as the reason; none set means the tests run")
    void skipReasons() {
        assertThat(TestMojo.skipReason(false, false, false, false)).isEmpty();
        assertThat(TestMojo.skipReason(false, false, false, true)).contains("maven.test.skip is true");
        assertThat(TestMojo.skipReason(false, false, true, false)).contains("skipTests is true");
        assertThat(TestMojo.skipReason(false, true, false, false)).contains("rust.test.skip is true");
        assertThat(TestMojo.skipReason(true, false, false, false)).contains("rust.skip is true");
    }
}
