package dev.rustmaven.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GccArgumentTranslatorTest {

    static Stream<Arguments> passedOnOptions() {
        return Stream.of(
                Arguments.of(List.of("-Wl,a,b,c"), List.of("a", "b", "c")),
                Arguments.of(List.of("-Wl,-soname=libx.so"), List.of("-soname=libx.so")),
                Arguments.of(List.of("-Wl,--version-script=/t/list"), List.of("--version-script=/t/list")),
                Arguments.of(List.of("-Wl,-z,relro,-z,now"), List.of("-z", "relro", "-z", "now")),
                Arguments.of(List.of("-Wl,-O1", "-Wl,--as-needed"), List.of("-O1", "--as-needed")),
                Arguments.of(
                        List.of("-Wl,-Bstatic", "-lfoo", "-Wl,-Bdynamic", "-lc"),
                        List.of("-Bstatic", "-lfoo", "-Bdynamic", "-lc")),
                Arguments.of(
                        List.of("-Wl,--eh-frame-hdr", "-Wl,--gc-sections"), List.of("--eh-frame-hdr", "--gc-sections")),
                Arguments.of(List.of("-Wl,", "-Wl,,x,"), List.of("x")),
                Arguments.of(
                        List.of("-Xlinker", "--no-undefined-version", "-Xlinker", "-rpath=$ORIGIN"),
                        List.of("--no-undefined-version", "-rpath=$ORIGIN")),
                Arguments.of(List.of("-L", "/a dir", "-L/b"), List.of("-L", "/a dir", "-L/b")),
                Arguments.of(List.of("-l", "gcc_s", "-lm", "-l:libx.a"), List.of("-lgcc_s", "-lm", "-l:libx.a")),
                Arguments.of(List.of("-o", "out", "a.o"), List.of("-o", "out", "a.o")),
                Arguments.of(List.of("-oout"), List.of("-o", "out")),
                Arguments.of(
                        List.of("x.o", "libfoo.rlib", "libbar.a", "/abs/libbaz.so.1", "script.ld"),
                        List.of("x.o", "libfoo.rlib", "libbar.a", "/abs/libbaz.so.1", "script.ld")),
                Arguments.of(
                        List.of("-u", "sym", "-usym2", "-e", "start", "-T", "link.x", "-z", "text", "-zdefs"),
                        List.of("-u", "sym", "-usym2", "-e", "start", "-T", "link.x", "-z", "text", "-zdefs")),
                Arguments.of(List.of("--sysroot", "/s", "--sysroot=/t"), List.of("--sysroot=/s", "--sysroot=/t")),
                Arguments.of(List.of("-s"), List.of("--strip-all")),
                Arguments.of(List.of("a.o", "-pthread", "b.o"), List.of("a.o", "-lpthread", "b.o")));
    }

    @ParameterizedTest
    @MethodSource("passedOnOptions")
    void passesLinkerOptionsAndInputsOnInPlace(List<String> gcc, List<String> lld) throws Exception {
        // when
        GccLink link = GccArgumentTranslator.translate(gcc);

        // then
        assertThat(link.arguments()).isEqualTo(lld);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-m32",
                "-m64",
                "-march=armv7-a",
                "-mcpu=cortex-a53",
                "-mtune=generic",
                "-mabi=aapcs-linux",
                "-mfloat-abi=hard",
                "-mfpu=vfp",
                "-mthumb",
                "-marm",
                "-fuse-ld=lld",
                "-fPIC",
                "-fpic",
                "-fPIE",
                "-fpie",
                "-fno-omit-frame-pointer",
                "-g",
                "-gdwarf-4",
                "-O2",
                "-Os",
                "-B/x/gcc-ld",
                "--target=armv7-linux-gnueabihf",
                "-nodefaultlibs",
                "-nolibc",
                "-static-libgcc",
                "-shared-libgcc",
                "-Wall",
                "-Wa,--noexecstack"
            })
    void dropsOptionsThatMeanNothingToLld(String option) throws Exception {
        // when
        GccLink link = GccArgumentTranslator.translate(List.of("a.o", option, "b.o"));

        // then
        assertThat(link.arguments()).containsExactly("a.o", "b.o");
        assertThat(link.modeArguments()).isEmpty();
    }

    @Test
    void dropsSeparateOperandsOfDroppedOptions() throws Exception {
        // when
        GccLink link = GccArgumentTranslator.translate(List.of("-B", "/x/gcc-ld", "-target", "arm-linux", "a.o"));

        // then
        assertThat(link.arguments()).containsExactly("a.o");
    }

    @Test
    void sharedMakesASharedObject() throws Exception {
        // when
        GccLink link = GccArgumentTranslator.translate(List.of("a.o", "-shared"));

        // then
        assertThat(link.kind()).isEqualTo(OutputKind.SHARED_OBJECT);
        assertThat(link.modeArguments()).containsExactly("-shared");
    }

    @Test
    void pieMakesAPositionIndependentExecutable() throws Exception {
        // when
        GccLink link = GccArgumentTranslator.translate(List.of("a.o", "-pie"));

        // then
        assertThat(link.kind()).isEqualTo(OutputKind.PIE_EXECUTABLE);
        assertThat(link.modeArguments()).containsExactly("-pie");
    }

    @Test
    void noPieNeedsNoFlagBecauseItIsLldsDefault() throws Exception {
        // when
        GccLink link = GccArgumentTranslator.translate(List.of("-pie", "a.o", "-no-pie"));

        // then: the last of -pie / -no-pie wins, as in gcc
        assertThat(link.kind()).isEqualTo(OutputKind.EXECUTABLE);
        assertThat(link.modeArguments()).isEmpty();
        assertThat(link.arguments()).containsExactly("a.o");
    }

    @Test
    void staticIsHoistedInFrontBecauseLldsStaticIsPositional() throws Exception {
        // when
        GccLink link = GccArgumentTranslator.translate(List.of("a.o", "-lc", "-static", "-no-pie"));

        // then
        assertThat(link.kind()).isEqualTo(OutputKind.STATIC_EXECUTABLE);
        assertThat(link.modeArguments()).containsExactly("-static");
        assertThat(link.arguments()).containsExactly("a.o", "-lc");
    }

    @Test
    void staticPieBecomesWhatClangPassesLld() throws Exception {
        // when
        GccLink link = GccArgumentTranslator.translate(List.of("a.o", "-static-pie"));

        // then
        assertThat(link.kind()).isEqualTo(OutputKind.STATIC_PIE_EXECUTABLE);
        assertThat(link.modeArguments()).containsExactly("-static", "-pie", "--no-dynamic-linker", "-z", "text");
    }

    @Test
    void rdynamicExportsAllSymbols() throws Exception {
        // when
        GccLink link = GccArgumentTranslator.translate(List.of("-rdynamic", "a.o", "-pie"));

        // then
        assertThat(link.modeArguments()).containsExactly("-pie", "--export-dynamic");
        assertThat(link.arguments()).containsExactly("a.o");
    }

    @Test
    void noStartFilesAndNoStdlibTurnStartFilesOff() throws Exception {
        assertThat(GccArgumentTranslator.translate(List.of("a.o")).startFiles()).isTrue();
        assertThat(GccArgumentTranslator.translate(List.of("a.o", "-nostartfiles"))
                        .startFiles())
                .isFalse();
        assertThat(GccArgumentTranslator.translate(List.of("a.o", "-nostdlib")).startFiles())
                .isFalse();
        assertThat(GccArgumentTranslator.translate(List.of("a.o", "-nodefaultlibs"))
                        .startFiles())
                .isTrue();
    }

    @Test
    void verboseAsksForTheCommandLineAndIsNotPassedOn() throws Exception {
        // when
        GccLink link = GccArgumentTranslator.translate(List.of("-v", "a.o"));

        // then
        assertThat(link.verbose()).isTrue();
        assertThat(link.arguments()).containsExactly("a.o");
    }

    @Test
    void remembersTheOutputFile() throws Exception {
        assertThat(GccArgumentTranslator.translate(List.of("-o", "lib.so")).output())
                .contains("lib.so");
        assertThat(GccArgumentTranslator.translate(List.of("a.o")).output()).isEmpty();
    }

    @Test
    void unknownOptionsStopTheLinkAndAreAllListed() {
        // when / then
        assertThatThrownBy(() -> GccArgumentTranslator.translate(
                        List.of("a.o", "-flto", "-Wl,-O1", "-fsanitize=address", "-c", "-", "-x")))
                .isInstanceOfSatisfying(LinkerArgumentException.class, e -> {
                    assertThat(e.options()).containsExactly("-flto", "-fsanitize=address", "-c", "-", "-x");
                    assertThat(e.getMessage())
                            .contains("-flto -fsanitize=address -c - -x")
                            .contains("-C link-arg=-Wl,");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"-o", "-L", "-l", "-Xlinker", "-u", "-e", "-T", "-z", "-B", "-target", "--sysroot"})
    void anOptionMissingItsValueIsAnError(String option) {
        // when / then
        assertThatThrownBy(() -> GccArgumentTranslator.translate(List.of("a.o", option)))
                .isInstanceOf(LinkerArgumentException.class)
                .hasMessageContaining(option + " needs a value");
    }
}
