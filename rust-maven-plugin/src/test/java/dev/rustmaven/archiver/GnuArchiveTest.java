package dev.rustmaven.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.rustmaven.elf.ElfFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GnuArchiveTest {

    @TempDir
    Path dir;

    private static byte[] bytes(GnuArchive archive) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        archive.writeTo(out);
        assertThat((long) out.size()).as("size()").isEqualTo(archive.size());
        return out.toByteArray();
    }

    private static ArchiveMember text(String name, String content) {
        return new ArchiveMember(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesOneOddSizedMemberWithADeterministicHeaderAndANewlineAfterIt() throws Exception {
        // when
        byte[] written = bytes(GnuArchive.of(List.of(text("odd.txt", "odd")), true));

        // then: no index, since no member is an ELF file
        assertThat(new String(written, StandardCharsets.US_ASCII))
                .isEqualTo("!<arch>\n" + "odd.txt/        0           0     0     644     3         `\n" + "odd\n");
    }

    @Test
    void putsNamesLongerThan15BytesIntoThePaddedLongNameTable() throws Exception {
        // given
        List<ArchiveMember> members = List.of(
                text("exactly-15-byte", "a"),
                text("sixteen-bytes.o1", "bb"),
                text("x.o", ""),
                text("seventeen-bytes.o", "ccc"));

        // when
        GnuArchive archive = GnuArchive.of(members, true);
        ArFile parsed = ArFile.parse(bytes(archive));

        // then: "sixteen-bytes.o1/\n" and "seventeen-bytes.o/\n" make 37 bytes, padded with '\n' to 38
        assertThat(parsed.hasIndex()).isFalse();
        assertThat(parsed.headers())
                .extracting(ArFile.Header::name)
                .containsExactly("//", "exactly-15-byte/", "/0", "x.o/", "/18");
        ArFile.Header table = parsed.headers().get(0);
        assertThat(table).isEqualTo(new ArFile.Header(8, "//", "", "", "", "", 38));
        assertThat(parsed.names()).containsExactly("exactly-15-byte", "sixteen-bytes.o1", "x.o", "seventeen-bytes.o");
        assertThat(parsed.members())
                .extracting(m -> new String(m.data(), StandardCharsets.UTF_8))
                .containsExactly("a", "bb", "", "ccc");
        assertThat(parsed.headers().subList(1, 5))
                .allSatisfy(h -> assertThat(List.of(h.time(), h.owner(), h.group(), h.mode()))
                        .containsExactly("0", "0", "0", "644"));
    }

    @Test
    void indexesTheGlobalDefinedSymbolsOfElfObjectsOfEveryClassAndByteOrder() throws Exception {
        // given: ELF32 little-endian (ARM), ELF32 big-endian (PowerPC), ELF64 big-endian (AArch64) and
        // little-endian (x86-64) objects, and a text file between them
        List<ArchiveMember> members = List.of(
                member(TestObjects.compile(dir, "armv7-unknown-linux-gnueabihf", "arm.o", TestObjects.rich("arm"))),
                text("notes.txt", "not an object"),
                member(TestObjects.compile(
                        dir, "powerpc-unknown-linux-gnu", "ppc32-big-endian.o", TestObjects.rich("ppc"))),
                member(TestObjects.compile(dir, "aarch64_be-unknown-linux-gnu", "a64be.o", TestObjects.rich("be"))),
                member(TestObjects.compile(dir, "x86_64-unknown-linux-gnu", "x64.o", TestObjects.rich("x64"))));

        // when
        GnuArchive archive = GnuArchive.of(members, true);
        ArFile parsed = ArFile.parse(bytes(archive));

        // then: functions, data, weak and thread-local symbols; no undefined, local, section, file or
        // mapping symbols; each entry points at the header of the member that defines it
        assertThat(parsed.hasIndex()).isTrue();
        assertThat(parsed.symbolsOf("arm.o")).containsExactlyInAnyOrderElementsOf(TestObjects.richSymbols("arm"));
        assertThat(parsed.symbolsOf("notes.txt")).isEmpty();
        assertThat(parsed.symbolsOf("ppc32-big-endian.o"))
                .containsExactlyInAnyOrderElementsOf(TestObjects.richSymbols("ppc"));
        assertThat(parsed.symbolsOf("a64be.o")).containsExactlyInAnyOrderElementsOf(TestObjects.richSymbols("be"));
        assertThat(parsed.symbolsOf("x64.o")).containsExactlyInAnyOrderElementsOf(TestObjects.richSymbols("x64"));
        assertThat(parsed.index()).hasSize(20);
        assertThat(archive.index())
                .extracting(GnuArchive.IndexEntry::symbol, GnuArchive.IndexEntry::headerOffset)
                .containsExactlyElementsOf(parsed.index().stream()
                        .map(s -> tuple(s.name(), s.headerOffset()))
                        .toList());
        assertThat(parsed.names()).containsExactly("arm.o", "notes.txt", "ppc32-big-endian.o", "a64be.o", "x64.o");
        assertThat(parsed.members().get(0).data()).isEqualTo(members.get(0).data());
    }

    @Test
    void anObjectWithoutGlobalSymbolsGetsAnEmptyIndexAsWithGnuAr() throws Exception {
        // given
        ArchiveMember object = member(TestObjects.compile(dir, "armv7-unknown-linux-gnueabihf", "empty.o", ""));

        // when
        ArFile parsed = ArFile.parse(bytes(GnuArchive.of(List.of(object), true)));

        // then: a "/" member of 4 bytes, a count of zero
        assertThat(parsed.hasIndex()).isTrue();
        assertThat(parsed.headers().get(0)).isEqualTo(new ArFile.Header(8, "/", "0", "0", "0", "0", 4));
        assertThat(parsed.index()).isEmpty();
    }

    @Test
    void withoutTheIndexModifierThereIsNoIndex() throws Exception {
        // given
        ArchiveMember object =
                member(TestObjects.compile(dir, "armv7-unknown-linux-gnueabihf", "arm.o", TestObjects.rich("arm")));

        // when
        GnuArchive archive = GnuArchive.of(List.of(object), false);

        // then
        assertThat(archive.hasIndex()).isFalse();
        assertThat(archive.index()).isEmpty();
        assertThat(ArFile.parse(bytes(archive)).headers())
                .extracting(ArFile.Header::name)
                .containsExactly("arm.o/");
    }

    @Test
    void theSymbolIndexIsPaddedWithNulToAnEvenSize() throws Exception {
        // given: an object that defines one function, abcd
        ArchiveMember object = member(TestObjects.compile(
                dir, "x86_64-unknown-linux-gnu", "one.o", "#[unsafe(no_mangle)] pub extern \"C\" fn abcd() {}"));

        // when
        byte[] written = bytes(GnuArchive.of(List.of(object), true));

        // then: 4 (count) + 4 (offset) + "abcd\0" = 13, padded to 14
        ArFile parsed = ArFile.parse(written);
        assertThat(parsed.headers().get(0).size()).isEqualTo(14);
        assertThat(Arrays.copyOfRange(written, 8 + 60 + 8, 8 + 60 + 14))
                .isEqualTo(new byte[] {'a', 'b', 'c', 'd', 0, 0});
        assertThat(parsed.index()).containsExactly(new ArFile.Symbol("abcd", 8 + 60 + 14));
    }

    @Test
    void storesLlvmBitcodeWithoutSymbolsAndSaysSo() throws Exception {
        // given: the start of a bitcode file, as clang -flto -c writes it
        ArchiveMember bitcode = new ArchiveMember("lto.o", new byte[] {'B', 'C', (byte) 0xc0, (byte) 0xde, 0x35, 0x14});

        // when
        GnuArchive archive = GnuArchive.of(List.of(bitcode, text("a.txt", "a")), true);

        // then
        assertThat(archive.bitcodeMembers()).containsExactly("lto.o");
        assertThat(archive.hasIndex()).isFalse();
        assertThat(ArFile.parse(bytes(archive)).names()).containsExactly("lto.o", "a.txt");
    }

    @Test
    void aDamagedElfMemberIsAnErrorNamingIt() {
        // given: the ELF signature, then nothing a reader can use
        ArchiveMember broken = new ArchiveMember("broken.o", new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0});

        // when / then
        assertThatThrownBy(() -> GnuArchive.of(List.of(broken), true))
                .isInstanceOf(ElfFormatException.class)
                .hasMessage("broken.o: is too short to be an ELF file (9 bytes)");
    }

    private static ArchiveMember member(Path file) throws IOException {
        return new ArchiveMember(file.getFileName().toString(), Files.readAllBytes(file));
    }
}
