package dev.rustmaven.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CargoConfigTest {

    @TempDir
    Path dir;

    @Test
    void theNearestConfigThatSetsALinkerWins() throws Exception {
        // given: the crate's own config, a parent's, and the user's cargo home
        Path crate = Files.createDirectories(dir.resolve("project/src/main/rust"));
        Files.createDirectories(crate.resolve(".cargo"));
        Files.writeString(crate.resolve(".cargo/config.toml"), "[build]\njobs = 2\n");
        Files.createDirectories(dir.resolve("project/.cargo"));
        Files.writeString(
                dir.resolve("project/.cargo/config"),
                "[target.armv7-unknown-linux-gnueabihf]\nlinker = \"arm-linux-gnueabihf-gcc\"\n");
        Path home = Files.createDirectories(dir.resolve("cargo-home"));
        Files.writeString(
                home.resolve("config.toml"),
                "[target.armv7-unknown-linux-gnueabihf]\nlinker = \"other\"\n"
                        + "[target.aarch64-unknown-linux-gnu]\nlinker = \"aarch64-linux-gnu-gcc\"\n");

        // when
        List<Path> files = CargoConfig.files(crate, Map.of("CARGO_HOME", home.toString()), dir.resolve("user"));

        // then
        assertThat(files)
                .containsSubsequence(
                        crate.resolve(".cargo/config.toml"),
                        dir.resolve("project/.cargo/config"),
                        home.resolve("config.toml"));
        assertThat(CargoConfig.linker(files, "armv7-unknown-linux-gnueabihf"))
                .hasValueSatisfying(l -> assertThat(l).startsWith("arm-linux-gnueabihf-gcc (from "));
        assertThat(CargoConfig.linker(files, "aarch64-unknown-linux-gnu"))
                .hasValueSatisfying(l -> assertThat(l).startsWith("aarch64-linux-gnu-gcc"));
        assertThat(CargoConfig.linker(files, "x86_64-unknown-linux-gnu")).isEmpty();
    }

    @Test
    void withoutCargoHomeTheUsersCargoDirectoryIsRead() throws Exception {
        Path user = dir.resolve("user");
        Files.createDirectories(user.resolve(".cargo"));
        Files.writeString(user.resolve(".cargo/config.toml"), "");

        assertThat(CargoConfig.files(Files.createDirectories(dir.resolve("c")), Map.of(), user))
                .contains(user.resolve(".cargo/config.toml"));
    }
}
