package dev.rustmaven.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.fs.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeJarTest {

    @TempDir
    Path dir;

    private static final Optional<Instant> FIXED = Optional.of(Instant.parse("2026-11-24T00:00:00Z"));

    private NativeJar.Library lib(String triple, String content) throws Exception {
        Path file =
                Files.createDirectories(dir.resolve("cargo").resolve(triple)).resolve("libhello.so");
        Files.writeString(file, content);
        return new NativeJar.Library(triple, file, Map.of("glibc.floor", "2.28"));
    }

    @Test
    void jarHoldsTheLibraryAndItsDescriptionUnderTheTriple() throws Exception {
        // given
        NativeJar.Library arm = lib("armv7-unknown-linux-gnueabihf", "ELF arm");

        // when
        Path jar = NativeJar.write(dir.resolve("out/hello-1.0-armv7-unknown-linux-gnueabihf.jar"), List.of(arm), FIXED);

        // then
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(Collections.list(j.entries()))
                    .extracting(ZipEntry::getName)
                    .containsExactly(
                            "META-INF/",
                            "META-INF/MANIFEST.MF",
                            "META-INF/native/",
                            "META-INF/native/armv7-unknown-linux-gnueabihf/",
                            "META-INF/native/armv7-unknown-linux-gnueabihf/libhello.so",
                            "META-INF/native/armv7-unknown-linux-gnueabihf/libhello.so.properties");
            ZipEntry so = j.getEntry("META-INF/native/armv7-unknown-linux-gnueabihf/libhello.so");
            assertThat(new String(j.getInputStream(so).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("ELF arm");
            String props = new String(
                    j.getInputStream(j.getEntry("META-INF/native/armv7-unknown-linux-gnueabihf/libhello.so.properties"))
                            .readAllBytes(),
                    StandardCharsets.ISO_8859_1);
            assertThat(props.lines())
                    .containsExactly(
                            "# Written by rust-maven-plugin; read by rust-native-loader",
                            "glibc.floor=2.28",
                            "sha256=" + Sha256.of(arm.library()),
                            "size=7",
                            "triple=armv7-unknown-linux-gnueabihf");
            assertThat(j.getManifest().getMainAttributes().getValue("Created-By"))
                    .isEqualTo("rust-maven-plugin");
        }
    }

    @Test
    void theSameInputsGiveTheSameBytesInAnyTimeZone() throws Exception {
        NativeJar.Library arm = lib("aarch64-unknown-linux-gnu", "ELF aarch64");
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            Path a = NativeJar.write(dir.resolve("a.jar"), List.of(arm), FIXED);
            Thread.sleep(1100);
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            Path b = NativeJar.write(dir.resolve("b.jar"), List.of(arm), FIXED);
            assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void bundleCopiesLibrariesWithTheirDescriptionsIntoTheClassesDirectory() throws Exception {
        NativeJar.Library arm = lib("arm-unknown-linux-gnueabihf", "ELF armv6");

        List<Path> written = NativeJar.copyInto(dir.resolve("classes"), List.of(arm));

        Path so = dir.resolve("classes/META-INF/native/arm-unknown-linux-gnueabihf/libhello.so");
        assertThat(written).containsExactly(so);
        assertThat(so).hasContent("ELF armv6");
        assertThat(so.resolveSibling("libhello.so.properties"))
                .content()
                .contains("triple=arm-unknown-linux-gnueabihf");
    }

    @Test
    void outputTimestampAcceptsIsoAndEpochSecondsAndCanBeOff() {
        assertThat(NativeJar.outputTimestamp("2026-11-24T00:00:00Z")).contains(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(NativeJar.outputTimestamp("1700000000")).contains(Instant.ofEpochSecond(1700000000));
        assertThat(NativeJar.outputTimestamp("2026-11-24T01:00:00+01:00"))
                .contains(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(NativeJar.outputTimestamp(null)).isEmpty();
        assertThat(NativeJar.outputTimestamp("a")).isEmpty();
        assertThatThrownBy(() -> NativeJar.outputTimestamp("yesterday"))
                .hasMessageContaining("project.build.outputTimestamp 'yesterday'");
    }
}
