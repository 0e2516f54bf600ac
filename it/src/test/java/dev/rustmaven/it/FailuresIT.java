package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken projects fail the build, and the log says what is wrong and what to do. */
class FailuresIT {

    @Test
    void missingCargoToml() throws Exception {
        Path project = ItSupport.project("missing-cargo-toml");

        ItSupport.MavenResult result = maven(project, List.of("package")).assertFailure();

        assertThat(result.log())
                .contains("[ERROR] No Cargo.toml in " + project.resolve("src/main/rust"))
                .contains(", the directory <crate> (rust.crate) names");
    }

    @Test
    void tomlSyntaxErrorIsReportedWithItsLine() throws Exception {
        Path project = ItSupport.project("bad-toml");

        ItSupport.MavenResult result = maven(project, List.of("package")).assertFailure();

        assertThat(result.log())
                .contains(project.resolve("src/main/rust/Cargo.toml") + ":4:")
                .contains("Cargo.toml is not valid TOML");
    }

    @Test
    void unknownTripleListsTheClosestOnes() throws Exception {
        Path project = ItSupport.example("jni-hello", "jni-hello-unknown-triple");

        ItSupport.MavenResult result = maven(project, List.of("package"), "rust.targets=armv7-unknown-linux-gnueabhf")
                .assertFailure();

        assertThat(result.log())
                .contains("Unknown target triple 'armv7-unknown-linux-gnueabhf' in <targets>")
                .contains("Did you mean armv7-unknown-linux-gnueabihf")
                .doesNotContain("Compiling jni-hello");
    }

    @Test
    void rustCodeThatDoesNotCompileNamesTheTargetAndTheError() throws Exception {
        String host = ItSupport.hostTriple();
        Path project = ItSupport.project("failing-rust");

        ItSupport.MavenResult result = maven(project, List.of("package")).assertFailure();

        assertThat(result.log())
                .contains("cargo build failed for target " + host)
                .contains("error[E0308]: mismatched types")
                .contains("[" + host + "] error[E0308]");
    }

    @Test
    void skipSkipsWithAReason() throws Exception {
        Path project = ItSupport.project("failing-rust");

        ItSupport.MavenResult result =
                maven(project, List.of("package"), "rust.skip=true").assertSuccess();

        assertThat(result.log()).contains("Skipping the Rust build: rust.skip is true");
    }
}
