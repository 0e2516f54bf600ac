package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PackagingRequestTest {

    private static PackagingRequest request(Optional<String> prefix) {
        return new PackagingRequest(Path.of("target"), "app-1.0", Optional.empty(), Optional.empty(), prefix);
    }

    @Test
    void withoutAPrefixClassifiersAreTriplesAndJarsAreNamedByTheFinalName() {
        PackagingRequest request = request(Optional.empty());

        assertThat(request.classify("aarch64-unknown-linux-gnu")).isEqualTo("aarch64-unknown-linux-gnu");
        assertThat(request.prefixedJarBaseName()).isEqualTo("app-1.0");
    }

    @Test
    void aPrefixGoesBeforeEveryClassifierAndIntoTheJarNames() throws Exception {
        PackagingRequest request = request(PackagingRequest.checkedPrefix(" parser "));

        assertThat(request.classify("aarch64-unknown-linux-gnu")).isEqualTo("parser-aarch64-unknown-linux-gnu");
        assertThat(request.classify("aarch64-unknown-linux-gnu-tool"))
                .isEqualTo("parser-aarch64-unknown-linux-gnu-tool");
        assertThat(request.prefixedJarBaseName()).isEqualTo("app-1.0-parser");
    }

    @Test
    void aBlankPrefixIsNone() throws Exception {
        assertThat(PackagingRequest.checkedPrefix("  ")).isEmpty();
        assertThat(PackagingRequest.checkedPrefix(null)).isEmpty();
        assertThat(request(Optional.of("")).classifierPrefix()).isEmpty();
    }

    @Test
    void aPrefixThatCannotBePartOfAClassifierIsRejectedNamingTheParameter() {
        for (String bad : new String[] {"a/b", "-x", "x-", "a b", "x:y"}) {
            assertThatThrownBy(() -> PackagingRequest.checkedPrefix(bad))
                    .isInstanceOf(BuildException.class)
                    .hasMessageContaining("<classifierPrefix> '" + bad + "'")
                    .satisfies(
                            e -> assertThat(((BuildException) e).kind()).isEqualTo(BuildException.Kind.CONFIGURATION));
        }
    }
}
