package dev.rustmaven.elf;

import static dev.rustmaven.elf.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.rustmaven.elf.ElfHeader.ElfType;
import dev.rustmaven.elf.ElfSymbol.Binding;
import dev.rustmaven.elf.ElfSymbol.Type;
import dev.rustmaven.glibc.GlibcVersion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reads the committed fixtures made by rustc + rust-lld; the expected values are what readelf shows for them. */
class ElfFileTest {

    @Test
    void readsTheHeaderOfAnArmv7HardFloatSharedLibrary() throws Exception {
        // when
        ElfFile so = ElfFile.read(fixture("armv7-hf/libok.so"));

        // then
        ElfHeader h = so.header();
        assertThat(h.elfClass()).isEqualTo(32);
        assertThat(h.bigEndian()).isFalse();
        assertThat(h.osAbi()).isZero();
        assertThat(h.type()).isEqualTo(ElfType.DYN);
        assertThat(h.machine()).isEqualTo(ElfHeader.EM_ARM);
        assertThat(h.flags()).isEqualTo(0x05000400L);
        assertThat(h.armEabiVersion()).isEqualTo(5);
        assertThat(h.armFloatFlag()).contains(ArmFloatAbi.HARD);
        assertThat(so.describe()).isEqualTo("ELF32 ARM EABI5 hard-float");
        assertThat(so.name()).isEqualTo("libok.so");
        assertThat(so.size()).isEqualTo(Files.size(fixture("armv7-hf/libok.so")));
    }

    @Test
    void findsSectionsByNameAndTheSegments() throws Exception {
        // when
        ElfFile so = ElfFile.read(fixture("armv7-hf/libok.so"));

        // then
        assertThat(so.section(".dynsym")).get().satisfies(s -> {
            assertThat(s.type()).isEqualTo(Section.SHT_DYNSYM);
            assertThat(s.entrySize()).isEqualTo(16);
            assertThat(s.size()).isEqualTo(9 * 16);
        });
        assertThat(so.section(".ARM.attributes"))
                .get()
                .extracting(Section::type)
                .isEqualTo(Section.SHT_ARM_ATTRIBUTES);
        assertThat(so.section(".no-such-section")).isEmpty();
        assertThat(so.segments())
                .extracting(Segment::type)
                .contains(
                        Segment.PT_LOAD,
                        Segment.PT_DYNAMIC,
                        Segment.PT_TLS,
                        Segment.PT_GNU_STACK,
                        Segment.PT_ARM_EXIDX);
        assertThat(so.executableStack()).contains(false);
        assertThat(so.interpreter()).isEmpty();
        assertThat(so.hasDynamicSegment()).isTrue();
        assertThat(so.isStaticExecutable()).isFalse();
        assertThat(so.isPie()).isFalse();
    }

    @Test
    void readsTheDynamicSection() throws Exception {
        // when
        ElfFile so = ElfFile.read(fixture("armv7-hf/libok.so"));

        // then
        assertThat(so.needed()).containsExactly("libc.so.6");
        assertThat(so.soname()).contains("libok.so");
        assertThat(so.dynamic().runpath()).isEmpty();
        assertThat(so.dynamic().flags()).isEqualTo(DynamicSection.DF_BIND_NOW);
        assertThat(so.dynamic().flags1()).isEqualTo(DynamicSection.DF_1_NOW);
        assertThat(so.dynamic().bindNow()).isTrue();
    }

    @Test
    void readsDynamicSymbolsWithTheirTypesAndVersions() throws Exception {
        // when
        ElfFile so = ElfFile.read(fixture("armv7-hf/libok.so"));

        // then
        assertThat(so.dynamicSymbols())
                .extracting(ElfSymbol::versionedName)
                .containsExactly(
                        "memcpy@GLIBC_2.4",
                        "fcntl64@GLIBC_2.28",
                        "foo_copy@@LIBOK_1.0",
                        "foo_lock@@LIBOK_1.0",
                        "foo_scale@@LIBOK_1.0",
                        "old_api@LIBOK_0",
                        "FOO_COUNTER@@LIBOK_1.0",
                        "FOO_TLS@@LIBOK_1.0");
        assertThat(so.dynamicSymbol("memcpy")).get().satisfies(s -> {
            assertThat(s.isDefined()).isFalse();
            assertThat(s.type()).isEqualTo(Type.FUNC);
            assertThat(s.binding()).isEqualTo(Binding.GLOBAL);
            assertThat(s.version()).contains(new SymbolVersion("GLIBC_2.4", false, Optional.of("libc.so.6")));
        });
        assertThat(so.dynamicSymbol("foo_lock")).get().satisfies(s -> {
            assertThat(s.isDefined()).isTrue();
            assertThat(s.size()).isEqualTo(8);
            assertThat(s.value()).isEqualTo(0x10380);
            assertThat(s.version()).contains(new SymbolVersion("LIBOK_1.0", false, Optional.empty()));
        });
        assertThat(so.dynamicSymbol("old_api").flatMap(ElfSymbol::version))
                .contains(new SymbolVersion("LIBOK_0", true, Optional.empty()));
        assertThat(so.dynamicSymbol("FOO_COUNTER"))
                .get()
                .extracting(ElfSymbol::type)
                .isEqualTo(Type.OBJECT);
        assertThat(so.dynamicSymbol("FOO_TLS"))
                .get()
                .extracting(ElfSymbol::type)
                .isEqualTo(Type.TLS);
        assertThat(so.exportedSymbols())
                .containsExactly("foo_copy", "foo_lock", "foo_scale", "old_api", "FOO_COUNTER", "FOO_TLS");
    }

