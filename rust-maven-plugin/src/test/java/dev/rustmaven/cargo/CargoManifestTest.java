package dev.rustmaven.cargo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.plugin.MavenSettingNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CargoManifestTest {

    @TempDir
    Path crate;

    private void write(String relative, String text) throws IOException {
        Path file = crate.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsCdylibCrateTypeAndLibName() throws Exception {
        // given
        write("Cargo.toml", """
                [package]
                name = "jni-hello"
                version = "0.1.0"

                [lib]
                crate-type = ["cdylib", "rlib"]
                """);
        write("src/lib.rs", "");

        // when
        CargoManifest m = CargoManifest.read(crate, MavenSettingNames.INSTANCE);

        // then
        assertThat(m.packageName()).isEqualTo("jni-hello");
        assertThat(m.library()).isTrue();
        assertThat(m.libName()).isEqualTo("jni_hello");
        assertThat(m.libCrateTypes()).containsExactly("cdylib", "rlib");
        assertThat(m.attachableCrateTypes()).containsExactly("cdylib");
        assertThat(m.binaries()).isEmpty();
        assertThat(m.hasAttachableOutputs()).isTrue();
    }

    @Test
    void readsLegacyCrateTypeSpellingAndExplicitLibName() throws Exception {
        write("Cargo.toml", """
                [package]
                name = "old-style"
                version = "0.1.0"

                [lib]
                name = "native"
                crate_type = ["staticlib"]
                """);

        CargoManifest m = CargoManifest.read(crate, MavenSettingNames.INSTANCE);

        assertThat(m.libName()).isEqualTo("native");
        assertThat(m.libCrateTypes()).containsExactly("staticlib");
        assertThat(m.attachableCrateTypes()).containsExactly("staticlib");
    }

    @Test
    void libraryWithoutCrateTypeIsAnRlibOnlyAndHasNothingToAttach() throws Exception {
        write("Cargo.toml", """
                [package]
                name = "plain"
                version = "0.1.0"
                """);
        write("src/lib.rs", "");

        CargoManifest m = CargoManifest.read(crate, MavenSettingNames.INSTANCE);

        assertThat(m.libCrateTypes()).containsExactly("lib");
        assertThat(m.hasAttachableOutputs()).isFalse();
    }

    @Test
    void findsDeclaredAndAutomaticBinaries() throws Exception {
        write("Cargo.toml", """
                [package]
                name = "tools"
                version = "0.1.0"

                [[bin]]
                name = "declared"
                path = "src/declared.rs"
                """);
        write("src/main.rs", "fn main() {}");
        write("src/bin/extra.rs", "fn main() {}");
        write("src/bin/multi/main.rs", "fn main() {}");
        write("src/bin/notes.txt", "not a binary");

        CargoManifest m = CargoManifest.read(crate, MavenSettingNames.INSTANCE);

        assertThat(m.binaries()).containsExactly("declared", "tools", "extra", "multi");
        assertThat(m.library()).isFalse();
        assertThat(m.hasAttachableOutputs()).isTrue();
    }

    @Test
    void autobinsFalseKeepsOnlyDeclaredBinaries() throws Exception {
        write("Cargo.toml", """
                [package]
                name = "tools"
                version = "0.1.0"
                autobins = false
                """);
        write("src/main.rs", "fn main() {}");

        assertThat(CargoManifest.read(crate, MavenSettingNames.INSTANCE).binaries())
                .isEmpty();
    }

    @Test
    void virtualWorkspaceIsRecognisedWithItsMembers() throws Exception {
        write("Cargo.toml", """
                [workspace]
                members = ["core", "jni"]
                """);

        CargoManifest m = CargoManifest.read(crate, MavenSettingNames.INSTANCE);

        assertThat(m.isVirtualWorkspace()).isTrue();
        assertThat(m.workspaceMembers()).contains(java.util.List.of("core", "jni"));
    }

    @Test
    void workspaceRootWithItsOwnPackageIsNotVirtual() throws Exception {
        write("Cargo.toml", """
                [package]
                name = "root"
                version = "0.1.0"

                [workspace]
                members = ["sub"]

                [lib]
                crate-type = ["cdylib"]
                """);

        assertThat(CargoManifest.read(crate, MavenSettingNames.INSTANCE).isVirtualWorkspace())
                .isFalse();
    }

    @Test
    void missingCargoTomlNamesTheDirectoryAndTheParameter() {
        assertThatThrownBy(() -> CargoManifest.read(crate, MavenSettingNames.INSTANCE))
                .isInstanceOf(CargoException.class)
                .hasMessageContaining("No Cargo.toml in " + crate)
                .hasMessageContaining("<crate>")
                .hasMessageContaining("rust.crate")
                .satisfies(e -> assertThat(((CargoException) e).kind()).isEqualTo(CargoException.Kind.MANIFEST));
    }

    @Test
    void tomlSyntaxErrorNamesFileAndLine() throws Exception {
        write("Cargo.toml", """
                [package]
                name = "broken"
                version = 0.1.0"
                """);

        assertThatThrownBy(() -> CargoManifest.read(crate, MavenSettingNames.INSTANCE))
                .isInstanceOf(CargoException.class)
                .hasMessageContaining(crate.resolve("Cargo.toml") + ":3:")
                .hasMessageContaining("not valid TOML");
    }

    @Test
    void packageWithoutNameIsRejected() throws Exception {
        write("Cargo.toml", """
                [package]
                version = "0.1.0"
                """);

        assertThatThrownBy(() -> CargoManifest.read(crate, MavenSettingNames.INSTANCE))
                .isInstanceOf(CargoException.class)
                .hasMessageContaining("[package] has no name");
    }

    @Test
    void aProcMacroLibraryHasTheProcMacroCrateTypeAndNothingToAttach() throws Exception {
        // given
        write("Cargo.toml", """
                [package]
                name = "pm"
                version = "0.1.0"
                [lib]
                proc-macro = true
                """);
        write("src/lib.rs", "");

        // when
        CargoManifest m = CargoManifest.read(crate, MavenSettingNames.INSTANCE);

        // then
        assertThat(m.libCrateTypes()).containsExactly("proc-macro");
        assertThat(m.hasAttachableOutputs()).isFalse();
        assertThat(m.linksNativeCode()).isFalse();
    }
}
