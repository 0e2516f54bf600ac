package dev.rustmaven.loader.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class GlibcProbeTest {

    static final Path HOST_LIBC = Paths.get("/lib/x86_64-linux-gnu/libc.so.6");

    /** What glibc itself says, through getconf (tests may start processes; the loader does not). */
    static String getconfGlibcVersion() throws Exception {
        Process p = new ProcessBuilder("getconf", "GNU_LIBC_VERSION")
                .redirectErrorStream(true)
                .start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            p.waitFor();
            return line == null ? "" : line.replace("glibc ", "").trim();
        }
    }

    @Test
    void readsTheHostGlibcVersionFromItsBanner() throws Exception {
        // given
        HostRequirement.require(Files.isRegularFile(HOST_LIBC), "needs the Debian x86_64 glibc at " + HOST_LIBC);
        String expected = getconfGlibcVersion();

        // when
        Fact<String> version = GlibcProbe.versionOf(Host.system(), HOST_LIBC.toString());

        // then: this project's hosts are Debian bookworm, glibc 2.36
        assertThat(version.value()).isEqualTo(expected).matches("2\\.\\d+");
        assertThat(version.evidence()).contains("banner");
    }

    @Test
    void fallsBackToTheNewestVersionDefinitionWithoutBanner() throws Exception {
        // given: the host libc with its banner blanked out
        HostRequirement.require(Files.isRegularFile(HOST_LIBC), "needs the Debian x86_64 glibc at " + HOST_LIBC);
        byte[] libc = Files.readAllBytes(HOST_LIBC);
        String text = new String(libc, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("release version");
        assertThat(at).isPositive();
        libc[at] = 'X';
        FakeHost host = new FakeHost().file("/lib/libc.so.6", libc);

        // when
        Fact<String> version = GlibcProbe.versionOf(host, "/lib/libc.so.6");

        // then
        assertThat(version.value()).isEqualTo(getconfGlibcVersion());
        assertThat(version.evidence()).contains("newest GLIBC_ symbol version");
    }

    @Test
    void oldGlibcNamesItsVersionInTheFileName() {
        // given: Raspberry Pi OS buster maps /lib/arm-linux-gnueabihf/libc-2.28.so
        FakeHost host = new FakeHost();

        // when
        Fact<String> version = GlibcProbe.versionOf(host, "/lib/arm-linux-gnueabihf/libc-2.28.so");

        // then
        assertThat(version.value()).isEqualTo("2.28");
    }

    @Test
    void theBannerIsTheFirstReleaseVersionFollowedByAVersion() {
        // given
        byte[] rodata = ("\0release version of nothing\0GNU C Library (Debian GLIBC 2.36-9) stable release"
                        + " version 2.36.\0release version 2.99\0")
                .getBytes(StandardCharsets.ISO_8859_1);

        // then
        assertThat(GlibcProbe.bannerVersion(rodata)).isEqualTo("2.36");
        assertThat(GlibcProbe.bannerVersion("release version 2.28.1 ".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("2.28.1");
        assertThat(GlibcProbe.bannerVersion("release version 2.".getBytes(StandardCharsets.ISO_8859_1)))
                .isNull();
        assertThat(GlibcProbe.bannerVersion("release versio".getBytes(StandardCharsets.ISO_8859_1)))
                .isNull();
    }

    @Test
    void onlyALibcFileNameEndingInTwoOrThreeNumbersNamesAVersion() {
        assertThat(GlibcProbe.versionInFileName("/lib/arm-linux-gnueabihf/libc-2.28.so"))
                .isEqualTo("2.28");
        assertThat(GlibcProbe.versionInFileName("/lib/libc-2.28.1.so")).isEqualTo("2.28.1");
        assertThat(GlibcProbe.versionInFileName("/lib/libc-2.so")).isNull();
        assertThat(GlibcProbe.versionInFileName("/lib/libc-2.28.so.6")).isNull();
        assertThat(GlibcProbe.versionInFileName("/lib/x86_64-linux-gnu/libc.so.6"))
                .isNull();
    }

    @Test
    void aFileWithoutAnyVersionMarkIsReportedAsUnknown() {
        // given
        FakeHost host = new FakeHost()
                .file(
                        "/lib/libc.so.6",
                        new ElfBuilder().section(".rodata", 1, new byte[8]).build());

        // when
        Fact<String> version = GlibcProbe.versionOf(host, "/lib/libc.so.6");

        // then
        assertThat(version.found()).isFalse();
        assertThat(version.evidence()).contains("neither a version banner");
    }
}
