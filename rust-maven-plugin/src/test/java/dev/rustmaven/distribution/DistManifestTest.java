package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DistManifestTest {

    private static final URI SOURCE = URI.create("https://static.rust-lang.org/dist/channel-rust-1.85.0.toml");
    private static DistManifest manifest;

    @BeforeAll
    static void parseSample() throws IOException, DistException {
        try (InputStream in = DistManifestTest.class.getResourceAsStream("/dist/channel-rust-1.85.0.toml")) {
            manifest = DistManifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), SOURCE);
        }
    }

    @Test
    void readsDateAndPackageVersions() {
        // given the sample manifest / when / then
        assertThat(manifest.date()).isEqualTo("2025-02-20");
        assertThat(manifest.version("rustc")).contains("1.85.0 (4d91de4e4 2025-02-17)");
        assertThat(manifest.version("no-such-package")).isEmpty();
    }

    @Test
    void listsTargetsWithAndWithoutTheUnavailableOnes() throws DistException {
        // given the sample manifest / when
        List<String> all = manifest.targets("rust-std", false);
        List<String> available = manifest.targets("rust-std", true);

        // then
        assertThat(all)
                .contains("armv7-unknown-linux-uclibceabihf", "aarch64-unknown-linux-gnu")
                .hasSize(7);
        assertThat(available).doesNotContain("armv7-unknown-linux-uclibceabihf").hasSize(6);
    }

    @Test
    void prefersTheXzTarballAndKeepsGzAsFallback() throws DistException {
        // given the sample manifest / when
        List<PackageArchive> archives = manifest.archives("rust-std", "aarch64-unknown-linux-gnu");

        // then
        assertThat(archives).extracting(PackageArchive::compression).containsExactly(Compression.XZ, Compression.GZ);
        assertThat(archives.get(0).url())
                .isEqualTo(
                        "https://static.rust-lang.org/dist/2025-02-20/rust-std-1.85.0-aarch64-unknown-linux-gnu.tar.xz");
        assertThat(archives.get(0).sha256()).hasSize(64);
        assertThat(archives.get(0).fileName()).isEqualTo("rust-std-1.85.0-aarch64-unknown-linux-gnu.tar.xz");
    }

    @Test
    void usesGzWhenNoXzIsListed() throws DistException {
        // given the sample manifest / when
        List<PackageArchive> archives = manifest.archives("rust-std", "arm-unknown-linux-gnueabihf");

        // then
        assertThat(archives).extracting(PackageArchive::compression).containsExactly(Compression.GZ);
    }

    @Test
    void anUnavailableTargetSaysSoAndWhatToDo() {
        // given the sample manifest / when / then
        assertThatThrownBy(() -> manifest.archives("rust-std", "armv7-unknown-linux-uclibceabihf"))
                .isInstanceOfSatisfying(
                        DistException.class,
                        e -> assertThat(e.reason()).isEqualTo(DistException.Reason.TARGET_UNAVAILABLE))
                .hasMessageContaining("did not publish rust-std for target 'armv7-unknown-linux-uclibceabihf'")
                .hasMessageContaining("1.85.0 (4d91de4e4 2025-02-17)")
                .hasMessageContaining("Choose another target, or another toolchain")
                .hasMessageContaining("armv7-unknown-linux-gnueabihf, armv7-unknown-linux-musleabihf");
    }

    @Test
    void aTargetMissingFromTheManifestIsReportedAsUnknown() {
        // given the sample manifest / when / then
        assertThatThrownBy(() -> manifest.archives("rust-std", "armv7-unknown-linux-gnueabihff"))
                .isInstanceOfSatisfying(
                        DistException.class,
                        e -> assertThat(e.reason()).isEqualTo(DistException.Reason.TARGET_UNAVAILABLE))
                .hasMessageContaining("does not know the target 'armv7-unknown-linux-gnueabihff'")
                .hasMessageContaining("Check the triple's spelling");
    }

    @Test
    void rejectsOtherManifestVersionsAndBrokenToml() {
        // given
        String versionOne = "manifest-version = \"1\"\n";
        String broken = "manifest-version = \"2\"\n[pkg.rust-std\n";

        // when / then
        assertThatThrownBy(() -> DistManifest.parse(versionOne, SOURCE))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("manifest-version '1'");
        assertThatThrownBy(() -> DistManifest.parse(broken, SOURCE))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("not valid TOML");
    }

    @Test
    void anAvailableTargetWithoutUrlsIsMalformed() throws DistException {
        // given
        DistManifest odd =
                DistManifest.parse("manifest-version = \"2\"\n[pkg.rust-std.target.x]\navailable = true\n", SOURCE);

        // when / then
        assertThatThrownBy(() -> odd.archives("rust-std", "x"))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.MALFORMED))
                .hasMessageContaining("no .tar.xz or .tar.gz URL");
    }

    @Test
    void aHashOfTheWrongLengthOrNotHexIsMalformed() throws DistException {
        // given
        String url = "https://static.rust-lang.org/dist/2025-02-20/rust-std-1.85.0-x.tar.xz";
        String tooShort = "ab".repeat(31);
        String notHex = "g" + "a".repeat(63);
        for (String hash : List.of(tooShort, notHex, "a".repeat(65), "")) {
            DistManifest odd = DistManifest.parse(
                    "manifest-version = \"2\"\n[pkg.rust-std.target.x]\navailable = true\n" + "xz_url = \"" + url
                            + "\"\nxz_hash = \"" + hash + "\"\n",
                    SOURCE);

            // when / then
            assertThatThrownBy(() -> odd.archives("rust-std", "x"))
                    .as(hash)
                    .isInstanceOfSatisfying(
                            DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.MALFORMED))
                    .hasMessageContaining(SOURCE.toString())
                    .hasMessageContaining("bad xz_hash")
                    .hasMessageContaining("Not a sha256 digest for " + url);
        }
    }
}
