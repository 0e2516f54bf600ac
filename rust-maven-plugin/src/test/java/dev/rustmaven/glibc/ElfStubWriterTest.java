package dev.rustmaven.glibc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.elf.ElfHeader;
import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.triple.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfStubWriterTest {

    @TempDir
    Path tmp;

    private Path writeStub(String triple, String floor, String soname) throws Exception {
        Target target = Target.parse(triple);
        GlibcStubs.StubSet set =
                new GlibcStubs(tmp.resolve("cache"), new RecordingLog()).stubs(target, GlibcVersion.parse(floor));
        return set.directory().resolve(soname);
    }

    private static Map<String, Tools.DynSym> byName(List<Tools.DynSym> syms) {
        return syms.stream().collect(Collectors.toMap(Tools.DynSym::name, Function.identity()));
    }

    @Test
    void takesTheElfIdentityOfTheTargetsOwnLibraries() {
        // when
        ElfStubWriter.ElfFormat hard = ElfStubWriter.ElfFormat.of(facts("armv7-unknown-linux-gnueabihf"));
        ElfStubWriter.ElfFormat soft = ElfStubWriter.ElfFormat.of(facts("arm-unknown-linux-gnueabi"));
        ElfStubWriter.ElfFormat arm64 = ElfStubWriter.ElfFormat.of(facts("aarch64-unknown-linux-gnu"));

        // then: EABI5 and the float ABI bit on ARM, no flags elsewhere
        assertThat(hard).isEqualTo(new ElfStubWriter.ElfFormat(32, false, ElfHeader.EM_ARM, 0x05000400));
        assertThat(soft).isEqualTo(new ElfStubWriter.ElfFormat(32, false, ElfHeader.EM_ARM, 0x05000200));
        assertThat(arm64).isEqualTo(new ElfStubWriter.ElfFormat(64, false, ElfHeader.EM_AARCH64, 0));
    }

    private static Target.Facts facts(String triple) {
        return Target.parse(triple).facts().orElseThrow();
    }

    @Test
    void writesAnArmHardFloatLibcWithSonameVersionsAndTypedSymbols() throws Exception {
        // given
        Tools.requireReadelf();
        Path libc = writeStub("armv7-unknown-linux-gnueabihf", "2.28", "libc.so.6");

        // when
        String header = Tools.runOk(List.of("readelf", "-h", "-d", libc.toString()));
        Map<String, Tools.DynSym> syms = byName(Tools.dynSyms(libc));
        List<String> versions = Tools.versionDefinitions(libc);

        // then
        assertThat(header)
                .contains("ELF32")
                .contains("ARM")
                .contains("DYN (Shared object file)")
                .contains("0x5000400")
                .contains("hard-float ABI")
                .contains("Library soname: [libc.so.6]");
        assertThat(versions).first().isEqualTo("libc.so.6");
        assertThat(versions).contains("GLIBC_2.4", "GLIBC_2.25", "GLIBC_2.28").doesNotContain("GLIBC_2.29");
        assertThat(versions.subList(1, versions.size()))
                .allMatch(v -> !GlibcVersion.parse(v).isNewerThan(GlibcVersion.parse("2.28")));
        assertThat(syms.get("memcpy")).isEqualTo(new Tools.DynSym("memcpy", "GLIBC_2.4", true, "FUNC", 0));
        assertThat(syms.get("getrandom").version()).isEqualTo("GLIBC_2.25");
        assertThat(syms.get("stdout")).isEqualTo(new Tools.DynSym("stdout", "GLIBC_2.4", true, "OBJECT", 4));
        assertThat(syms).doesNotContainKeys("pthread_create", "stat64", "getentropy_not_a_symbol");
        assertThat(syms.values())
                .allMatch(s -> !GlibcVersion.parse(s.version()).isNewerThan(GlibcVersion.parse("2.28")));
    }

    @Test
    void writesHiddenSymbolsOfA64BitLibc() throws Exception {
        // given
        Tools.requireReadelf();
        Path libc = writeStub("x86_64-unknown-linux-gnu", "2.36", "libc.so.6");

        // when
        String header = Tools.runOk(List.of("readelf", "-h", "-l", libc.toString()));
        Map<String, Tools.DynSym> syms = byName(Tools.dynSyms(libc));

        // then
        assertThat(header)
                .contains("ELF64")
                .contains("Advanced Micro Devices X86-64")
                .doesNotContain("TLS");
        assertThat(syms.get("sys_errlist"))
                .isEqualTo(new Tools.DynSym("sys_errlist", "GLIBC_2.12", false, "OBJECT", 1080));
        assertThat(syms.get("pthread_create").version()).isEqualTo("GLIBC_2.34");
    }

    @Test
    void writesThreadLocalSymbolsWithATlsSegment() throws Exception {
        // given: glibc exports no TLS symbols of its own today, so a made-up library shows the support
        Tools.requireReadelf();
        SymbolVersion v1 = new SymbolVersion("TOY_1");
        StubSpec.StubLibrary library = new StubSpec.StubLibrary(
                "libtoy.so.1",
                List.of(v1),
                List.of(
                        new StubSpec.StubSymbol("toy_errno", v1, SymbolType.TLS, 4, true),
                        new StubSpec.StubSymbol("toy_table", v1, SymbolType.DATA, 24, true),
                        new StubSpec.StubSymbol("toy_call", v1, SymbolType.FUNCTION, 0, true)));
        Path file = tmp.resolve("libtoy.so.1");

        // when
        Files.write(file, ElfStubWriter.write(library, new ElfStubWriter.ElfFormat(32, false, ElfHeader.EM_386, 0)));

        // then
        assertThat(Tools.runOk(List.of("readelf", "-l", file.toString()))).contains("TLS");
        assertThat(Tools.dynSyms(file))
                .containsExactlyInAnyOrder(
                        new Tools.DynSym("toy_errno", "TOY_1", true, "TLS", 4),
                        new Tools.DynSym("toy_table", "TOY_1", true, "OBJECT", 24),
                        new Tools.DynSym("toy_call", "TOY_1", true, "FUNC", 0));
    }

    @Test
    void writesTheLoaderAndLibgccOfAarch64() throws Exception {
        // given
        Tools.requireReadelf();
        Path loader = writeStub("aarch64-unknown-linux-gnu", "2.17", "ld-linux-aarch64.so.1");
        Path libgcc = loader.resolveSibling("libgcc_s.so.1");

        // when
        String header = Tools.runOk(List.of("readelf", "-h", "-d", loader.toString()));
        Map<String, Tools.DynSym> loaderSyms = byName(Tools.dynSyms(loader));
        Map<String, Tools.DynSym> gccSyms = byName(Tools.dynSyms(libgcc));

        // then
        assertThat(header).contains("ELF64").contains("AArch64").contains("Library soname: [ld-linux-aarch64.so.1]");
        assertThat(loaderSyms.get("__tls_get_addr").version()).isEqualTo("GLIBC_2.17");
        assertThat(gccSyms.get("_Unwind_Resume").version()).isEqualTo("GCC_3.0");
        assertThat(Files.exists(loader.resolveSibling("libgcc_s.so"))).isTrue();
    }

    @Test
    void computesTheSysVHashOfKnownNames() {
        // Values from the System V ABI's algorithm, as binutils computes them for vd_hash.
        assertThat(ElfStubWriter.elfHash("")).isZero();
        assertThat(ElfStubWriter.elfHash("GLIBC_2.4")).isEqualTo(0x0d696914L);
        assertThat(ElfStubWriter.elfHash("GLIBC_2.2.5")).isEqualTo(0x09691a75L);
    }
}
