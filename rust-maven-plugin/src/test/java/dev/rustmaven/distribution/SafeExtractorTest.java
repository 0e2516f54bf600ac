package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeExtractorTest {

    @TempDir
    Path temp;

    private Path destination() {
        return temp.resolve("dest");
    }

    private SafeExtractor.Result extract(TestTarballs tar) throws IOException, DistException {
        return SafeExtractor.extract(new ByteArrayInputStream(tar.tar()), destination(), name -> true, "test.tar");
    }

    @Test
    void extractsFilesDirectoriesAndKeepsTheExecutableBit() throws Exception {
        // given
        TestTarballs tar = new TestTarballs()
                .directory("top")
                .file("top/lib/libstd.rlib", "rlib".getBytes(StandardCharsets.UTF_8), 0644)
                .file("top/bin/rust-lld", "elf".getBytes(StandardCharsets.UTF_8), 0755);

        // when
        SafeExtractor.Result result = extract(tar);

        // then
        assertThat(result.files()).isEqualTo(2);
        assertThat(destination().resolve("top/lib/libstd.rlib")).hasContent("rlib");
        assertThat(Files.isExecutable(destination().resolve("top/bin/rust-lld")))
                .isTrue();
        assertThat(Files.getPosixFilePermissions(destination().resolve("top/lib/libstd.rlib")))
                .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    void extractsFromCompressedStreams() throws Exception {
        // given
        TestTarballs tar = new TestTarballs().file("a/b.txt", "xz and gz");

        for (Compression compression : Compression.values()) {
            Path dest = temp.resolve(compression.name());
            // when
            try (InputStream in = compression.decompress(new ByteArrayInputStream(tar.compressed(compression)))) {
                SafeExtractor.extract(in, dest, name -> true, "test" + compression.suffix());
            }
            // then
            assertThat(dest.resolve("a/b.txt")).hasContent("xz and gz");
        }
    }

    @Test
    void theFilterDecidesWhatIsWritten() throws Exception {
        // given
        TestTarballs tar = new TestTarballs().file("keep/me.txt", "yes").file("drop/me.txt", "no");

        // when
        SafeExtractor.Result result = SafeExtractor.extract(
                new ByteArrayInputStream(tar.tar()), destination(), name -> name.startsWith("keep/"), "test.tar");

        // then
        assertThat(destination().resolve("keep/me.txt")).exists();
        assertThat(destination().resolve("drop")).doesNotExist();
        assertThat(result.filteredOut()).isEqualTo(1);
    }

    @Test
    void refusesAnEntryClimbingOutWithDotDot() {
        // given
        TestTarballs tar = new TestTarballs().file("top/../../x", "escaped");

        // when / then
        assertThatThrownBy(() -> extract(tar))
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.MALFORMED))
                .hasMessageContaining("top/../../x")
                .hasMessageContaining("climbs out")
                .hasMessageContaining("test.tar");
        assertThat(temp.resolve("x")).doesNotExist();
    }

    @Test
    void refusesAnAbsoluteEntry() {
        // given
        TestTarballs tar = new TestTarballs().file("/abs/x", "escaped");

        // when / then
        assertThatThrownBy(() -> extract(tar)).isInstanceOf(DistException.class).hasMessageContaining("absolute path");
        assertThat(destination().resolve("abs")).doesNotExist();
    }

    @Test
    void refusesASymlinkPointingOutside() {
        // given
        TestTarballs relative = new TestTarballs().symlink("top/link", "../../outside");
        TestTarballs absolute = new TestTarballs().symlink("link", "/etc");

        // when / then
        assertThatThrownBy(() -> extract(relative))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("points outside");
        assertThatThrownBy(() -> extract(absolute))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("absolute");
        assertThat(destination().resolve("link")).doesNotExist();
    }

    @Test
    void refusesASymlinkThatClimbsAfterPassingThroughAnotherLink() {
        // given: "self" points at the destination itself, so "self/.." would be its parent
        TestTarballs tar = new TestTarballs().symlink("escape", "self/..").symlink("self", ".");

        // when / then
        assertThatThrownBy(() -> extract(tar))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("'..' after a name");
    }

    @Test
    void refusesToWriteThroughASymlink() throws IOException {
        // given: a link to a directory inside is fine, but an entry below it would write through it
        Files.createDirectories(temp.resolve("outside"));
        TestTarballs tar =
                new TestTarballs().directory("real").symlink("via", "real").file("via/file.txt", "through the link");

        // when / then
        assertThatThrownBy(() -> extract(tar))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("written through the symbolic link 'via'");
        assertThat(destination().resolve("real/file.txt")).doesNotExist();
    }

    @Test
    void keepsASymlinkThatStaysInside() throws Exception {
        // given
        TestTarballs tar =
                new TestTarballs().file("lib/libLLVM.so.19", "llvm").symlink("lib/sub/libLLVM.so", "../libLLVM.so.19");

        // when
        extract(tar);

        // then
        Path link = destination().resolve("lib/sub/libLLVM.so");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(link).hasContent("llvm");
    }

    @Test
    void anAbsoluteSymlinkCanBeReadAsAPathInsideTheDestination() throws Exception {
        // given: how Debian's libc6-dev links its development library to the runtime one
        TestTarballs tar = new TestTarballs()
                .file("./lib/arm-linux-gnueabihf/libm.so.6", "libm")
                .symlink("./usr/lib/arm-linux-gnueabihf/libm.so", "/lib/arm-linux-gnueabihf/libm.so.6")
                .symlink("./usr/lib/root", "/");

        // when
        SafeExtractor.extract(
                new ByteArrayInputStream(tar.tar()),
                destination(),
                name -> true,
                "libc6-dev.deb",
                SafeExtractor.AbsoluteLinks.INSIDE_DESTINATION);

        // then
        Path link = destination().resolve("usr/lib/arm-linux-gnueabihf/libm.so");
        assertThat(Files.readSymbolicLink(link)).hasToString("../../../lib/arm-linux-gnueabihf/libm.so.6");
        assertThat(link).hasContent("libm");
        assertThat(Files.readSymbolicLink(destination().resolve("usr/lib/root")))
                .hasToString("../..");
    }

    @Test
    void anAbsoluteSymlinkReadInsideTheDestinationCannotClimbOut() throws Exception {
        // given: ".." above the top stays at the top, as in a chroot
        Files.createDirectories(temp.resolve("etc"));
        Files.writeString(temp.resolve("etc/passwd"), "host file");
        TestTarballs tar = new TestTarballs().symlink("a/b/link", "/../../../etc/passwd");

        // when
        SafeExtractor.extract(
                new ByteArrayInputStream(tar.tar()),
                destination(),
                name -> true,
                "test.tar",
                SafeExtractor.AbsoluteLinks.INSIDE_DESTINATION);

        // then: the link names destination/etc/passwd, which does not exist, never the host's file
        Path link = destination().resolve("a/b/link");
        assertThat(Files.readSymbolicLink(link)).hasToString("../../etc/passwd");
        Path resolved = link.toAbsolutePath()
                .getParent()
                .resolve(Files.readSymbolicLink(link))
                .normalize();
        assertThat(resolved).isEqualTo(destination().toAbsolutePath().resolve("etc/passwd"));
        assertThat(Files.exists(link)).isFalse();
    }

    @Test
    void refusesAHardlinkToAFileOutside() {
        // given
        TestTarballs climbing = new TestTarballs().hardlink("passwd", "../etc/passwd");
        TestTarballs absolute = new TestTarballs().hardlink("passwd", "/etc/passwd");

        // when / then
        assertThatThrownBy(() -> extract(climbing))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("climbs out");
        assertThatThrownBy(() -> extract(absolute))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("absolute path");
        assertThat(destination().resolve("passwd")).doesNotExist();
    }

    @Test
    void copiesAHardlinkToAFileExtractedBefore() throws Exception {
        // given
        TestTarballs tar = new TestTarballs()
                .file("bin/rust-lld", "lld".getBytes(StandardCharsets.UTF_8), 0755)
                .hardlink("bin/ld.lld", "bin/rust-lld");

        // when
        extract(tar);

        // then
        assertThat(destination().resolve("bin/ld.lld")).hasContent("lld");
        assertThat(Files.isExecutable(destination().resolve("bin/ld.lld"))).isTrue();
    }

    @Test
    void refusesAHardlinkToAnEarlierSymlink() {
        // given: a link to outside would be refused anyway; a hard link must name a real file
        TestTarballs tar = new TestTarballs().file("f", "x").symlink("s", "f").hardlink("h", "s");

        // when / then
        assertThatThrownBy(() -> extract(tar))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("not a file extracted before it");
    }
}