    @Test
    void readsVersionDefinitionsAndNeeds() throws Exception {
        // when
        ElfFile so = ElfFile.read(fixture("armv7-hf/libok.so"));

        // then
        assertThat(so.versionDefinitions())
                .containsExactly(
                        new VersionDefinition(1, "libok.so", true, List.of()),
                        new VersionDefinition(2, "LIBOK_0", false, List.of()),
                        new VersionDefinition(3, "LIBOK_1.0", false, List.of()));
        assertThat(so.versionNeeds()).containsExactly(new VersionNeed("libc.so.6", List.of("GLIBC_2.4", "GLIBC_2.28")));
        assertThat(so.requiredVersions()).isEqualTo(Map.of("libc.so.6", List.of("GLIBC_2.4", "GLIBC_2.28")));
        assertThat(so.requiredGlibcVersions()).containsExactly(GlibcVersion.parse("2.4"), GlibcVersion.parse("2.28"));
        assertThat(so.highestGlibcVersion()).contains(GlibcVersion.parse("2.28"));
        assertThat(so.symbolsNeeding("GLIBC_2.28")).containsExactly("fcntl64");
    }

    @Test
    void readsHiddenVersionsOfAFakeGlibc() throws Exception {
        // when
        ElfFile libc = ElfFile.read(fixture("armv7-hf/libc.so.6"));

        // then
        assertThat(libc.soname()).contains("libc.so.6");
        assertThat(libc.versionDefinitions())
                .extracting(VersionDefinition::name)
                .containsExactly("libc.so.6", "GLIBC_2.4", "GLIBC_2.28", "GLIBC_2.34");
        assertThat(libc.dynamicSymbols())
                .extracting(ElfSymbol::versionedName)
                .contains(
                        "pthread_create@@GLIBC_2.34",
                        "pthread_create@GLIBC_2.4",
                        "memcpy@@GLIBC_2.4",
                        "stdout@@GLIBC_2.4");
        assertThat(libc.versionNeeds()).isEmpty();
        assertThat(libc.highestGlibcVersion()).isEmpty();
    }

    @Test
    void readsTheArmBuildAttributesOfArmv7AndArmv6Code() throws Exception {
        // when
        ArmAttributes v7 =
                ElfFile.read(fixture("armv7-hf/libok.so")).armAttributes().orElseThrow();
        ArmAttributes v6 =
                ElfFile.read(fixture("armv6-hf/libok.so")).armAttributes().orElseThrow();

        // then
        assertThat(v7.cpuArch()).isEqualTo(ArmAttributes.CPU_ARCH_V7);
        assertThat(v7.cpuArchName()).isEqualTo("v7");
        assertThat(v7.cpuArchProfile()).isEqualTo('A');
        assertThat(v7.fpArch()).isEqualTo(3);
        assertThat(v7.fpArchName()).isEqualTo("VFPv3");
        assertThat(v7.abiVfpArgs()).isEqualTo(ArmAttributes.VFP_ARGS_VFP);
        assertThat(v7.thumbIsaUse()).isEqualTo(2);
        assertThat(v7.advancedSimdArch()).isZero();
        assertThat(v7.strings()).containsEntry(ArmAttributes.TAG_CONFORMANCE, "2.09");

        assertThat(v6.cpuArch()).isEqualTo(ArmAttributes.CPU_ARCH_V6);
        assertThat(v6.cpuArchName()).isEqualTo("v6");
        assertThat(v6.cpuArchProfile()).isEqualTo((char) 0);
        assertThat(v6.fpArchName()).isEqualTo("VFPv2");
        assertThat(v6.thumbIsaUse()).isEqualTo(1);
        assertThat(v6.abiVfpArgs()).isEqualTo(ArmAttributes.VFP_ARGS_VFP);
    }

