package dev.rustmaven.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolchainFileTest {

    @TempDir
    Path temp;

    private Path write(String relative, String text) throws Exception {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void readsChannelAndTargetsFromTheNearestParentThatHasAFile() throws Exception {
        Path file = write(
                "project/rust-toolchain.toml",
                "[toolchain]\nchannel = \"1.85.0\"\ntargets = [\"armv7-unknown-linux-gnueabihf\", \"aarch64-unknown-linux-gnu\"]\n");
        Path crate = Files.createDirectories(temp.resolve("project/src/main/rust"));

        ToolchainFile found = ToolchainFile.find(crate).orElseThrow();

        assertThat(found.file()).isEqualTo(file);
        assertThat(found.channel()).contains("1.85.0");
        assertThat(found.targets()).containsExactly("armv7-unknown-linux-gnueabihf", "aarch64-unknown-linux-gnu");
        assertThat(found.warnings()).isEmpty();
    }

    @Test
    void aLinkedCrateDirectoryTakesTheFileAboveItsRealPathAsRustupDoes() throws Exception {
        Path file = write("real/rust-toolchain.toml", "[toolchain]\nchannel = \"1.85.0\"\n");
        write("links/rust-toolchain.toml", "[toolchain]\nchannel = \"1.80.0\"\n");
        Path crate = Files.createDirectories(temp.resolve("real/crate"));
        Path link = Files.createSymbolicLink(temp.resolve("links/crate"), crate);

        ToolchainFile found = ToolchainFile.find(link).orElseThrow();

        assertThat(found.file()).isEqualTo(file.toRealPath());
        assertThat(found.channel()).contains("1.85.0");
    }

    @Test
    void readsTheLegacyOneLineFileAndPrefersItAsRustupDoes() throws Exception {
        write("p/rust-toolchain", "nightly-2025-02-01\n");
        write("p/rust-toolchain.toml", "[toolchain]\nchannel = \"stable\"\n");

        ToolchainFile found = ToolchainFile.find(temp.resolve("p")).orElseThrow();

        assertThat(found.channel()).contains("nightly-2025-02-01");
        assertThat(found.warnings()).singleElement().asString().contains("using rust-toolchain as rustup does");
    }

    @Test
    void readsAPathToolchainRelativeToTheFileAndWarnsOfWhatIsNotUsed() throws Exception {
        write("p/rust-toolchain", "[toolchain]\npath = \"../tc\"\ncomponents = [\"clippy\"]\n");

        ToolchainFile found = ToolchainFile.find(temp.resolve("p")).orElseThrow();

        assertThat(found.path()).contains(temp.resolve("tc"));
        assertThat(found.channel()).isEmpty();
        assertThat(found.warnings()).singleElement().asString().contains("components is not used");
    }

    @Test
    void noFileAnywhereIsNoToolchainFile() throws Exception {
        assertThat(ToolchainFile.find(Files.createDirectories(temp.resolve("empty"))))
                .isEmpty();
    }

    @Test
    void aBrokenFileNamesItselfAndSaysWhatToWrite() throws Exception {
        for (String text : List.of(
                "[toolchain\nchannel=",
                "channel = \"stable\"\n",
                "[toolchain]\nchannel = \"stable\"\npath = \"/x\"\n",
                "[toolchain]\nprofile = \"minimal\"\n",
                "[toolchain]\nchannel = \"stable\"\ntargets = \"armv7-unknown-linux-gnueabihf\"\n",
                "[toolchain]\nchannel = 185\n")) {
            Path file = write("bad/rust-toolchain.toml", text);
            assertThatThrownBy(() -> ToolchainFile.read(file))
                    .as(text)
                    .isInstanceOf(ToolchainFile.ToolchainFileException.class)
                    .hasMessageStartingWith("The toolchain file " + file + " ");
        }
    }
}
