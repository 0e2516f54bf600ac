package dev.rustmaven.plugin;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.pipeline.BuildException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

class ClassifierClaimsTest {

    private static MavenProject project() {
        MavenProject project = new MavenProject();
        project.setArtifactId("duo");
        return project;
    }

    @Test
    void twoCratesWithoutPrefixesFailNamingBothExecutionsAndTheParameter() throws Exception {
        // given
        MavenProject project = project();
        ClassifierClaims.claim(project, Optional.empty(), "alpha", Path.of("/p/src/main/rust/alpha"));

        // when / then
        assertThatThrownBy(() ->
                        ClassifierClaims.claim(project, Optional.empty(), "beta", Path.of("/p/src/main/rust/beta")))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("'alpha' (crate /p/src/main/rust/alpha)")
                .hasMessageContaining("'beta' (crate /p/src/main/rust/beta)")
                .hasMessageContaining("<classifierPrefix>beta</classifierPrefix>")
                .hasMessageContaining("'<triple>'");
    }

    @Test
    void differentPrefixesOrTheSameCrateAgainAreFine() throws Exception {
        MavenProject project = project();
        ClassifierClaims.claim(project, Optional.empty(), "alpha", Path.of("/p/a"));

        assertThatCode(() -> {
                    ClassifierClaims.claim(project, Optional.of("beta"), "beta", Path.of("/p/b"));
                    ClassifierClaims.claim(project, Optional.empty(), "default-cli", Path.of("/p/x/../a"));
                })
                .doesNotThrowAnyException();
    }

    @Test
    void theSamePrefixTwiceFails() throws Exception {
        MavenProject project = project();
        ClassifierClaims.claim(project, Optional.of("x"), "one", Path.of("/p/a"));

        assertThatThrownBy(() -> ClassifierClaims.claim(project, Optional.of("x"), "two", Path.of("/p/b")))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("'x-<triple>'");
    }
}
