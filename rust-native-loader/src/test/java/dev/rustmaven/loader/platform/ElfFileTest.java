package dev.rustmaven.loader.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class ElfFileTest {

    @Test
    void readsThisHostsLsAsX8664WithItsInterpreter() throws Exception {
        // given
        Path ls = Paths.get("/bin/ls");
        HostRequirement.require(
                HostRequirement.linuxX8664() && Files.isRegularFile(ls), "needs /bin/ls of a Linux x86_64 host");

        // when
        try (ByteSource source = ByteSource.of(ls)) {
            ElfFile elf = ElfFile.read(source);

            // then
            assertThat(elf.is64Bit()).isTrue();
            assertThat(elf.isLittleEndian()).isTrue();
            assertThat(elf.machine()).isEqualTo(ElfFile.EM_X86_64);
            assertThat(elf.interpreter()).startsWith("/lib").contains("ld-linux-x86-64.so.2");
        }
    }

    @Test
    void readsAHardFloatArmHeader() throws Exception {
        // given: a Debian armhf libjvm.so says "Version5 EABI, hard-float ABI"
        byte[] bytes = new ElfBuilder().flags(0x05000400).build();

        // when
        ElfFile elf = ElfFile.read(ByteSource.of(bytes));

        // then
        assertThat(elf.is64Bit()).isFalse();
        assertThat(elf.machine()).isEqualTo(ElfFile.EM_ARM);
        assertThat(elf.flags() & ElfFile.EF_ARM_ABI_FLOAT_HARD).isNotZero();
        assertThat(elf.interpreter()).isNull();
    }

    @Test
    void findsSectionsByNameAndType() throws Exception {
        // given
        byte[] attributes = ElfBuilder.armAttributes("6KZ", ArmAttributes.TAG_ABI_VFP_ARGS, 1);
        byte[] bytes = new ElfBuilder()
                .interpreter("/lib/ld-linux-armhf.so.3")
                .section(".rodata", 1, "hello".getBytes("US-ASCII"))
                .section(".ARM.attributes", ElfFile.SHT_ARM_ATTRIBUTES, attributes)
                .build();

        // when
        ElfFile elf = ElfFile.read(ByteSource.of(bytes));

        // then
        assertThat(elf.interpreter()).isEqualTo("/lib/ld-linux-armhf.so.3");
        assertThat(elf.sectionNamed(".rodata")).containsExactly("hello".getBytes("US-ASCII"));
        assertThat(elf.sectionOfType(ElfFile.SHT_ARM_ATTRIBUTES)).containsExactly(attributes);
        assertThat(elf.sectionNamed(".missing")).isNull();
    }

    @Test
    void listsTheGlibcVersionsThisHostsLibcDefines() throws Exception {
        // given
        Path libc = Paths.get("/lib/x86_64-linux-gnu/libc.so.6");
        HostRequirement.require(Files.isRegularFile(libc), "needs the Debian x86_64 glibc at " + libc);

        // when
        try (ByteSource source = ByteSource.of(libc)) {
            ElfFile elf = ElfFile.read(source);

            // then
            assertThat(elf.versionDefinitions()).contains("GLIBC_2.2.5", "GLIBC_2.17", "GLIBC_2.34", "GLIBC_PRIVATE");
        }
    }

    @Test
    void rejectsAFileThatIsNotElf() {
        // given
        byte[] script = "#!/bin/sh\necho this is a shell script, not a binary, padding padding padding\n".getBytes();

        // then
        assertThatThrownBy(() -> ElfFile.read(ByteSource.of(script))).hasMessageContaining("not an ELF file");
        assertThatThrownBy(() -> ElfFile.read(ByteSource.of(new byte[] {0x7f, 'E', 'L', 'F'})))
                .hasMessageContaining("not an ELF file");
    }

    @Test
    void readsTheGlibcVersionsALibraryNeeds() throws Exception {
        // given
        byte[] bytes = new ElfBuilder()
                .versionNeeds("GLIBC_2.4", "GLIBC_2.34", "GLIBC_2.28")
                .build();

        // when
        ElfFile elf = ElfFile.read(ByteSource.of(bytes));

        // then
        assertThat(elf.versionNeeds()).containsExactly("GLIBC_2.4", "GLIBC_2.34", "GLIBC_2.28");
        assertThat(ElfFile.read(ByteSource.of(new ElfBuilder().build())).versionNeeds())
                .isEmpty();
    }

    @Test
    void theMinimumSizeIsWhereTheLastHeaderTableOrSegmentEnds() throws Exception {
        // given: the builder puts the section header table last
        byte[] bytes = new ElfBuilder().interpreter("/lib/ld-linux-armhf.so.3").build();

        // when
        long minimum = ElfFile.read(ByteSource.of(bytes)).minimumSize();

        // then
        assertThat(minimum).isEqualTo(bytes.length);
    }
}
