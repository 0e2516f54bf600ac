package dev.rustmaven.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Translates command lines rustc really passed (see {@code src/test/resources/link/recorded/README.md}). */
class RecordedLinkerArgumentsTest {

    private static final String RUSTLIB =
            "/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/lib/rustlib/x86_64-unknown-linux-gnu";

    @Test
    void cdylibOfRustupStableBecomesASharedObjectLink() throws Exception {
        // given
        List<String> recorded = RecordedLines.args("x86_64-gnu-cdylib.args");

        // when
        GccLink link = GccArgumentTranslator.translate(recorded);

        // then
        assertThat(link.kind()).isEqualTo(OutputKind.SHARED_OBJECT);
        assertThat(link.modeArguments()).containsExactly("-shared");
        assertThat(link.output()).hasValueSatisfying(o -> assertThat(o).endsWith("/librecorded_cdylib.so"));
        List<String> args = link.arguments();
        assertThat(args.get(0)).startsWith("--version-script=/tmp/rec/cdylib/").endsWith("/list");
        assertThat(args)
                .containsSubsequence(
                        "--no-undefined-version",
                        "--as-needed",
                        "-Bstatic",
                        RUSTLIB + "/lib/libstd-d1237ef7159db0a2.rlib",
                        RUSTLIB + "/lib/libcompiler_builtins-27cfc16bdf3bb694.rlib",
                        "-Bdynamic",
                        "-lgcc_s",
                        "-lutil",
                        "-lrt",
                        "-lpthread",
                        "-lm",
                        "-ldl",
                        "-lc",
                        "--eh-frame-hdr",
                        "-z",
                        "noexecstack",
                        "-L",
                        RUSTLIB + "/lib",
                        "-o",
                        "--gc-sections",
                        "-z",
                        "relro",
                        "-z",
                        "now",
                        "-O1",
                        "--strip-debug");
        assertThat(args).filteredOn(a -> a.endsWith(".rlib")).hasSize(19);
        assertThat(args).filteredOn(a -> a.endsWith(".o")).hasSize(3);
        // what only gcc understands is gone: the self-contained LLD selection and the gcc-only flags
        assertThat(args)
                .noneMatch(a -> a.startsWith("-B/")
                        || a.startsWith("-fuse-ld")
                        || a.startsWith("-Wl,")
                        || a.equals("-m64")
                        || a.equals("-nodefaultlibs")
                        || a.equals("-shared"));
        assertThat(link.startFiles()).isTrue();
    }

    @Test
    void binOfRustupStableBecomesAPieLinkThatNeedsStartFiles() throws Exception {
        // given
        List<String> recorded = RecordedLines.args("x86_64-gnu-bin.args");

        // when
        GccLink link = GccArgumentTranslator.translate(recorded);

        // then
        assertThat(link.kind()).isEqualTo(OutputKind.PIE_EXECUTABLE);
        assertThat(link.modeArguments()).containsExactly("-pie");
        assertThat(link.startFiles()).isTrue();
        assertThat(link.arguments()).doesNotContain("-pie").contains("-lgcc_s", "-lc");
        assertThat(link.output()).hasValueSatisfying(o -> assertThat(o).contains("/recorded_bin-"));
    }

    @Test
    void crtStaticBinOfRustupStableBecomesAStaticPieLink() throws Exception {
        // given
        List<String> recorded = RecordedLines.args("x86_64-gnu-static-pie.args");

        // when
        GccLink link = GccArgumentTranslator.translate(recorded);

        // then
        assertThat(link.kind()).isEqualTo(OutputKind.STATIC_PIE_EXECUTABLE);
        assertThat(link.modeArguments()).containsExactly("-static", "-pie", "--no-dynamic-linker", "-z", "text");
        assertThat(link.arguments())
                .containsSubsequence("-Bstatic", "-lgcc_eh", "-lgcc", "-lc", "-Bdynamic")
                .doesNotContain("-lgcc_s");
    }

