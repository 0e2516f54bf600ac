package dev.rustmaven.elf;

import static dev.rustmaven.elf.Fixtures.assumeHost;
import static dev.rustmaven.elf.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.triple.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputCheckerTest {

    private static final Optional<GlibcVersion> FLOOR_2_28 = Optional.of(GlibcVersion.parse("2.28"));

    @TempDir
    Path dir;

    private static ElfExpectation expect(String triple) {
        return ElfExpectation.forTarget(Target.parse(triple), FLOOR_2_28);
    }

    @Test
    void passesAnArmv7LibraryWithinTheFloorAndSummarizesIt() throws Exception {
        // when
        OutputCheck result = OutputChecker.check(
                fixture("armv7-hf/libok.so"), expect("armv7-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);

        // then
        assertThat(result.problems()).isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.summary())
                .isEqualTo("libok.so  armv7-unknown-linux-gnueabihf  ELF32 ARM EABI5 hard-float  glibc>=2.28  3 KiB");
    }

    @Test
    void reportsGlibcVersionsAboveTheFloorWithTheirSymbolsAndAMissingSoname() throws Exception {
        // when
        OutputCheck result = OutputChecker.check(
                fixture("armv7-hf/libnew.so"), expect("armv7-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);

        // then
        assertThat(result.summary())
                .isEqualTo("libnew.so  armv7-unknown-linux-gnueabihf  ELF32 ARM EABI5 hard-float  glibc>=2.34  2 KiB");
        assertThat(result.problems())
                .containsExactly(
                        "libnew.so has no SONAME (DT_SONAME): Java's System.load does not need one, but native code linked"
                                + " against it would record the build path instead of the library's name; link with"
                                + " -Wl,-soname,libnew.so",
                        "libnew.so needs GLIBC_2.34 (symbols: pthread_create) but the glibc floor is 2.28: a system with glibc"
                                + " older than 2.34 refuses to load it (\"version `GLIBC_2.34' not found\"); raise the glibc"
                                + " floor to 2.34 or avoid these symbols");
    }

    @Test
    void acceptsTheSameLibraryWithARaisedFloorAndNoSonameRule() throws Exception {
        // given
        ElfExpectation expectation = expect("armv7-unknown-linux-gnueabihf")
                .withGlibcFloor(Optional.of(GlibcVersion.parse("2.36")))
                .withRequireSoname(false);

        // when
        OutputCheck result = OutputChecker.check(fixture("armv7-hf/libnew.so"), expectation, OutputKind.SHARED_LIBRARY);

        // then
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void refusesArmv7CodeForAnArmv6Target() throws Exception {
        // when
        OutputCheck result = OutputChecker.check(
                fixture("armv7-hf/libok.so"), expect("arm-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);

        // then
        assertThat(result.problems())
                .containsExactly("libok.so needs a newer CPU than ARMv6 (Tag_CPU_arch v7,"
                        + " Tag_FP_arch VFPv3, Thumb-2) but arm-unknown-linux-gnueabihf targets ARMv6 (ARM1176, Raspberry Pi"
                        + " 1 and Zero): it dies there with SIGILL (illegal instruction); check RUSTFLAGS for -C target-cpu"
                        + " or -C target-feature and any C code built into it");
    }

    @Test
    void acceptsArmv6CodeForArmv6AndArmv7Targets() throws Exception {
        // when
        OutputCheck v6 = OutputChecker.check(
                fixture("armv6-hf/libok.so"), expect("arm-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);
        OutputCheck v7 = OutputChecker.check(
                fixture("armv6-hf/libok.so"), expect("armv7-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);

        // then
        assertThat(v6.problems()).isEmpty();
        assertThat(v7.problems()).isEmpty();
    }

    @Test
    void refusesSoftFloatForAHardFloatTargetAndTheOtherWayRound() throws Exception {
        // when
        OutputCheck soft = OutputChecker.check(
                fixture("arm-soft/libok.so"), expect("arm-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);
        OutputCheck hard = OutputChecker.check(
                fixture("armv6-hf/libok.so"), expect("arm-unknown-linux-gnueabi"), OutputKind.SHARED_LIBRARY);
        OutputCheck matching = OutputChecker.check(
                fixture("arm-soft/libok.so"), expect("arm-unknown-linux-gnueabi"), OutputKind.SHARED_LIBRARY);

        // then
        assertThat(soft.problems())
                .containsExactly("libok.so uses the soft-float ABI (e_flags 0x5000200,"
                        + " Tag_ABI_VFP_args 0) but arm-unknown-linux-gnueabihf is hard-float: a hard-float system's loader"
                        + " refuses it, or floating point arguments arrive in the wrong registers");
        assertThat(hard.problems())
                .singleElement()
                .asString()
                .startsWith("libok.so uses the hard-float ABI (e_flags 0x5000400, Tag_ABI_VFP_args 1) but"
                        + " arm-unknown-linux-gnueabi is soft-float");
        assertThat(matching.problems()).isEmpty();
        assertThat(matching.summary()).contains("  ELF32 ARM EABI5 soft-float  glibc>=2.28  ");
    }

    @Test
    void refusesAnotherMachineAndStopsThere() throws Exception {
        // when
        OutputCheck result = OutputChecker.check(
                fixture("aarch64/libok.so"), expect("armv7-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);

        // then
        assertThat(result.problems())
                .containsExactly(
                        "libok.so is ELF64 but armv7-unknown-linux-gnueabihf needs ELF32: it was built for another target",
                        "libok.so is for AArch64 (e_machine 183) but armv7-unknown-linux-gnueabihf needs ARM (e_machine 40):"
                                + " it was built for another target and cannot load there");
    }

    @Test
    void summarizesAarch64AndRefusesBigEndian() throws Exception {
        // when
        OutputCheck little = OutputChecker.check(
                fixture("aarch64/libok.so"), expect("aarch64-unknown-linux-gnu"), OutputKind.SHARED_LIBRARY);
        OutputCheck big = OutputChecker.check(
                fixture("aarch64-be/libok.so"), expect("aarch64-unknown-linux-gnu"), OutputKind.SHARED_LIBRARY);

        // then
        assertThat(little.problems()).isEmpty();
        assertThat(little.summary())
                .isEqualTo("libok.so  aarch64-unknown-linux-gnu  ELF64 AArch64  glibc>=2.28  4 KiB");
        assertThat(big.problems())
                .containsExactly("libok.so is big-endian but aarch64-unknown-linux-gnu is"
                        + " little-endian: it was built for another target");
    }

    @Test
    void acceptsAStaticExecutableForMuslAndSaysStatic() throws Exception {
        // when
        OutputCheck result = OutputChecker.check(
                fixture("aarch64/hello-static"), expect("aarch64-unknown-linux-musl"), OutputKind.EXECUTABLE);

        // then
        assertThat(result.problems()).isEmpty();
        assertThat(result.summary())
                .isEqualTo("hello-static  aarch64-unknown-linux-musl  ELF64 AArch64  static  1 KiB");
    }

    @Test
    void acceptsAStaticPieExecutableForMusl() throws Exception {
        // when
        OutputCheck result = OutputChecker.check(
                fixture("armv7-hf/hello-static-pie"), expect("armv7-unknown-linux-musleabihf"), OutputKind.EXECUTABLE);

        // then
        assertThat(result.problems()).isEmpty();
        assertThat(result.summary())
                .isEqualTo(
                        "hello-static-pie  armv7-unknown-linux-musleabihf  ELF32 ARM EABI5 hard-float  static  1 KiB");
    }

    @Test
    void refusesADynamicExecutableForMusl() throws Exception {
        // when
        OutputCheck result = OutputChecker.check(
                fixture("armv7-hf/hello-dynamic"), expect("armv7-unknown-linux-musleabihf"), OutputKind.EXECUTABLE);

        // then
        assertThat(result.problems())
                .containsExactly("hello-dynamic is dynamically linked (interpreter"
                        + " /lib/ld-linux-armhf.so.3) but armv7-unknown-linux-musleabihf executables are expected to be"
                        + " static: a glibc system such as Raspberry Pi OS has no musl loader, so it fails to start with"
                        + " \"No such file or directory\"");
        assertThat(result.summary()).contains("  dynamic  ");
    }

    @Test
    void checksAGnuExecutablesInterpreterAndFloor() throws Exception {
        // when
        OutputCheck hf = OutputChecker.check(
                fixture("armv7-hf/hello-dynamic"), expect("armv7-unknown-linux-gnueabihf"), OutputKind.EXECUTABLE);
        OutputCheck soft = OutputChecker.check(
                fixture("armv7-hf/hello-dynamic"),
                expect("armv7-unknown-linux-gnueabi").withGlibcFloor(Optional.of(GlibcVersion.parse("2.34"))),
                OutputKind.EXECUTABLE);

        // then
        assertThat(hf.problems())
                .singleElement()
                .asString()
                .startsWith("hello-dynamic needs GLIBC_2.34 (symbols: __libc_start_main) but the glibc floor is 2.28");
        assertThat(hf.summary())
                .isEqualTo(
                        "hello-dynamic  armv7-unknown-linux-gnueabihf  ELF32 ARM EABI5 hard-float  glibc>=2.34  2 KiB");
        assertThat(soft.problems())
                .hasSize(2)
                .last()
                .isEqualTo("hello-dynamic names the interpreter"
                        + " /lib/ld-linux-armhf.so.3 but armv7-unknown-linux-gnueabi systems load programs with"
                        + " /lib/ld-linux.so.3: it fails to start there with \"No such file or directory\"");
    }

    @Test
    void refusesAnExecutableWhereASharedLibraryWasExpected() throws Exception {
        // when
        OutputCheck result = OutputChecker.check(
                fixture("armv7-hf/hello-dynamic"),
                expect("armv7-unknown-linux-gnueabihf").withGlibcFloor(Optional.empty()),
                OutputKind.SHARED_LIBRARY);

        // then
        assertThat(result.problems())
                .contains("hello-dynamic is a position-independent executable, not a shared"
                        + " library (DYN without an interpreter): check the crate's crate-type (cdylib)");
    }

    @Test
    void checksTheMembersOfAStaticLibrary() throws Exception {
        // when
        OutputCheck v6 = OutputChecker.check(
                fixture("armv6-hf/libok.a"), expect("arm-unknown-linux-gnueabihf"), OutputKind.STATIC_LIBRARY);
        OutputCheck v7ForV6 = OutputChecker.check(
                fixture("armv7-hf/libok-bsd.a"), expect("arm-unknown-linux-gnueabihf"), OutputKind.STATIC_LIBRARY);
        OutputCheck wrongMachine = OutputChecker.check(
                fixture("armv7-hf/libok.a"), expect("aarch64-unknown-linux-gnu"), OutputKind.STATIC_LIBRARY);

        // then
        assertThat(v6.problems()).isEmpty();
        assertThat(v6.summary())
                .isEqualTo(
                        "libok.a  arm-unknown-linux-gnueabihf  ELF32 ARM EABI5 hard-float  staticlib 1 object  2 KiB");
        assertThat(v7ForV6.problems())
                .singleElement()
                .asString()
                .startsWith("libok-bsd.a member"
                        + " a-member-with-a-rather-long-name.o needs a newer CPU than ARMv6 (Tag_CPU_arch v7,");
        assertThat(wrongMachine.problems())
                .last()
                .asString()
                .startsWith("libok.a member"
                        + " libok.ok.b4b9cd304002dda3-cgu.0.rcgu.o is for ARM (e_machine 40) but aarch64-unknown-linux-gnu"
                        + " needs AArch64");
    }

    @Test
    void reportsUnreadableOutputsAsProblems() throws Exception {
        // when
        OutputCheck so = OutputChecker.check(
                fixture("damaged/truncated.so"), expect("armv7-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);
        OutputCheck a = OutputChecker.check(
                fixture("damaged/truncated-member.a"),
                expect("armv7-unknown-linux-gnueabihf"),
                OutputKind.STATIC_LIBRARY);

        // then
        assertThat(so.summary()).isEqualTo("truncated.so  armv7-unknown-linux-gnueabihf  unreadable  1000 B");
        assertThat(so.problems())
                .singleElement()
                .asString()
                .startsWith("truncated.so is not a readable ELF file (")
                .endsWith("): it is not a usable output for armv7-unknown-linux-gnueabihf");
        assertThat(a.problems())
                .singleElement()
                .asString()
                .startsWith("truncated-member.a is not a readable static library (ar archive) (")
                .contains("claims 9999 bytes");
    }

    @Test
    void summarizesTheHostGlibcWithTheNewestVersionItNeeds() throws Exception {
        // given
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        assumeHost(Files.isRegularFile(libc), "this test reads " + libc + " of a Debian-like x86_64 host");
        String newest = ElfFile.read(libc).highestGlibcVersion().orElseThrow().toString();

        // when
        OutputCheck result = OutputChecker.check(
                libc,
                expect("x86_64-unknown-linux-gnu").withGlibcFloor(Optional.of(GlibcVersion.parse("2.17"))),
                OutputKind.SHARED_LIBRARY);

        // then: it needs GLIBC_2.35 (__rseq_size, ...) from ld-linux-x86-64.so.2 on Debian 12
        assertThat(result.summary())
                .matches("libc\\.so\\.6  x86_64-unknown-linux-gnu  ELF64 x86-64  glibc>=" + newest.replace(".", "\\.")
                        + "  \\d+(\\.\\d)? (KiB|MiB)");
        assertThat(result.problems())
                .anySatisfy(p -> assertThat(p).startsWith("libc.so.6 needs GLIBC_" + newest + " (symbols: "));
    }

    @Test
    void passesLldsDefault64KiBAlignmentWhichThePluginsLinkerLeavesInPlace() throws Exception {
        // given: rust-lld's outputs without -z max-page-size, as the plugin's front end links (it passes none)
        ElfFile armv7 = ElfFile.read(fixture("armv7-hf/libok.so"));
        ElfFile aarch64 = ElfFile.read(fixture("aarch64/libok.so"));

        // when
        OutputCheck a = OutputChecker.check(
                fixture("armv7-hf/libok.so"), expect("armv7-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);
        OutputCheck b = OutputChecker.check(
                fixture("aarch64/libok.so"), expect("aarch64-unknown-linux-gnu"), OutputKind.SHARED_LIBRARY);

        // then
        assertThat(armv7.segments())
                .filteredOn(s -> s.type() == Segment.PT_LOAD)
                .extracting(Segment::align)
                .containsOnly(0x10000L);
        assertThat(aarch64.segments())
                .filteredOn(s -> s.type() == Segment.PT_LOAD)
                .extracting(Segment::align)
                .containsOnly(0x10000L);
        assertThat(a.problems()).isEmpty();
        assertThat(b.problems()).isEmpty();
    }

    @Test
    void refusesLoadSegmentsAlignedBelowThePi5s16KiBPages() throws Exception {
        // given: linked with -z max-page-size=4096
        Path armv7 =
                ElfPatch.of(fixture("armv7-hf/libok.so")).loadAlignment(0x1000).writeTo(dir, "libok.so");
        Path aarch64 = ElfPatch.of(fixture("aarch64/hello-static"))
                .loadAlignment(0x1000)
                .writeTo(dir, "hello-static");
        Path sixteen =
                ElfPatch.of(fixture("aarch64/libok.so")).loadAlignment(0x4000).writeTo(dir, "libsixteen.so");

        // when
        OutputCheck lib =
                OutputChecker.check(armv7, expect("armv7-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);
        OutputCheck exe = OutputChecker.check(aarch64, expect("aarch64-unknown-linux-musl"), OutputKind.EXECUTABLE);
        OutputCheck enough =
                OutputChecker.check(sixteen, expect("aarch64-unknown-linux-gnu"), OutputKind.SHARED_LIBRARY);

        // then
        assertThat(lib.problems())
                .containsExactly("libok.so has LOAD segments aligned to 4 KiB (p_align 0x1000) but"
                        + " armv7-unknown-linux-gnueabihf code also runs on a Raspberry Pi 5, whose kernel uses 16 KiB"
                        + " pages: there the loader refuses it (\"ELF load command alignment not page-aligned\") or the"
                        + " kernel cannot map it; link with -z max-page-size=0x4000 or more (LLD's default for ARM and"
                        + " AArch64 is 64 KiB, so look for -z max-page-size or -z common-page-size in RUSTFLAGS and the"
                        + " linker's configuration)");
        assertThat(exe.problems())
                .singleElement()
                .asString()
                .startsWith("hello-static has LOAD segments aligned to 4 KiB (p_align 0x1000) but"
                        + " aarch64-unknown-linux-musl code");
        assertThat(enough.problems()).isEmpty();
    }

    @Test
    void refusesTextRelocationsWhetherMarkedByDtTextrelOrByDfTextrel() throws Exception {
        // given
        Path tag = ElfPatch.of(fixture("armv7-hf/libok.so"))
                .dynamicEntry(DynamicSection.DT_FLAGS_1, DynamicSection.DT_TEXTREL, 0)
                .writeTo(dir, "libtag.so");
        Path flag = ElfPatch.of(fixture("aarch64/libok.so"))
                .dynamicEntry(
                        DynamicSection.DT_FLAGS,
                        DynamicSection.DT_FLAGS,
                        DynamicSection.DF_BIND_NOW | DynamicSection.DF_TEXTREL)
                .writeTo(dir, "libflag.so");

        // when
        OutputCheck byTag =
                OutputChecker.check(tag, expect("armv7-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);
        OutputCheck byFlag = OutputChecker.check(flag, expect("aarch64-unknown-linux-gnu"), OutputKind.SHARED_LIBRARY);

        // then
        assertThat(byTag.problems())
                .containsExactly(
                        "libtag.so has text relocations (DT_TEXTREL or DF_TEXTREL in DT_FLAGS): to load it on"
                                + " armv7-unknown-linux-gnueabihf the loader must make its code writable, which a system that"
                                + " forbids writable code (SELinux's execmod, hardened kernels) refuses, and which costs every"
                                + " process its own copy of that code; some code linked into it was not compiled"
                                + " position-independent: build C and assembly code with -fPIC, and do not link with -z notext");
        assertThat(byFlag.problems())
                .singleElement()
                .asString()
                .startsWith("libflag.so has text relocations (DT_TEXTREL or DF_TEXTREL in DT_FLAGS): to load it on"
                        + " aarch64-unknown-linux-gnu");
    }

    @Test
    void refusesAnExecutableStackAndAMissingStackHeaderWhereThatMeansExecutable() throws Exception {
        // given
        int rwx = Segment.PF_R | Segment.PF_W | Segment.PF_X;
        Path execStack =
                ElfPatch.of(fixture("aarch64/libok.so")).stackFlags(rwx).writeTo(dir, "libexec.so");
        Path armNoHeader =
                ElfPatch.of(fixture("armv7-hf/libok.so")).withoutStackHeader().writeTo(dir, "libnostack.so");
        Path armExeNoHeader = ElfPatch.of(fixture("armv7-hf/hello-static"))
                .withoutStackHeader()
                .writeTo(dir, "hello-nostack");
        Path aarch64NoHeader =
                ElfPatch.of(fixture("aarch64/libok.so")).withoutStackHeader().writeTo(dir, "libquiet.so");

        // when
        OutputCheck exec =
                OutputChecker.check(execStack, expect("aarch64-unknown-linux-gnu"), OutputKind.SHARED_LIBRARY);
        OutputCheck arm =
                OutputChecker.check(armNoHeader, expect("armv7-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);
        OutputCheck armExe =
                OutputChecker.check(armExeNoHeader, expect("armv7-unknown-linux-musleabihf"), OutputKind.EXECUTABLE);
        OutputCheck aarch64 =
                OutputChecker.check(aarch64NoHeader, expect("aarch64-unknown-linux-gnu"), OutputKind.SHARED_LIBRARY);

        // then
        assertThat(exec.problems())
                .containsExactly("libexec.so asks for an executable stack (PT_GNU_STACK with PF_X): glibc 2.41 and"
                        + " newer (Raspberry Pi OS trixie) refuse to load such a library (\"cannot enable executable"
                        + " stack as shared object requires\"), older ones make the stacks of every thread of the JVM"
                        + " executable; link with -z noexecstack and give assembly files a .note.GNU-stack section"
                        + " (.section .note.GNU-stack,\"\",%progbits)");
        assertThat(arm.problems())
                .singleElement()
                .asString()
                .startsWith("libnostack.so has no PT_GNU_STACK header, which on armv7-unknown-linux-gnueabihf means an"
                        + " executable stack: glibc 2.41 and newer");
        assertThat(armExe.problems())
                .containsExactly(
                        "hello-nostack has no PT_GNU_STACK header, which on armv7-unknown-linux-musleabihf"
                                + " means an executable stack: the program runs with an executable stack, which turns a stack"
                                + " overflow into code execution and which hardened kernels refuse; link with -z noexecstack"
                                + " and give assembly files a .note.GNU-stack section (.section .note.GNU-stack,\"\",%progbits)");
        assertThat(aarch64.problems())
                .as("AArch64's default stack is not executable")
                .isEmpty();
    }

    @Test
    void refusesANeededLibraryThatIsNeitherGlibcNorDeclaredByABuildScript() throws Exception {
        // given: the same library needing libz.so.1 instead of libc.so.6
        Path zlib = ElfPatch.of(fixture("armv7-hf/libok.so"))
                .dynamicString("libc.so.6", "libz.so.1")
                .writeTo(dir, "libok.so");

        // when
        OutputCheck undeclared =
                OutputChecker.check(zlib, expect("armv7-unknown-linux-gnueabihf"), OutputKind.SHARED_LIBRARY);
        OutputCheck declared = OutputChecker.check(
                zlib,
                expect("armv7-unknown-linux-gnueabihf").withDeclaredLibraries(Set.of("z")),
                OutputKind.SHARED_LIBRARY);

        // then
        assertThat(undeclared.problems())
                .containsExactly("libok.so needs libz.so.1 (DT_NEEDED), which is not part of glibc and which no build"
                        + " script declared: armv7-unknown-linux-gnueabihf outputs may need only ld-linux-armhf.so.3,"
                        + " libc.so.6, libdl.so.2, libgcc_s.so.1, libm.so.6, libpthread.so.0, librt.so.1, libutil.so.1"
                        + " and the libraries build scripts declare (cargo:rustc-link-lib), so a system without"
                        + " libz.so.1 refuses to load it (\"libz.so.1: cannot open shared object file\"); link that"
                        + " library statically or drop it, or, if every Pi it runs on has it installed, declare it from"
                        + " the crate's build script (cargo:rustc-link-lib=z)");
        assertThat(declared.problems()).isEmpty();
    }

    @Test
    void refusesAnySharedLibraryInAMuslOutput() throws Exception {
        // when: a library that needs libc.so.6, checked as a musl output
        OutputCheck result = OutputChecker.check(
                fixture("armv7-hf/libok.so"),
                expect("armv7-unknown-linux-musleabihf").withDeclaredLibraries(Set.of("c")),
                OutputKind.SHARED_LIBRARY);

        // then
        assertThat(result.problems())
                .containsExactly("libok.so needs the shared library libc.so.6 (DT_NEEDED) but"
                        + " armv7-unknown-linux-musleabihf outputs are static and need none: a Raspberry Pi has no"
                        + " musl libraries to load it with; link it statically (-C target-feature=+crt-static, the"
                        + " default for musl)");
    }

    @Test
    void namesTheFloorsSettingAndTheRemedyWhenTheCallerGivesThem() throws Exception {
        // given
        ElfExpectation expectation = expect("armv7-unknown-linux-gnueabihf")
                .withRequireSoname(false)
                .withFloorAdvice(new FloorAdvice(
                        "<glibc> (rust.glibc)",
                        Optional.of("link armv7-unknown-linux-gnueabihf against the glibc 2.28 stubs too with"
                                + " -Drust.linking=lld")));

        // when
        OutputCheck result = OutputChecker.check(fixture("armv7-hf/libnew.so"), expectation, OutputKind.SHARED_LIBRARY);

        // then
        assertThat(result.problems())
                .containsExactly("libnew.so needs GLIBC_2.34 (pthread_create) but the glibc floor of"
                        + " armv7-unknown-linux-gnueabihf is 2.28 (<glibc> (rust.glibc)): a system with glibc older"
                        + " than 2.34 refuses to load it (\"version `GLIBC_2.34' not found\"); link"
                        + " armv7-unknown-linux-gnueabihf against the glibc 2.28 stubs too with -Drust.linking=lld,"
                        + " or raise <glibc> (rust.glibc) to 2.34");
    }

    @Test
    void allowsGlibcsLibrariesTheLoaderAndDeclaredLibrariesByTheirSonames() {
        // given
        NeededLibraries gnu = NeededLibraries.forLibc(Target.Libc.GNU, "/lib/ld-linux-aarch64.so.1")
                .withDeclared(Set.of("stdc++"));
        NeededLibraries musl = NeededLibraries.forLibc(Target.Libc.MUSL, "/lib/ld-musl-aarch64.so.1");

        // then
        assertThat(NeededLibraries.GLIBC)
                .allSatisfy(l -> assertThat(gnu.allows(l)).isTrue());
        assertThat(gnu.allows("ld-linux-aarch64.so.1")).isTrue();
        assertThat(gnu.allows("libstdc++.so.6"))
                .as("C++ declared by the cc crate")
                .isTrue();
        assertThat(gnu.allows("ld-linux-armhf.so.3"))
                .as("another target's loader")
                .isFalse();
        assertThat(gnu.allows("libstdc++fs.so.6")).isFalse();
        assertThat(gnu.allows("libssl.so.3")).isFalse();
        assertThat(musl.allows("libc.so")).isFalse();
        assertThat(OutputChecker.linkName("libstdc++.so.6")).isEqualTo("stdc++");
        assertThat(OutputChecker.linkName("libz.so.1")).isEqualTo("z");
    }

    @Test
    void derivesExpectationsFromTargetFacts() {
        // when
        ElfExpectation armv6 = expect("arm-unknown-linux-gnueabihf");
        ElfExpectation musl = expect("armv7-unknown-linux-musleabihf");

        // then
        assertThat(armv6.elfClass()).isEqualTo(32);
        assertThat(armv6.machine()).isEqualTo(ElfHeader.EM_ARM);
        assertThat(armv6.floatAbi()).contains(ArmFloatAbi.HARD);
        assertThat(armv6.maxArmArch()).isEqualTo(6);
        assertThat(armv6.glibcFloor()).isEqualTo(FLOOR_2_28);
        assertThat(armv6.requireSoname()).isTrue();
        assertThat(armv6.dynamicLinker()).contains("/lib/ld-linux-armhf.so.3");
        assertThat(musl.maxArmArch()).isEqualTo(7);
        assertThat(musl.glibcFloor()).as("no glibc floor for musl").isEmpty();
        assertThatThrownBy(() -> ElfExpectation.forTarget(Target.parse("mips-unknown-linux-gnu"), FLOOR_2_28))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "no ELF facts are known for target 'mips-unknown-linux-gnu', so its outputs cannot be checked");
    }

    @Test
    void tellsWhichArmArchitecturesRunOnAnArmv6Core() {
        // then: v6, v6KZ (ARM1176) and v6K do; v6T2 (Thumb-2) and v7 do not
        assertThat(OutputChecker.fitsArchitecture(ArmAttributes.CPU_ARCH_V6, 6)).isTrue();
        assertThat(OutputChecker.fitsArchitecture(ArmAttributes.CPU_ARCH_V6KZ, 6))
                .isTrue();
        assertThat(OutputChecker.fitsArchitecture(ArmAttributes.CPU_ARCH_V6K, 6))
                .isTrue();
        assertThat(OutputChecker.fitsArchitecture(ArmAttributes.CPU_ARCH_V6T2, 6))
                .isFalse();
        assertThat(OutputChecker.fitsArchitecture(ArmAttributes.CPU_ARCH_V7, 6)).isFalse();
        assertThat(OutputChecker.fitsArchitecture(ArmAttributes.CPU_ARCH_V7, 7)).isTrue();
        assertThat(OutputChecker.fitsArchitecture(14, 7)).as("v8-A on ARMv7").isFalse();
    }

    @Test
    void formatsSizes() {
        assertThat(OutputChecker.formatSize(928)).isEqualTo("928 B");
        assertThat(OutputChecker.formatSize(421_888)).isEqualTo("412 KiB");
        assertThat(OutputChecker.formatSize(3_565_158)).isEqualTo("3.4 MiB");
    }
}
