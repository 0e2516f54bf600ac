package dev.rustmaven.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.triple.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkerConfigTest {

    @TempDir
    Path dir;

    @Test
    void storedConfigurationLoadsBackEqual() throws Exception {
        // given: paths with characters that mean something in properties files
        LinkerConfig config = new LinkerConfig(
                Path.of("/opt/rust lld/rust-lld"),
                "armv7-unknown-linux-gnueabihf",
                "armelf_linux_eabi",
                "/lib/ld-linux-armhf.so.3",
                "2.28",
                List.of(Path.of("/cache/stubs=2.28"), Path.of("/a#b/c:d"), Path.of("/ünï/cödé")),
                Optional.of(Path.of("/crt files")),
                List.of(Path.of("/w/libstat64.a")),
                List.of("--defsym=x=0", "-z", "now", "\\back"),
                true);
        Path file = dir.resolve("sub/link.properties");

        // when
        config.store(file);
        LinkerConfig loaded = LinkerConfig.load(file);

        // then
        assertThat(loaded).isEqualTo(config);
    }

    @Test
    void plainConfigurationHasOneLinePerValueWithLineBreaksAndBackslashesEscaped() throws Exception {
        // given
        LinkerConfig config = new LinkerConfig(
                Path.of("/opt/rust lld/rust-lld"),
                "armv7-unknown-linux-gnueabihf",
                "armelf_linux_eabi",
                "/lib/ld-linux-armhf.so.3",
                "2.28",
                List.of(Path.of("/cache/stubs=2.28"), Path.of("/a\nb")),
                Optional.of(Path.of("/crt files")),
                List.of(Path.of("/w/libstat64.a")),
                List.of("--defsym=x=0", "\\back\r"),
                true);
        Path file = dir.resolve("link.conf");

        // when
        config.storePlain(file);

        // then
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo("# rust-maven-plugin linker front end configuration for armv7-unknown-linux-gnueabihf\n"
                        + "lld=/opt/rust lld/rust-lld\n"
                        + "triple=armv7-unknown-linux-gnueabihf\n"
                        + "emulation=armelf_linux_eabi\n"
                        + "dynamicLinker=/lib/ld-linux-armhf.so.3\n"
                        + "glibcFloor=2.28\n"
                        + "startFilesDir=/crt files\n"
                        + "searchDir=/cache/stubs=2.28\n"
                        + "searchDir=/a\\nb\n"
                        + "extraObject=/w/libstat64.a\n"
                        + "extraArg=--defsym=x=0\n"
                        + "extraArg=\\\\back\\r\n"
                        + "noUndefinedInSharedObjects=true\n");
    }

    @Test
    void minimalConfigurationLoadsWithEmptyDefaults() throws Exception {
        // given
        Path file = dir.resolve("link.properties");
        Files.writeString(file, "lld=/x/rust-lld\nemulation=aarch64linux\n");

        // when
        LinkerConfig loaded = LinkerConfig.load(file);

        // then
        assertThat(loaded)
                .isEqualTo(new LinkerConfig(
                        Path.of("/x/rust-lld"),
                        "",
                        "aarch64linux",
                        "",
                        "",
                        List.of(),
                        Optional.empty(),
                        List.of(),
                        List.of(),
                        false));
    }

    @Test
    void missingFileIsAnErrorThatSaysWhatToDo() {
        // given
        Path file = dir.resolve("absent.properties");

        // when / then
        assertThatThrownBy(() -> LinkerConfig.load(file))
                .isInstanceOf(LinkerConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("run the rust-maven-plugin build again");
    }

    @Test
    void missingRequiredEntryIsNamed() throws Exception {
        // given
        Path file = dir.resolve("link.properties");
        Files.writeString(file, "lld=/x/rust-lld\n");

        // when / then
        assertThatThrownBy(() -> LinkerConfig.load(file))
                .isInstanceOf(LinkerConfigException.class)
                .hasMessageContaining("'emulation'")
                .hasMessageContaining(file.toString());
    }

    @Test
    void configForAGlibcTargetComesFromTheTargetTable() {
        // when
        LinkerConfig config = LinkerConfigs.forTarget(Target.parse("armv7-unknown-linux-gnueabihf"), Path.of("/l"));

        // then
        assertThat(config.emulation()).isEqualTo("armelf_linux_eabi");
        assertThat(config.dynamicLinker()).isEqualTo("/lib/ld-linux-armhf.so.3");
        assertThat(config.triple()).isEqualTo("armv7-unknown-linux-gnueabihf");
        assertThat(config.noUndefinedInSharedObjects()).isTrue();
        assertThat(config.searchDirs()).isEmpty();
        assertThat(config.startFilesDir()).isEmpty();
    }

    @Test
    void configForAMuslTargetDoesNotAskForZDefs() {
        // when
        LinkerConfig config = LinkerConfigs.forTarget(Target.parse("aarch64-unknown-linux-musl"), Path.of("/l"));

        // then
        assertThat(config.emulation()).isEqualTo("aarch64linux");
        assertThat(config.dynamicLinker()).isEqualTo("/lib/ld-musl-aarch64.so.1");
        assertThat(config.noUndefinedInSharedObjects()).isFalse();
    }

    @Test
    void withersReplaceOnlyTheirPart() {
        // given
        LinkerConfig base = LinkerConfigs.forTarget(Target.parse("aarch64-unknown-linux-gnu"), Path.of("/l"));

        // when
        LinkerConfig config = base.withSearchDirs(List.of(Path.of("/s")))
                .withStartFilesDir(Optional.of(Path.of("/c")))
                .withExtraObjects(List.of(Path.of("/o.a")))
                .withExtraArgs(List.of("-x"))
                .withGlibcFloor("2.31");

        // then
        assertThat(config)
                .isEqualTo(new LinkerConfig(
                        Path.of("/l"),
                        "aarch64-unknown-linux-gnu",
                        "aarch64linux",
                        "/lib/ld-linux-aarch64.so.1",
                        "2.31",
                        List.of(Path.of("/s")),
                        Optional.of(Path.of("/c")),
                        List.of(Path.of("/o.a")),
                        List.of("-x"),
                        true));
    }

    @Test
    void aTargetWithoutFactsCannotBeConfigured() {
        // given
        Target unknown = Target.parse("mips-unknown-linux-gnu");

        // when / then
        assertThatThrownBy(() -> LinkerConfigs.forTarget(unknown, Path.of("/l")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mips-unknown-linux-gnu");
    }
}