    @Test
    void tellsSoftFloatFromEflagsAndAttributes() throws Exception {
        // when
        ElfFile soft = ElfFile.read(fixture("arm-soft/libok.so"));

        // then
        assertThat(soft.header().flags()).isEqualTo(0x05000200L);
        assertThat(soft.header().armFloatFlag()).contains(ArmFloatAbi.SOFT);
        assertThat(soft.armAttributes().orElseThrow().abiVfpArgs()).isEqualTo(ArmAttributes.VFP_ARGS_BASE);
        assertThat(soft.armAttributes().orElseThrow().fpArch()).isZero();
        assertThat(soft.describe()).isEqualTo("ELF32 ARM EABI5 soft-float");
    }

    @Test
    void readsAarch64AndBigEndianAarch64Alike() throws Exception {
        // when
        ElfFile little = ElfFile.read(fixture("aarch64/libok.so"));
        ElfFile big = ElfFile.read(fixture("aarch64-be/libok.so"));

        // then
        for (ElfFile so : List.of(little, big)) {
            assertThat(so.header().elfClass()).isEqualTo(64);
            assertThat(so.header().machine()).isEqualTo(ElfHeader.EM_AARCH64);
            assertThat(so.header().flags()).isZero();
            assertThat(so.armAttributes()).isEmpty();
            assertThat(so.soname()).contains("libok.so");
            assertThat(so.requiredVersions()).isEqualTo(Map.of("libc.so.6", List.of("GLIBC_2.17", "GLIBC_2.28")));
            assertThat(so.dynamicSymbol("foo_lock")).get().satisfies(s -> {
                assertThat(s.value()).isEqualTo(0x1049c);
                assertThat(s.size()).isEqualTo(8);
            });
            assertThat(so.dynamicSymbol("FOO_TLS"))
                    .get()
                    .extracting(ElfSymbol::type)
                    .isEqualTo(Type.TLS);
        }
        assertThat(little.header().bigEndian()).isFalse();
        assertThat(big.header().bigEndian()).isTrue();
        assertThat(little.describe()).isEqualTo("ELF64 AArch64");
        assertThat(big.describe()).isEqualTo("ELF64 AArch64 big-endian");
    }

    @Test
    void tellsStaticFromDynamicExecutables() throws Exception {
        // when
        ElfFile stat = ElfFile.read(fixture("armv7-hf/hello-static"));
        ElfFile dyn = ElfFile.read(fixture("armv7-hf/hello-dynamic"));

        // then
        assertThat(stat.header().type()).isEqualTo(ElfType.EXEC);
        assertThat(stat.header().entry()).isNotZero();
        assertThat(stat.interpreter()).isEmpty();
        assertThat(stat.hasDynamicSegment()).isFalse();
        assertThat(stat.isDynamicallyLinked()).isFalse();
        assertThat(stat.isStaticExecutable()).isTrue();
        assertThat(stat.dynamic()).isEqualTo(DynamicSection.NONE);

        assertThat(dyn.header().type()).isEqualTo(ElfType.DYN);
        assertThat(dyn.interpreter()).contains("/lib/ld-linux-armhf.so.3");
        assertThat(dyn.isDynamicallyLinked()).isTrue();
        assertThat(dyn.isStaticExecutable()).isFalse();
        assertThat(dyn.isPie()).isTrue();
        assertThat(dyn.dynamic().pieFlag()).isTrue();
        assertThat(dyn.soname()).isEmpty();
        assertThat(dyn.requiredVersions()).isEqualTo(Map.of("libc.so.6", List.of("GLIBC_2.34")));
        assertThat(dyn.symbolsNeeding("GLIBC_2.34")).containsExactly("__libc_start_main");
    }

    @Test
    void countsAStaticPieExecutableAsStatic() throws Exception {
        // when
        ElfFile exe = ElfFile.read(fixture("aarch64/hello-static-pie"));

        // then
        assertThat(exe.header().type()).isEqualTo(ElfType.DYN);
        assertThat(exe.hasDynamicSegment()).isTrue();
        assertThat(exe.interpreter()).isEmpty();
        assertThat(exe.needed()).isEmpty();
        assertThat(exe.dynamic().pieFlag()).isTrue();
        assertThat(exe.isPie()).isTrue();
        assertThat(exe.isDynamicallyLinked()).isFalse();
        assertThat(exe.isStaticExecutable()).isTrue();
    }

    @Test
    void readsALibraryWithoutSonameThatNeedsGlibc234() throws Exception {
        // when
        ElfFile so = ElfFile.read(fixture("armv7-hf/libnew.so"));

        // then
        assertThat(so.soname()).isEmpty();
        assertThat(so.highestGlibcVersion()).contains(GlibcVersion.parse("2.34"));
        assertThat(so.symbolsNeeding("GLIBC_2.34")).containsExactly("pthread_create");
        assertThat(so.symbolsNeeding("GLIBC_2.4")).containsExactly("memcpy");
    }

