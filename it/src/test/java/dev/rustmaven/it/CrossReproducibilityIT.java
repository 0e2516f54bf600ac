package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reproducible across directories where the plugin links: mm-core of the reactor fixture cross-compiled for
 * a Pi, linked by the plugin with LLD against its glibc stubs, in two directories, gives the same library
 * and the same per-target jar (with its properties file). {@link ReactorIT} does the same for host builds.
 */
class CrossReproducibilityIT {

    private static final String AARCH64 = "aarch64-unknown-linux-gnu";

    @RegisterExtension
    static final DistMirror server = new DistMirror();

    @Test
    void aLinkedPiLibraryAndItsJarAreTheSameBuiltInTwoDirectories() throws Exception {
        // given
        Path cache = ItSupport.work().resolve("cache-cross-repro");
        Path first = ItSupport.projectAs("reactor", "reactor-cross-a");
        Path second = ItSupport.projectAs("reactor", "reactor-cross-bb");

        // when
        for (Path project : List.of(first, second)) {
            ItSupport.MavenResult result = maven(
                            project,
                            List.of("-pl", "mm-core", "package"),
                            Bench.buildProperties(server.url(), cache, "rust.targets=" + AARCH64))
                    .assertSuccess();
            assertThat(result.log()).contains("Linking " + AARCH64 + " with");
        }

        // then
        List<String> files = List.of(
                "mm-core/target/cargo/" + AARCH64 + "/release/libmm_core.so",
                "mm-core/target/mm-core-1.0-" + AARCH64 + ".jar",
                "mm-core/target/mm-core-1.0.jar");
        List<String> differences = SameBytes.differences(first, second, files);
        assertThat(differences)
                .as("files that differ between " + first + " and " + second + ":\n" + String.join("\n", differences))
                .isEmpty();
    }
}
