package dev.rustmaven.glibc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GlibcAbiTest {

    private static final String SAMPLE = """
            # a comment
            format 1
            abi toy
            release 2.36
            stat-ver 3
            source bookworm libc6:toy 2.36-9 sha256=abc fetched=2026-01-01
            library libc.so.6 from=libc6:toy@2.36-9
            library libpthread.so.0 from=libc6:toy@2.31-13 until=2.34

            [libc.so.6]
            memcpy F GLIBC_2.4 GLIBC_2.14
            pthread_create F GLIBC_2.4+2.34 GLIBC_2.34
            stdout O GLIBC_2.4:4
            sys_errlist O GLIBC_2.4:528 GLIBC_2.12:540 removed=2.32
            errno T GLIBC_2.4:4

            [libpthread.so.0]
            pthread_create F GLIBC_2.4
            """;

    @Test
    void parsesHeaderLibrariesAndSymbolEntries() {
        // when
        GlibcAbi abi = GlibcAbi.parse(SAMPLE, "sample");

        // then
        assertThat(abi.abi()).isEqualTo("toy");
        assertThat(abi.release()).isEqualTo(GlibcVersion.parse("2.36"));
        assertThat(abi.statVer()).isEqualTo(3);
        assertThat(abi.sources())
                .containsExactly(new GlibcAbi.Source("bookworm", "libc6:toy", "2.36-9", "abc", "2026-01-01"));
        assertThat(abi.libraries())
                .extracting(GlibcAbi.Library::soname)
                .containsExactly("libc.so.6", "libpthread.so.0");
        assertThat(abi.library("libpthread.so.0").orElseThrow().until()).contains(GlibcVersion.parse("2.34"));
        GlibcAbi.Library libc = abi.library("libc.so.6").orElseThrow();
        assertThat(libc.until()).isEmpty();
        GlibcAbi.Symbol errlist = libc.symbols().get(3);
        assertThat(errlist.name()).isEqualTo("sys_errlist");
        assertThat(errlist.type()).isEqualTo(SymbolType.DATA);
        assertThat(errlist.entries())
                .containsExactly(
                        new GlibcAbi.Entry(new SymbolVersion("GLIBC_2.4"), 528, Optional.empty()),
                        new GlibcAbi.Entry(new SymbolVersion("GLIBC_2.12"), 540, Optional.empty()));
        assertThat(errlist.removed()).contains(GlibcVersion.parse("2.32"));
        assertThat(libc.symbols().get(1).entries().get(0).since()).contains(GlibcVersion.parse("2.34"));
        assertThat(libc.symbols().get(4).type()).isEqualTo(SymbolType.TLS);
        assertThat(abi.dataSha256()).hasSize(64);
    }

    @Test
    void reportsTheLineOfABadSymbolType() {
        // given
        String bad = SAMPLE.replace("stdout O", "stdout X");

        // when / then
        assertThatThrownBy(() -> GlibcAbi.parse(bad, "bad.abi"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.abi line 13")
                .hasMessageContaining("unknown symbol type 'X'");
    }

    @Test
    void rejectsASectionWithoutALibraryLine() {
        // given
        String bad = SAMPLE.replace("[libpthread.so.0]", "[libdl.so.2]");

        // when / then
        assertThatThrownBy(() -> GlibcAbi.parse(bad, "bad.abi"))
                .hasMessageContaining("section [libdl.so.2] has no 'library libdl.so.2' header line");
    }

    @Test
    void rejectsAnUnknownFormatVersion() {
        assertThatThrownBy(() -> GlibcAbi.parse(SAMPLE.replace("format 1", "format 2"), "new.abi"))
                .hasMessageContaining("format 2 is not supported");
    }

    @Test
    void shipsDataForEveryAbiOfTheTargetTableExceptRiscv() {
        // when
        var shipped = GlibcAbi.shipped();

        // then
        assertThat(shipped).containsExactlyInAnyOrder("aarch64", "arm", "i686", "x86_64");
        for (String name : shipped) {
            GlibcAbi abi = GlibcAbi.load(name);
            assertThat(abi.abi()).isEqualTo(name);
            assertThat(abi.release()).isEqualTo(GlibcVersion.parse("2.36"));
            assertThat(abi.sources())
                    .hasSize(3)
                    .allSatisfy(s -> assertThat(s.sha256()).hasSize(64));
            assertThat(abi.libraries())
                    .extracting(GlibcAbi.Library::soname)
                    .contains(
                            "libc.so.6",
                            "libm.so.6",
                            "libgcc_s.so.1",
                            "libpthread.so.0",
                            "libdl.so.2",
                            "librt.so.1",
                            "libutil.so.1")
                    .anyMatch(s -> s.startsWith("ld-linux"));
            assertThat(abi.libraries()).allSatisfy(l -> assertThat(l.symbols()).isNotEmpty());
        }
    }

    @Test
    void recordsTheStatVersionOfEachArchitecture() {
        assertThat(GlibcAbi.load("x86_64").statVer()).isEqualTo(1);
        assertThat(GlibcAbi.load("i686").statVer()).isEqualTo(3);
        assertThat(GlibcAbi.load("arm").statVer()).isEqualTo(3);
        assertThat(GlibcAbi.load("aarch64").statVer()).isEqualTo(0);
    }

    @Test
    void namesTheShippedAbisWhenOneIsMissing() {
        assertThatThrownBy(() -> GlibcAbi.load("riscv64"))
                .hasMessageContaining("no glibc ABI data for 'riscv64'")
                .hasMessageContaining("tools/glibc-abi/generate.sh")
                .hasMessageContaining("arm");
    }
}
