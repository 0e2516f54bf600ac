package dev.rustmaven.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
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
        List<Path> files = CargoConfig.files(crate, home);

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
    @DisplayName("a crate directory reached through a link: the files above its real path, where cargo looks")
    void aLinkedCrateDirectoryIsSearchedFromItsRealPath() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real/crate"));
        Files.createDirectories(dir.resolve("real/.cargo"));
        Files.writeString(dir.resolve("real/.cargo/config.toml"), "");
        Files.createDirectories(dir.resolve("links/.cargo"));
        Files.writeString(dir.resolve("links/.cargo/config.toml"), "");
        Path link = Files.createSymbolicLink(dir.resolve("links/crate"), real);

        assertThat(CargoConfig.files(link, dir.resolve("no-cargo-home")))
                .contains(dir.resolve("real/.cargo/config.toml").toRealPath())
                .doesNotContain(
                        dir.resolve("links/.cargo/config.toml"),
                        dir.resolve("links/.cargo/config.toml").toRealPath());
    }
}
