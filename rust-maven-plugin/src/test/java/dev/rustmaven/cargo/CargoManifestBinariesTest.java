package dev.rustmaven.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.plugin.MavenSettingNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CargoManifestBinariesTest {

    @TempDir
    Path dir;

    private CargoOptions options(List<String> features, boolean all, boolean noDefault) {
        return new CargoOptions(dir, "release", features, all, noDefault, List.of(), Map.of(), dir, false);
    }

    @Test
    void anExecutableIsBuiltOnlyWhenItsRequiredFeaturesAreEnabledDirectlyByDefaultOrThroughOthers() throws Exception {
        Files.writeString(dir.resolve("Cargo.toml"), """
                [package]
                name = "tool"
                version = "0.1.0"

                [[bin]]
                name = "cli"
                path = "src/cli.rs"
                required-features = ["program"]

                [[bin]]
                name = "always"
                path = "src/always.rs"

                [features]
                default = ["std"]
                std = []
                program = []
                full = ["program"]
                """);
        CargoManifest manifest = CargoManifest.read(dir, MavenSettingNames.INSTANCE);

        assertThat(manifest.binaries()).containsExactly("cli", "always");
        assertThat(manifest.binaries(options(List.of(), false, false))).containsExactly("always");
        assertThat(manifest.binaries(options(List.of("program"), false, true))).containsExactly("cli", "always");
        assertThat(manifest.binaries(options(List.of("full"), false, false))).containsExactly("cli", "always");
        assertThat(manifest.binaries(options(List.of(), true, false))).containsExactly("cli", "always");
    }
}