    @Test
    void aResponseFileGivesTheSameLinkAsTheDirectCommandLine() throws Exception {
        // given: the recorded @file path is replaced by the recorded file's place in the test resources
        List<String> viaFile = RecordedLines.args("x86_64-gnu-cdylib-via-response-file.args");
        assertThat(viaFile).hasSize(1).allMatch(a -> a.startsWith("@") && a.endsWith("/linker-arguments"));
        Path file = RecordedLines.path("x86_64-gnu-cdylib-via-response-file.linker-arguments");

        // when
        List<String> expanded = ResponseFiles.expand(List.of("@" + file), Path.of("/"));
        GccLink fromFile = GccArgumentTranslator.translate(expanded);
        GccLink direct = GccArgumentTranslator.translate(RecordedLines.args("x86_64-gnu-cdylib.args"));

        // then: equal but for the target directory and rustc's temporary directory names
        assertThat(expanded).hasSize(51);
        assertThat(normalized(fromFile.arguments())).isEqualTo(normalized(direct.arguments()));
        assertThat(fromFile.kind()).isEqualTo(direct.kind());
        assertThat(fromFile.modeArguments()).isEqualTo(direct.modeArguments());
    }

    @Test
    void cdylibOfDebiansRustcKeepsItsSonameForLld() throws Exception {
        // given: the argument Debian's patch adds, which makes -C linker-flavor=ld.lld crash that rustc
        List<String> recorded = RecordedLines.args("x86_64-gnu-cdylib-debian-rustc.args");
        assertThat(recorded).last().isEqualTo("-Wl,-soname=librecorded_cdylib.so");

        // when
        GccLink link = GccArgumentTranslator.translate(recorded);

        // then
        assertThat(link.kind()).isEqualTo(OutputKind.SHARED_OBJECT);
        assertThat(link.arguments()).last().isEqualTo("-soname=librecorded_cdylib.so");
        assertThat(link.arguments())
                .containsSubsequence(
                        "-Bdynamic",
                        "-lgcc_s",
                        "-lc",
                        "-L",
                        "/tmp/debrust/root/usr/lib/rustlib/x86_64-unknown-linux-gnu/lib",
                        "-o",
                        "/tmp/rec/outdeb/librecorded_cdylib.so");
        assertThat(link.arguments()).noneMatch(a -> a.startsWith("-Wl,") || a.equals("-m64"));
    }

    @Test
    void binOfDebiansRustcBecomesAPieLink() throws Exception {
        // when
        GccLink link = GccArgumentTranslator.translate(RecordedLines.args("x86_64-gnu-bin-debian-rustc.args"));

        // then
        assertThat(link.kind()).isEqualTo(OutputKind.PIE_EXECUTABLE);
        assertThat(link.startFiles()).isTrue();
        assertThat(link.output()).contains("/tmp/rec/outdeb/recorded_bin");
    }

    @Test
    void muslExecutableKeepsRustcsSelfContainedStartFilesAndNeedsNoneAdded() throws Exception {
        // given
        List<String> constructed = RecordedLines.args("armv7-musleabihf-bin.args");

        // when
        GccLink link = GccArgumentTranslator.translate(constructed);

        // then
        assertThat(link.kind()).isEqualTo(OutputKind.STATIC_EXECUTABLE);
        assertThat(link.modeArguments()).containsExactly("-static");
        assertThat(link.startFiles()).isFalse();
        List<String> args = link.arguments();
        assertThat(args.subList(0, 3))
                .allMatch(a -> a.contains("/self-contained/"))
                .extracting(a -> Path.of(a).getFileName().toString())
                .containsExactly("crt1.o", "crti.o", "crtbegin.o");
        assertThat(args.subList(args.size() - 2, args.size()))
                .extracting(a -> Path.of(a).getFileName().toString())
                .containsExactly("crtend.o", "crtn.o");
        assertThat(args)
                .containsSubsequence("-Bstatic", "-lunwind", "-lc", "-Bdynamic")
                .contains("/usr/lib/rustlib/armv7-unknown-linux-musleabihf/lib/self-contained")
                .doesNotContain("-static", "-no-pie", "-nostartfiles", "-nodefaultlibs");
    }

    private static List<String> normalized(List<String> args) {
        return args.stream()
                .map(a -> a.replace("/target-rsp/", "/target/").replaceAll("/rustc[A-Za-z0-9]{6}/", "/rustcTMP/"))
                .toList();
    }
}
