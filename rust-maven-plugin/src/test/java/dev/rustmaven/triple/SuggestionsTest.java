package dev.rustmaven.triple;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> TARGETS = List.of(
            "aarch64-unknown-linux-gnu",
            "aarch64-unknown-linux-musl",
            "armv7-unknown-linux-gnueabihf",
            "armv7-unknown-linux-gnueabi",
            "armv7-unknown-linux-musleabihf",
            "arm-unknown-linux-gnueabihf",
            "x86_64-unknown-linux-gnu",
            "wasm32-unknown-unknown");

    @Test
    void aTypoFindsTheIntendedTripleFirst() {
        assertThat(Suggestions.closest("armv7-unknown-linux-gnueabhf", TARGETS, 3))
                .startsWith("armv7-unknown-linux-gnueabihf")
                .hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void aMissingVendorStillFindsIt() {
        assertThat(Suggestions.closest("aarch64-linux-gnu", TARGETS, 2)).first().isEqualTo("aarch64-unknown-linux-gnu");
    }

    @Test
    void nothingCloseGivesNothing() {
        assertThat(Suggestions.closest("mips-sony-psp", TARGETS, 3)).isEmpty();
    }

    @Test
    void editDistance() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }
}
