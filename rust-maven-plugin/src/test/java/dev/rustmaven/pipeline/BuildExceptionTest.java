package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.cargo.CargoException;
import dev.rustmaven.config.InvalidSettingException;
import dev.rustmaven.config.Setting;
import dev.rustmaven.plugin.MavenSettingNames;
import dev.rustmaven.toolchain.ToolchainException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The lower packages' problems become configuration problems (build failures) or environment errors. */
class BuildExceptionTest {

    @Test
    @DisplayName("a wrong Cargo.toml is the project's fault, an unreadable one the environment's")
    void cargo() {
        assertThat(BuildException.from(new CargoException(CargoException.Kind.MANIFEST, "bad", null))
                        .kind())
                .isEqualTo(BuildException.Kind.CONFIGURATION);
        assertThat(BuildException.from(new CargoException(CargoException.Kind.IO, "unreadable", null))
                        .kind())
                .isEqualTo(BuildException.Kind.ENVIRONMENT);
    }

    @Test
    @DisplayName("a tool not found is the configuration's fault, a broken one the environment's")
    void toolchain() {
        assertThat(BuildException.from(new ToolchainException(ToolchainException.Kind.NOT_FOUND, "gone", null))
                        .kind())
                .isEqualTo(BuildException.Kind.CONFIGURATION);
        BuildException broken =
                BuildException.from(new ToolchainException(ToolchainException.Kind.BROKEN, "crashed", null));
        assertThat(broken.kind()).isEqualTo(BuildException.Kind.ENVIRONMENT);
        assertThat(broken).hasMessage("crashed");
    }

    @Test
    @DisplayName("an invalid setting is a configuration problem that names the setting as the user wrote it")
    void invalidSetting() {
        BuildException e = BuildException.invalid(
                new InvalidSettingException(Setting.SYSROOT, "no such directory"), MavenSettingNames.INSTANCE);
        assertThat(e.kind()).isEqualTo(BuildException.Kind.CONFIGURATION);
        assertThat(e).hasMessage("<sysroot> (rust.sysroot): no such directory");
    }
}