    @Test
    void parsesFromBytesLikeFromAFile() throws Exception {
        // given
        byte[] bytes = Files.readAllBytes(fixture("aarch64/libnew.so"));

        // when
        ElfFile fromBytes = ElfFile.parse(bytes, "in-memory.so");
        ElfFile fromFile = ElfFile.read(fixture("aarch64/libnew.so"));

        // then
        assertThat(fromBytes.name()).isEqualTo("in-memory.so");
        assertThat(fromBytes.dynamicSymbols()).isEqualTo(fromFile.dynamicSymbols());
        assertThat(fromBytes.versionNeeds()).isEqualTo(fromFile.versionNeeds());
        assertThat(fromBytes.sections()).isEqualTo(fromFile.sections());
    }

    @Test
    void readsTheSymbolTableOfAnArmObjectInAnArchive() throws Exception {
        // given: the relocatable object rustc put into libok.a
        ArArchive archive = ArArchive.read(fixture("armv7-hf/libok.a"));
        byte[] object = archive.content(archive.members().get(0));

        // when
        List<ElfSymbol> symbols = ElfFile.symbolTable(object, "ok.o");

        // then: all 17 entries after the null one, as readelf -s lists them
        assertThat(symbols).hasSize(17);
        assertThat(symbols.get(0))
                .isEqualTo(new ElfSymbol(
                        "ok.b4b9cd304002dda3-cgu.0", Type.FILE, Binding.LOCAL, 0, 0, 0xfff1, Optional.empty()));
        assertThat(symbols.get(1).type()).isEqualTo(Type.SECTION);
        assertThat(symbols)
                .filteredOn(s -> s.binding() == Binding.GLOBAL && s.isDefined())
                .extracting(ElfSymbol::name, ElfSymbol::type, ElfSymbol::sectionIndex)
                .containsExactly(
                        tuple("foo_copy", Type.FUNC, 3),
                        tuple("foo_lock", Type.FUNC, 7),
                        tuple("foo_scale", Type.FUNC, 11),
                        tuple("old_api@LIBOK_0", Type.FUNC, 14),
                        tuple("FOO_COUNTER", Type.OBJECT, 17),
                        tuple("FOO_TLS", Type.TLS, 18));
        assertThat(symbols)
                .filteredOn(s -> !s.isDefined())
                .extracting(ElfSymbol::name)
                .containsExactly("memcpy", "fcntl64");
    }

    @Test
    void readsTheSymbolTableOfABigEndian64BitLibraryNotItsDynamicSymbols() throws Exception {
        // given
        byte[] so = Files.readAllBytes(fixture("aarch64-be/libok.so"));

        // when
        List<ElfSymbol> symbols = ElfFile.symbolTable(so, "libok.so");

        // then: .symtab keeps the local mapping symbols and _DYNAMIC, which .dynsym has not
        assertThat(symbols).hasSize(17);
        assertThat(symbols.get(8))
                .isEqualTo(new ElfSymbol("_DYNAMIC", Type.NOTYPE, Binding.LOCAL, 0x204f8, 0, 11, Optional.empty()));
        assertThat(symbols.get(15))
                .isEqualTo(new ElfSymbol("FOO_COUNTER", Type.OBJECT, Binding.GLOBAL, 0x30650, 4, 14, Optional.empty()));
        assertThat(ElfFile.parse(so, "libok.so").dynamicSymbol("_DYNAMIC")).isEmpty();
    }

    @Test
    void aFileWithoutSectionHeadersHasNoSymbolTable() throws Exception {
        // given: libok.so with e_shoff and e_shnum set to 0, as if its section headers were stripped
        byte[] so = Files.readAllBytes(fixture("armv7-hf/libok.so"));
        ByteBuffer.wrap(so).order(ByteOrder.LITTLE_ENDIAN).putInt(32, 0).putShort(48, (short) 0);

        // when
        List<ElfSymbol> symbols = ElfFile.symbolTable(so, "stripped.so");

        // then
        assertThat(symbols).isEmpty();
    }

    @Test
    void tellsElfFilesByTheirSignatureAndRefusesOthersForTheSymbolTable() throws Exception {
        // given
        byte[] text = Files.readAllBytes(fixture("damaged/not-elf.so"));
        byte[] elf = Files.readAllBytes(fixture("armv7-hf/hello-static"));

        // when / then
        assertThat(ElfFile.isElf(elf)).isTrue();
        assertThat(ElfFile.isElf(text)).isFalse();
        assertThat(ElfFile.isElf(new byte[] {0x7f, 'E', 'L'})).isFalse();
        assertThatThrownBy(() -> ElfFile.symbolTable(text, "not-elf.so"))
                .isInstanceOf(ElfFormatException.class)
                .hasMessage("not-elf.so: is not an ELF file: it is of another format");
    }
}
