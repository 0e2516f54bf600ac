package dev.rustmaven.glibc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GlibcFloorsTest {

    private static final GlibcAbi ARM = GlibcAbi.load("arm");
    private static final GlibcVersion V2_28 = GlibcVersion.parse("2.28");

    private static StubSpec.StubSymbol symbol(StubSpec spec, String soname, String name) {
        return spec.library(soname).orElseThrow().symbol(name).orElseThrow();
    }

    @Test
    void picksTheNewestVersionAtOrBelowTheFloorOnArm() {
        // when
        StubSpec spec = GlibcFloors.spec(ARM, V2_28);

        // then
        assertThat(symbol(spec, "libc.so.6", "memcpy").version().name()).isEqualTo("GLIBC_2.4");
        assertThat(symbol(spec, "libc.so.6", "getrandom").version().name()).isEqualTo("GLIBC_2.25");
        assertThat(symbol(spec, "libc.so.6", "reallocarray").version().name()).isEqualTo("GLIBC_2.26");
        assertThat(symbol(spec, "libc.so.6", "getrandom").type()).isEqualTo(SymbolType.FUNCTION);
        StubSpec.StubSymbol stdout = symbol(spec, "libc.so.6", "stdout");
        assertThat(stdout.type()).isEqualTo(SymbolType.DATA);
        assertThat(stdout.size()).isEqualTo(4);
    }

    @Test
    void keepsPthreadCreateInLibpthreadBelow234() {
        // when
        StubSpec spec = GlibcFloors.spec(ARM, V2_28);

        // then
        assertThat(symbol(spec, "libpthread.so.0", "pthread_create").version().name())
                .isEqualTo("GLIBC_2.4");
        assertThat(spec.library("libc.so.6").orElseThrow().symbol("pthread_create"))
                .isEmpty();
        assertThat(symbol(spec, "libdl.so.2", "dlopen").version().name()).isEqualTo("GLIBC_2.4");
        assertThat(spec.library("libc.so.6").orElseThrow().symbol("dlopen")).isEmpty();
        assertThat(spec.libraries())
                .extracting(StubSpec.StubLibrary::soname)
                .containsExactlyInAnyOrder(
                        "libc.so.6",
                        "libm.so.6",
                        "ld-linux-armhf.so.3",
                        "libgcc_s.so.1",
                        "libpthread.so.0",
                        "libdl.so.2",
                        "librt.so.1",
                        "libutil.so.1");
    }

    @Test
    void movesTheMergedLibrariesIntoLibcFrom234() {
        // when
        StubSpec spec = GlibcFloors.spec(ARM, GlibcVersion.parse("2.36"));

        // then
        assertThat(spec.libraries())
                .extracting(StubSpec.StubLibrary::soname)
                .containsExactlyInAnyOrder("libc.so.6", "libm.so.6", "ld-linux-armhf.so.3", "libgcc_s.so.1");
        assertThat(symbol(spec, "libc.so.6", "pthread_create").version().name()).isEqualTo("GLIBC_2.34");
        assertThat(symbol(spec, "libc.so.6", "pthread_create").defaultVersion()).isTrue();
    }

    @Test
    void leavesOutSymbolsNewerThanTheFloor() {
        // when
        StubSpec spec = GlibcFloors.spec(ARM, GlibcVersion.RUST_MINIMUM);

        // then
        assertThat(spec.library("libc.so.6").orElseThrow().symbol("getrandom")).isEmpty();
        assertThat(spec.library("libc.so.6").orElseThrow().symbol("stat64")).isEmpty();
        assertThat(symbol(spec, "libc.so.6", "__xstat64").version().name()).isEqualTo("GLIBC_2.4");
    }

    @Test
    void definesNoGlibcVersionAboveTheFloor() {
        for (GlibcVersion floor : GlibcFloors.floors(ARM)) {
            // when
            StubSpec spec = GlibcFloors.spec(ARM, floor);

            // then
            for (StubSpec.StubLibrary library : spec.libraries()) {
                assertThat(library.versionNodes())
                        .allMatch(v -> v.isAllowedAt(floor), library.soname() + " at " + floor);
                assertThat(library.symbols())
                        .allMatch(s -> library.versionNodes().contains(s.version()));
            }
        }
    }

    @Test
    void hidesSymbolsGlibcOnlyKeptForOldBinaries() {
        // when
        StubSpec old = GlibcFloors.spec(ARM, V2_28);
        StubSpec current = GlibcFloors.spec(ARM, GlibcVersion.parse("2.36"));

        // then
        assertThat(symbol(old, "libc.so.6", "sys_errlist").defaultVersion()).isTrue();
        assertThat(symbol(old, "libc.so.6", "sys_errlist").size()).isEqualTo(540);
        assertThat(symbol(current, "libc.so.6", "sys_errlist").defaultVersion()).isFalse();
    }

    @Test
    void keepsLibgccVersionsWhateverTheFloor() {
        // when
        StubSpec spec = GlibcFloors.spec(ARM, GlibcVersion.RUST_MINIMUM);

        // then
        assertThat(symbol(spec, "libgcc_s.so.1", "_Unwind_Resume").version().name())
                .startsWith("GCC_");
        assertThat(symbol(spec, "ld-linux-armhf.so.3", "__tls_get_addr")
                        .version()
                        .name())
                .isEqualTo("GLIBC_2.4");
    }

    @Test
    void rejectsFloorsOutsideTheSupportedRange() {
        assertThatThrownBy(() -> GlibcFloors.spec(ARM, GlibcVersion.parse("2.16")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the floor must be between 2.17")
                .hasMessageContaining("and 2.36");
        assertThatThrownBy(() -> GlibcFloors.spec(ARM, GlibcVersion.parse("2.37")))
                .hasMessageContaining("glibc floor 2.37 is not supported for arm");
    }

    @Test
    void findsTheLowestFloorThatHasASymbol() {
        assertThat(GlibcFloors.lowestFloorWith(ARM, "getrandom")).contains(GlibcVersion.parse("2.25"));
        assertThat(GlibcFloors.lowestFloorWith(ARM, "reallocarray")).contains(GlibcVersion.parse("2.26"));
        assertThat(GlibcFloors.lowestFloorWith(ARM, "memcpy")).contains(GlibcVersion.RUST_MINIMUM);
        assertThat(GlibcFloors.lowestFloorWith(ARM, "stat64")).contains(GlibcVersion.parse("2.33"));
        assertThat(GlibcFloors.lowestFloorWith(ARM, "no_such_function")).isEmpty();
    }

    @Test
    void explainsAMissingSymbolWithTheFloorThatHasIt() {
        assertThat(GlibcFloors.missingSymbolMessage(ARM, "getrandom", GlibcVersion.parse("2.24"), "the floor"))
                .startsWith("`getrandom` does not exist at glibc 2.24; the lowest floor that has it is 2.25")
                .contains("(set the floor to 2.25 or higher");
        assertThat(GlibcFloors.missingSymbolMessage(ARM, "no_such_function", V2_28, "the floor"))
                .contains("not exported by glibc for arm at any floor up to 2.36");
    }

    @Test
    void listsEveryMinorReleaseFromRustsMinimumToTheData() {
        assertThat(GlibcFloors.floors(ARM))
                .hasSize(20)
                .startsWith(GlibcVersion.RUST_MINIMUM)
                .endsWith(GlibcVersion.parse("2.36"));
    }

    @Test
    void usesThe64BitVersionNamesOnX86() {
        // when
        StubSpec spec = GlibcFloors.spec("x86_64", V2_28);

        // then
        assertThat(symbol(spec, "libc.so.6", "memcpy").version().name()).isEqualTo("GLIBC_2.14");
        assertThat(symbol(spec, "libpthread.so.0", "pthread_create").version().name())
                .isEqualTo("GLIBC_2.2.5");
        assertThat(symbol(spec, "ld-linux-x86-64.so.2", "__tls_get_addr")
                        .version()
                        .name())
                .isEqualTo("GLIBC_2.3");
    }
}
