package dev.rustmaven.elf;

import static dev.rustmaven.elf.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Damaged and foreign files are refused with an ElfFormatException that names the file and the damage. */
class DamagedInputTest {

    @Test
    void refusesATextFile() {
        // given
        Path file = fixture("damaged/not-elf.so");

        // when / then
        assertThatThrownBy(() -> ElfFile.read(file))
                .isInstanceOf(ElfFormatException.class)
                .hasMessage(file + ": is not an ELF file: it is of another format");
    }

    @Test
    void refusesAFileShorterThanTheElfHeader() {
        // given
        Path file = fixture("damaged/short-header.so");

        // when / then
        assertThatThrownBy(() -> ElfFile.read(file))
                .isInstanceOf(ElfFormatException.class)
                .hasMessage(file + ": is truncated: it has 30 bytes, fewer than the 52 of an ELF32 header");
    }

    @Test
    void refusesAFileCutBeforeItsSectionHeaders() {
        // given
        Path file = fixture("damaged/truncated.so");

        // when / then
        assertThatThrownBy(() -> ElfFile.read(file))
                .isInstanceOf(ElfFormatException.class)
                .hasMessageStartingWith(file + ": the section header table (offset ")
                .hasMessageEndingWith("lies outside the file, which has 1000 bytes: the file is truncated or damaged");
    }

    @Test
    void refusesASectionHeaderOffsetPastTheEnd() {
        // given
        Path file = fixture("damaged/bad-section-offset.so");

        // when / then
        assertThatThrownBy(() -> ElfFile.read(file))
                .isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("bad-section-offset.so")
                .hasMessageContaining("offset 2147483632");
    }

    @Test
    void pointsAnArchiveGivenAsElfFileToWhatItIs() {
        // given
        Path file = fixture("armv7-hf/libok.a");

        // when / then
        assertThatThrownBy(() -> ElfFile.read(file))
                .isInstanceOf(ElfFormatException.class)
                .hasMessage(file + ": is not an ELF file: it is an ar archive (a static library)");
    }

    @Test
    void refusesAnEmptyFile() throws Exception {
        // when / then
        assertThatThrownBy(() -> ElfFile.parse(new byte[0], "empty.so"))
                .isInstanceOf(ElfFormatException.class)
                .hasMessage("empty.so: is too short to be an ELF file (0 bytes)");
    }

    @Test
    void everyTruncationOfRealFilesIsReadOrRefusedCleanly() throws Exception {
        for (String name : new String[] {"armv7-hf/libok.so", "aarch64-be/libok.so", "armv7-hf/hello-dynamic"}) {
            // given
            byte[] whole = Files.readAllBytes(fixture(name));

            for (int length = 0; length < whole.length; length++) {
                byte[] cut = Arrays.copyOf(whole, length);

                // when / then: only ElfFormatException may escape, never an index or buffer exception
                try {
                    ElfFile.parse(cut, name + "[0.." + length + "]");
                } catch (ElfFormatException e) {
                    assertThat(e.getMessage()).startsWith(name + "[0.." + length + "]: ");
                }
            }
        }
    }

    @Test
    void randomlyDamagedFilesAreReadOrRefusedCleanly() throws Exception {
        // given
        Random random = new Random(20240601);
        int refused = 0;
        for (String name : new String[] {"armv7-hf/libok.so", "aarch64/libok.so", "armv6-hf/libc.so.6"}) {
            byte[] whole = Files.readAllBytes(fixture(name));
            for (int round = 0; round < 1500; round++) {
                byte[] damaged = whole.clone();
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
                }

                // when / then
                try {
                    ElfFile.parse(damaged, name);
                } catch (ElfFormatException e) {
                    refused++;
                    assertThat(e.getMessage()).startsWith(name + ": ");
                }
            }
        }
        assertThat(refused).as("some damage must be detected").isPositive();
    }
}
