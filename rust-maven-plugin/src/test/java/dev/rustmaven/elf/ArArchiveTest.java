package dev.rustmaven.elf;

import static dev.rustmaven.elf.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArArchiveTest {

    @TempDir
    Path temp;

    @Test
    void readsRustcsGnuArchiveWithItsLongMemberName() throws Exception {
        // when
        ArArchive archive = ArArchive.read(fixture("armv7-hf/libok.a"));
        List<ElfFile> objects = archive.elfMembers();

        // then: the "/" symbol index and the "//" name table are not members
        assertThat(archive.members())
                .extracting(ArArchive.Member::name)
                .containsExactly("libok.ok.b4b9cd304002dda3-cgu.0.rcgu.o");
        assertThat(objects).hasSize(1);
        ElfFile object = objects.get(0);
        assertThat(object.name()).isEqualTo("libok.a(libok.ok.b4b9cd304002dda3-cgu.0.rcgu.o)");
        assertThat(object.header().type()).isEqualTo(ElfHeader.ElfType.REL);
        assertThat(object.header().flags()).isEqualTo(0x05000000L);
        assertThat(object.armFloatAbi()).contains(ArmFloatAbi.HARD);
        assertThat(object.describe()).isEqualTo("ELF32 ARM EABI5 hard-float");
        assertThat(object.armAttributes().orElseThrow().cpuArchName()).isEqualTo("v7");
    }

    @Test
    void readsABsdArchive() throws Exception {
        // when
        ArArchive archive = ArArchive.read(fixture("armv6-hf/libok-bsd.a"));

        // then: "__.SYMDEF" is the symbol index, "#1/33" the long name before the data
        assertThat(archive.members())
                .containsExactly(
                        new ArArchive.Member("a-member-with-a-rather-long-name.o", 8 + 60 + 132 + 60 + 36, 1780));
        ElfFile object = archive.elfMembers().get(0);
        assertThat(object.name()).isEqualTo("libok-bsd.a(a-member-with-a-rather-long-name.o)");
        assertThat(object.armAttributes().orElseThrow().cpuArchName()).isEqualTo("v6");
        assertThat(ArArchive.isArchive(fixture("armv6-hf/libok-bsd.a"))).isTrue();
        assertThat(ArArchive.isArchive(fixture("armv6-hf/libok.so"))).isFalse();
    }

    @Test
    void skipsMembersThatAreNotElfAndReadsShortNames() throws Exception {
        // given: a GNU archive with a short-named object and rustc's metadata member
        byte[] object = Files.readAllBytes(fixture("armv7-hf/hello-static"));
        Path file = temp.resolve("libmixed.a");
        Files.write(
                file,
                archive(
                        member("lib.rmeta/", "rust metadata".getBytes(StandardCharsets.UTF_8)),
                        member("start.o/", object)));

        // when
        ArArchive archive = ArArchive.read(file);

        // then
        assertThat(archive.members()).extracting(ArArchive.Member::name).containsExactly("lib.rmeta", "start.o");
        assertThat(archive.elfMembers()).extracting(ElfFile::name).containsExactly("libmixed.a(start.o)");
    }

    @Test
    void readsTheDataOfEachMember() throws Exception {
        // given
        byte[] object = Files.readAllBytes(fixture("armv7-hf/hello-static"));
        byte[] metadata = "odd-sized rust metadata".getBytes(StandardCharsets.UTF_8);
        Path file = temp.resolve("libtwo.a");
        Files.write(file, archive(member("lib.rmeta/", metadata), member("start.o/", object)));
        ArArchive archive = ArArchive.read(file);

        // when
        byte[] first = archive.content(archive.members().get(0));
        byte[] second = archive.content(archive.members().get(1));

        // then
        assertThat(first).isEqualTo(metadata);
        assertThat(second).isEqualTo(object);
    }

    @Test
    void refusesToReadAMemberOfAnArchiveThatShrankSinceItWasListed() throws Exception {
        // given
        Path file = temp.resolve("libshrinking.a");
        Files.write(file, archive(member("a.o/", new byte[100])));
        ArArchive archive = ArArchive.read(file);
        Files.write(file, archive(member("a.o/", new byte[10])));

        // when / then
        assertThatThrownBy(() -> archive.content(archive.members().get(0)))
                .isInstanceOf(ElfFormatException.class)
                .hasMessage(file + ": ends inside member a.o: was the archive changed while being read?");
    }

    @Test
    void refusesATruncatedMember() {
        // given
        Path file = fixture("damaged/truncated-member.a");

        // when / then
        assertThatThrownBy(() -> ArArchive.read(file))
                .isInstanceOf(ElfFormatException.class)
                .hasMessage(file + ": member 'broken.o/' at offset 8 claims 9999 bytes but the archive ends after 4:"
                        + " the archive is truncated");
    }

    @Test
    void refusesThinArchivesAndOtherFiles() throws Exception {
        // given
        Path thin = temp.resolve("libthin.a");
        Files.writeString(thin, "!<thin>\n");

        // when / then
        assertThatThrownBy(() -> ArArchive.read(thin))
                .isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("is a thin archive");
        assertThatThrownBy(() -> ArArchive.read(fixture("armv7-hf/libok.so")))
                .isInstanceOf(ElfFormatException.class)
                .hasMessageEndingWith(
                        "libok.so: is not an ar archive (a static library): it does not start with !<arch>");
    }

    @Test
    void refusesALongNameMissingFromTheNameTable() throws Exception {
        // given
        Path file = temp.resolve("libbad.a");
        Files.write(
                file,
                archive(member("//", "short.o/\n".getBytes(StandardCharsets.US_ASCII)), member("/40", new byte[4])));

        // when / then
        assertThatThrownBy(() -> ArArchive.read(file))
                .isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("refers to long name 40, which is not in the archive's long-name table");
    }

    @Test
    void everyTruncationOfAnArchiveIsReadOrRefusedCleanly() throws Exception {
        // given
        byte[] whole = Files.readAllBytes(fixture("armv7-hf/libok.a"));
        Path file = temp.resolve("cut.a");

        for (int length = 0; length < whole.length; length += 7) {
            Files.write(file, Arrays.copyOf(whole, length));

            // when / then
            try {
                ArArchive.read(file).elfMembers();
            } catch (ElfFormatException e) {
                assertThat(e.getMessage()).contains("cut.a");
            }
        }
    }

    private static byte[] member(String name, byte[] data) {
        String header = String.format("%-16s%-12s%-6s%-6s%-8s%-10d`\n", name, "0", "0", "0", "644", data.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        if (data.length % 2 == 1) {
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static byte[] archive(byte[]... members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
        for (byte[] m : members) {
            out.writeBytes(m);
        }
        return out.toByteArray();
    }
}
