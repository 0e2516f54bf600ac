package dev.rustmaven.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.ElfBuilder;
import dev.rustmaven.loader.platform.ElfFile;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A candidate's own bytes against what its triple expects, before the JVM sees them. */
class LibraryFileCheckTest {

    static final String ARMV6 = "arm-unknown-linux-gnueabihf";
    static final String X86_64 = "x86_64-unknown-linux-gnu";

    @TempDir
    Path temp;

    /** The 64 bytes of an ELF64 little-endian shared object header, without program or section headers. */
    static byte[] elf64(int machine) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.position(16);
        b.putShort((short) ElfFile.ET_DYN).putShort((short) machine).putInt(1);
        b.position(52);
        b.putShort((short) 64);
        return b.array();
    }

    private static String refusal(String triple, byte[] bytes) throws Exception {
        return LibraryFileCheck.refusal(triple, LibraryFileCheck.expected(triple), bytes, bytes.length);
    }

    @Test
    void aWellFormedLibraryOfTheRightArchitecturePasses() throws Exception {
        assertThat(refusal(ARMV6, new ElfBuilder().flags(0x05000400).build())).isNull();
        assertThat(refusal(X86_64, elf64(ElfFile.EM_X86_64))).isNull();
    }

    @Test
    void aLibraryOfAnArchitectureTheLoaderDoesNotKnowIsCheckedOnlyForWhatIsKnown() throws Exception {
        // given: a big-endian 64-bit library (class and byte order the loader cannot predict for this triple)
        String unknown = "powerpc64-unknown-linux-gnu";

        // then: not refused as the wrong architecture; still refused when it is no ELF at all
        assertThat(refusal(unknown, elf64(ElfFile.EM_X86_64))).isNull();
        assertThat(refusal(unknown, "text".getBytes(StandardCharsets.US_ASCII)))
                .startsWith("refused before loading: not an ELF file")
                .contains("expected an ELF shared object for " + unknown);
    }

    @Test
    void aFileThatIsNotElfIsRefusedWithItsFirstBytes() throws Exception {
        // given: what a failed download or a mix-up puts into a jar
        byte[] html = "<!DOCTYPE html><title>404</title>".getBytes(StandardCharsets.US_ASCII);

        // then
        assertThat(refusal(ARMV6, html))
                .isEqualTo("refused before loading: not an ELF file: found bytes 3c 21 44 4f 43 54 59 50"
                        + " (\"<!DOCTYP\"), expected an ELF 32-bit LSB ARM shared object (e_machine 40) for "
                        + ARMV6 + ", starting 7f 45 4c 46 (\"\\x7fELF\")");
        assertThat(refusal(ARMV6, new byte[0]))
                .isEqualTo("refused before loading: not an ELF file: found an empty file, expected an ELF 32-bit"
                        + " LSB ARM shared object (e_machine 40) for " + ARMV6);
    }

    @Test
    void anX8664LibraryOfferedForAnArmTripleIsTheWrongArchitecture() throws Exception {
        assertThat(refusal(ARMV6, elf64(ElfFile.EM_X86_64)))
                .isEqualTo("refused before loading: wrong architecture: found an ELF 64-bit LSB x86-64 file"
                        + " (e_machine 62), expected an ELF 32-bit LSB ARM shared object (e_machine 40) for "
                        + ARMV6);
    }

    @Test
    void aThirtyTwoBitLibraryForASixtyFourBitTripleIsAnElfClassMismatch() throws Exception {
        // given: an AArch64 JVM offered the armhf build under the aarch64 name
        byte[] arm32 = new ElfBuilder().build();

        // then
        assertThat(refusal("aarch64-unknown-linux-gnu", arm32))
                .isEqualTo("refused before loading: wrong architecture: found an ELF 32-bit LSB ARM file"
                        + " (e_machine 40), expected an ELF 64-bit LSB AArch64 shared object (e_machine 183)"
                        + " for aarch64-unknown-linux-gnu");
    }

    @Test
    void softFloatCodeForAHardFloatTripleIsRefused() throws Exception {
        assertThat(refusal(ARMV6, new ElfBuilder().flags(0x05000200).build()))
                .isEqualTo("refused before loading: wrong float ABI: found soft-float code (e_flags 0x5000200),"
                        + " expected hard-float for " + ARMV6);
        assertThat(refusal(
                        "arm-unknown-linux-gnueabi",
                        new ElfBuilder().flags(0x05000400).build()))
                .contains("found hard-float code");
    }

    @Test
    void anExecutableIsNotASharedObject() throws Exception {
        assertThat(refusal(ARMV6, new ElfBuilder().type(2).build()))
                .isEqualTo("refused before loading: not a shared object: found an ELF of e_type 2 (an executable),"
                        + " expected e_type 3 (a shared object)");
    }

    @Test
    void aTruncatedFileIsRefusedWithTheSizeItsHeadersNeed() throws Exception {
        // given: the section header table, last in the file, is cut off
        byte[] whole = new ElfBuilder().interpreter("/lib/ld-linux-armhf.so.3").build();
        byte[] cut = Arrays.copyOf(whole, whole.length - 30);
        byte[] headerOnly = Arrays.copyOf(whole, 40);

        // then
        assertThat(refusal(ARMV6, cut))
                .isEqualTo("refused before loading: truncated: found " + cut.length + " bytes, expected at least "
                        + whole.length + " (where its ELF headers say its last part ends)");
        assertThat(refusal(ARMV6, headerOnly))
                .isEqualTo("refused before loading: truncated: found 40 bytes, expected at least the 52 bytes"
                        + " of an ELF header");
    }

    @Test
    void theSizeOfAJarEntryIsWhatIsCheckedNotJustTheBytesRead() throws Exception {
        // given: a truncated library inside a jar, read through its URL as the loader does
        byte[] whole = new ElfBuilder().interpreter("/lib/ld-linux-armhf.so.3").build();
        byte[] cut = Arrays.copyOf(whole, whole.length - 30);
        String path = NativeResources.libraryPath(ARMV6, "libadder.so");
        Path jar = new TestJars().entry(path, cut).writeJar(temp.resolve("natives.jar"));
        URL url = TestJars.loaderOf(jar).getResource(path);

        // when
        String refusal = LibraryFileCheck.refusal(ARMV6, url);

        // then
        assertThat(refusal).startsWith("refused before loading: truncated: found " + cut.length + " bytes");
        assertThat(LibraryFileCheck.location(path, url)).isEqualTo(path + " in " + jar);
    }

    @Test
    void macOsAndWindowsLibrariesAreNotElfAndNotChecked() {
        assertThat(LibraryFileCheck.expected("aarch64-apple-darwin")).isNull();
        assertThat(LibraryFileCheck.expected("x86_64-pc-windows-msvc")).isNull();
    }

    @Test
    void theNewestGlibcNeedIsFoundAmongTheVersionNeeds() {
        assertThat(LibraryFileCheck.newestGlibcNeed(
                        Arrays.asList("GLIBC_2.4", "GCC_3.5", "GLIBC_2.34", "GLIBC_PRIVATE", "GLIBC_2.28")))
                .isEqualTo("2.34");
        assertThat(LibraryFileCheck.newestGlibcNeed(Arrays.asList("GCC_3.5"))).isNull();
    }
}
