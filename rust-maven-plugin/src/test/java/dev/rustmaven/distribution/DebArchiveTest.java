package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebArchiveTest {

    @TempDir
    Path temp;

    private static byte[] deb(String dataName, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(bytes)) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            member(
                    ar,
                    "control.tar.xz",
                    new TestTarballs().file("control", "Package: x").compressed(Compression.XZ));
            member(ar, dataName, data);
        }
        return bytes.toByteArray();
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] content) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, content.length));
        ar.write(content);
        ar.closeArchiveEntry();
    }

    @Test
    void unpacksTheDataMemberOfADebianPackage() throws Exception {
        // given: the layout of Debian's libstd-rust package for armhf
        String rlib = "./usr/lib/rustlib/armv7-unknown-linux-gnueabihf/lib/libstd-abc.rlib";
        byte[] data = new TestTarballs().directory("./usr/").file(rlib, "std").compressed(Compression.XZ);
        byte[] deb = deb("data.tar.xz", data);

        // when
        try (InputStream tar = DebArchive.dataTar(new ByteArrayInputStream(deb), "libstd.deb")) {
            SafeExtractor.extract(tar, temp, name -> true, "libstd.deb");
        }

        // then
        assertThat(temp.resolve("usr/lib/rustlib/armv7-unknown-linux-gnueabihf/lib/libstd-abc.rlib"))
                .hasContent("std");
    }

    @Test
    void anUnknownDataCompressionIsNamed() throws Exception {
        // given
        byte[] deb = deb("data.tar.zst", new byte[] {1, 2, 3});

        // when / then
        assertThatThrownBy(() -> DebArchive.dataTar(new ByteArrayInputStream(deb), "odd.deb"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("odd.deb holds data.tar.zst");
    }

    @Test
    void aFileWithoutDataMemberIsNotADebianPackage() throws Exception {
        // given
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(bytes)) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
        }

        // when / then
        assertThatThrownBy(() -> DebArchive.dataTar(new ByteArrayInputStream(bytes.toByteArray()), "empty.deb"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("not a Debian package");
    }
}
