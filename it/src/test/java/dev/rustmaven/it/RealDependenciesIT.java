package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.installed;
import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A crate with real dependencies (regex, serde with its derive proc-macro, serde_json) taken from
 * Debian's packaged crate sources through the crate's own {@code .cargo/config.toml}.
 */
class RealDependenciesIT {

    @Test
    void buildsWithDependenciesFromTheCratesOwnCargoConfig() throws Exception {
        Bench.requireDebianCrates();
        String host = ItSupport.hostTriple();
        Path project = ItSupport.project("real-deps");

        ItSupport.MavenResult result = maven(project, List.of("install")).assertSuccess();

        assertThat(result.log()).contains("Compiling serde_derive").contains("Compiling regex");
        Path so = installed("dev.rustmaven.it", "real-deps", "1.0", host, "so");
        Path exe = installed("dev.rustmaven.it", "real-deps", "1.0", host, "bin");
        assertThat(so).isRegularFile();
        assertThat(exe).isRegularFile();
        Path runnable = project.resolve("target/boards");
        Files.copy(exe, runnable);
        Files.setPosixFilePermissions(runnable, PosixFilePermissions.fromString("rwxr-xr-x"));
        ItSupport.ProgramResult run = ItSupport.run(List.of(runnable.toString()), 60);
        assertThat(run.output()).contains("{\"model\":\"Pi 5\",\"cores\":4}").contains("quad-core: 3");
    }
}
