package dev.rustmaven.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathDependenciesTest {

    @TempDir
    Path dir;

    private Path write(String relative, String toml) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, toml);
        return file.getParent();
    }

    @Test
    void aPathDependencyOutsideTheCratesOwnWorkspaceIsFound() throws Exception {
        // given: tool depends on core, a sibling; no workspace above them
        write("core/Cargo.toml", "[package]\nname = \"core\"\n");
        Path tool = write("tool/Cargo.toml", """
                [package]
                name = "tool"
                [dependencies]
                core = { path = "../core" }
                serde = "1"
                [target.'cfg(unix)'.build-dependencies]
                gen = { path = "../gen" }
                [dev-dependencies]
                testing = { path = "../testing" }
                """);

        // when
        PathDependencies.Found found = PathDependencies.outsideWorkspace(tool);

        // then: dev-dependencies are not in the outputs
        assertThat(found.workspaceRoot()).isEqualTo(tool.toAbsolutePath().normalize());
        assertThat(found.outside()).extracting(PathDependencies.Outside::name).containsExactly("core", "gen");
        assertThat(found.outside().get(0).directory())
                .isEqualTo(dir.resolve("core").toAbsolutePath().normalize());
    }

    @Test
    void membersOfOneWorkspaceAboveBothAreFine() throws Exception {
        // given
        write(
                "Cargo.toml",
                "[workspace]\nmembers = [\"core\", \"tool\"]\n[workspace.dependencies]\nx = { path = \"x\" }\n");
        write("core/Cargo.toml", "[package]\nname = \"core\"\n");
        Path tool = write(
                "tool/Cargo.toml",
                "[package]\nname = \"tool\"\n[dependencies]\ncore = { path = \"../core\" }\nx = { workspace = true }\n");

        // when
        PathDependencies.Found found = PathDependencies.outsideWorkspace(tool);

        // then
        assertThat(found.workspaceRoot()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(found.outside()).isEmpty();
    }

    @Test
    void anInheritedPathOutsideTheWorkspaceIsFoundAndBadManifestsAreLeftToCargo() throws Exception {
        write("ws/Cargo.toml", "[workspace]\n[workspace.dependencies]\nfar = { path = \"../far\" }\n");
        Path member = write("ws/m/Cargo.toml", "[package]\nname = \"m\"\n[dependencies]\nfar = { workspace = true }\n");
        Path broken = write("broken/Cargo.toml", "[package\n");

        assertThat(PathDependencies.outsideWorkspace(member).outside())
                .extracting(PathDependencies.Outside::name)
                .containsExactly("far");
        assertThat(PathDependencies.outsideWorkspace(broken).outside()).isEmpty();
        assertThat(PathDependencies.outsideWorkspace(dir.resolve("none")).outside())
                .isEmpty();
    }
}
