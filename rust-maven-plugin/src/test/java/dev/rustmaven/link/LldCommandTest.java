package dev.rustmaven.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LldCommandTest {

    @TempDir
    Path dir;

    private LinkerConfig armhfConfig() {
        return new LinkerConfig(
                Path.of("/lld/rust-lld"),
                "armv7-unknown-linux-gnueabihf",
                "armelf_linux_eabi",
                "/lib/ld-linux-armhf.so.3",
                "2.28",
                List.of(Path.of("/stubs"), Path.of("/more")),
                Optional.empty(),
                List.of(Path.of("/extra/libstat64.a")),
                List.of("--extra-arg"),
                true);
    }

    private Path startFiles(String... names) throws IOException {
        Path crt = Files.createDirectories(dir.resolve("crt"));
        for (String name : names) {
            Files.createFile(crt.resolve(name));
        }
        return crt;
    }

    @Test
    void sharedObjectGetsEmulationHashStyleBuildIdNoExecStackAndZDefs() throws Exception {
        // given
        GccLink link = GccArgumentTranslator.translate(List.of("a.o", "-lc", "-shared", "-o", "lib.so"));

        // when
        List<String> cmd = LldCommand.commandLine(armhfConfig(), link);

        // then
        assertThat(cmd)
                .containsExactly(
                        "/lld/rust-lld",
                        "-flavor",
                        "gnu",
                        "-m",
                        "armelf_linux_eabi",
                        "-shared",
                        "--hash-style=gnu",
                        "--build-id",
                        "-z",
                        "noexecstack",
                        "-z",
                        "defs",
                        "-soname",
                        "lib.so",
                        "-L",
                        "/stubs",
                        "-L",
                        "/more",
                        "a.o",
                        "-lc",
                        "-o",
                        "lib.so",
                        "/extra/libstat64.a",
                        "--extra-arg");
    }

    @Test
    void aSonameRustcGaveIsKeptAndNoSecondOneAdded() throws Exception {
        GccLink link =
                GccArgumentTranslator.translate(List.of("-shared", "-Wl,-soname=libx.so.1", "-o", "/out/libx.so"));

        List<String> cmd = LldCommand.commandLine(armhfConfig(), link);

        assertThat(cmd).contains("-soname=libx.so.1").doesNotContain("-soname");
    }

    @Test
    void aSharedObjectWithoutSonameIsNamedAfterItsFile() throws Exception {
        GccLink link = GccArgumentTranslator.translate(List.of("-shared", "-o", "/out/deps/libjni_hello.so"));

        List<String> cmd = LldCommand.commandLine(armhfConfig(), link);

        assertThat(cmd).containsSubsequence("-soname", "libjni_hello.so");
    }

    @Test
    void sharedObjectWithoutZDefsWhenNotConfigured() throws Exception {
        // given
        LinkerConfig musl = new LinkerConfig(
                Path.of("lld"), "t", "elf_x86_64", "", "", List.of(), Optional.empty(), List.of(), List.of(), false);

        // when
        List<String> cmd = LldCommand.commandLine(musl, GccArgumentTranslator.translate(List.of("-shared", "a.o")));

        // then
        assertThat(cmd).doesNotContain("defs").containsSubsequence("-shared", "--hash-style=gnu", "a.o");
    }

    @Test
    void pieExecutableGetsDynamicLinkerAndStartFilesAroundEverything() throws Exception {
        // given
        Path crt = startFiles("Scrt1.o", "crti.o", "crtn.o", "crtbeginS.o", "crtendS.o");
        LinkerConfig config = armhfConfig().withStartFilesDir(Optional.of(crt));
        GccLink link = GccArgumentTranslator.translate(List.of("main.o", "-lc", "-pie", "-o", "app"));

        // when
        List<String> cmd = LldCommand.commandLine(config, link);

        // then
        assertThat(cmd)
                .containsExactly(
                        "/lld/rust-lld",
                        "-flavor",
                        "gnu",
                        "-m",
                        "armelf_linux_eabi",
                        "-pie",
                        "--dynamic-linker",
                        "/lib/ld-linux-armhf.so.3",
                        "--hash-style=gnu",
                        "--build-id",
                        "-z",
                        "noexecstack",
                        "-L",
                        "/stubs",
                        "-L",
                        "/more",
                        crt.resolve("Scrt1.o").toString(),
                        crt.resolve("crti.o").toString(),
                        crt.resolve("crtbeginS.o").toString(),
                        "main.o",
                        "-lc",
                        "-o",
                        "app",
                        "/extra/libstat64.a",
                        "--extra-arg",
                        crt.resolve("crtendS.o").toString(),
                        crt.resolve("crtn.o").toString());
    }

    @Test
    void dynamicExecutablesGetGlibcsNonsharedArchiveBeforeTheEndFilesStaticOnesDoNot() throws Exception {
        // given start files with glibc's libc_nonshared.a beside them, as libc6-dev installs it
        Path crt = startFiles("Scrt1.o", "crt1.o", "crti.o", "crtn.o", "crtendS.o", "libc_nonshared.a");
        LinkerConfig config = armhfConfig().withStartFilesDir(Optional.of(crt));

        // when
        List<String> pie = LldCommand.commandLine(config, GccArgumentTranslator.translate(List.of("main.o", "-pie")));
        List<String> fixed =
                LldCommand.commandLine(config, GccArgumentTranslator.translate(List.of("main.o", "-no-pie")));
        List<String> stat =
                LldCommand.commandLine(config, GccArgumentTranslator.translate(List.of("main.o", "-static")));

        // then
        assertThat(pie)
                .endsWith(
                        crt.resolve("libc_nonshared.a").toString(),
                        crt.resolve("crtendS.o").toString(),
                        crt.resolve("crtn.o").toString());
        assertThat(fixed)
                .containsSubsequence("main.o", crt.resolve("libc_nonshared.a").toString());
        assertThat(stat).doesNotContain(crt.resolve("libc_nonshared.a").toString());
    }

    @Test
    void executableWithoutPieUsesCrt1AndSkipsGccsCrtBeginWhenAbsent() throws Exception {
        // given
        Path crt = startFiles("crt1.o", "crti.o", "crtn.o", "Scrt1.o");
        LinkerConfig config = armhfConfig().withStartFilesDir(Optional.of(crt));

        // when
        List<String> cmd =
                LldCommand.commandLine(config, GccArgumentTranslator.translate(List.of("main.o", "-no-pie")));

        // then
        assertThat(cmd)
                .containsSubsequence(
                        "--dynamic-linker",
                        "/lib/ld-linux-armhf.so.3",
                        crt.resolve("crt1.o").toString(),
                        crt.resolve("crti.o").toString(),
                        "main.o",
                        crt.resolve("crtn.o").toString());
        assertThat(cmd).doesNotContain(crt.resolve("Scrt1.o").toString(), "-pie");
        assertThat(cmd.get(cmd.size() - 1)).isEqualTo(crt.resolve("crtn.o").toString());
    }

    @Test
    void staticPieHasNoDynamicLinkerAndUsesRcrt1() throws Exception {
        // given
        Path crt = startFiles("rcrt1.o", "crti.o", "crtn.o", "crtbeginS.o", "crtendS.o");
        LinkerConfig config = armhfConfig().withStartFilesDir(Optional.of(crt));

        // when
        List<String> cmd =
                LldCommand.commandLine(config, GccArgumentTranslator.translate(List.of("main.o", "-static-pie")));

        // then
        assertThat(cmd)
                .containsSubsequence(
                        "-static",
                        "-pie",
                        "--no-dynamic-linker",
                        "-z",
                        "text",
                        crt.resolve("rcrt1.o").toString(),
                        crt.resolve("crti.o").toString(),
                        crt.resolve("crtbeginS.o").toString(),
                        "main.o",
                        crt.resolve("crtendS.o").toString(),
                        crt.resolve("crtn.o").toString());
        assertThat(cmd).doesNotContain("--dynamic-linker", "--hash-style=gnu", "defs");
    }

    @Test
    void staticExecutableUsesCrtBeginT() throws Exception {
        // given
        Path crt = startFiles("crt1.o", "crti.o", "crtn.o", "crtbeginT.o", "crtend.o");
        LinkerConfig config = armhfConfig().withStartFilesDir(Optional.of(crt));

        // when
        List<String> cmd =
                LldCommand.commandLine(config, GccArgumentTranslator.translate(List.of("main.o", "-static")));

        // then
        assertThat(cmd)
                .containsSubsequence(
                        crt.resolve("crt1.o").toString(),
                        crt.resolve("crti.o").toString(),
                        crt.resolve("crtbeginT.o").toString(),
                        "main.o",
                        crt.resolve("crtend.o").toString(),
                        crt.resolve("crtn.o").toString());
        assertThat(cmd).doesNotContain("--dynamic-linker");
    }

    @Test
    void muslExecutableWithRustcsStartFilesIsOnlyTranslated() throws Exception {
        // given: no start files directory, and -nostartfiles in rustc's line
        LinkerConfig musl = new LinkerConfig(
                Path.of("/lld"),
                "armv7-unknown-linux-musleabihf",
                "armelf_linux_eabi",
                "/lib/ld-musl-armhf.so.1",
                "",
                List.of(),
                Optional.empty(),
                List.of(),
                List.of(),
                false);
        GccLink link = GccArgumentTranslator.translate(RecordedLines.args("armv7-musleabihf-bin.args"));

        // when
        List<String> cmd = LldCommand.commandLine(musl, link);

        // then
        assertThat(cmd.subList(0, 6)).containsExactly("/lld", "-flavor", "gnu", "-m", "armelf_linux_eabi", "-static");
        assertThat(cmd).doesNotContain("--dynamic-linker", "--hash-style=gnu");
        assertThat(cmd.get(cmd.size() - 1)).endsWith("/self-contained/crtn.o");
        assertThat(cmd.subList(6, cmd.size()))
                .containsSubsequence(
                        "--build-id",
                        "-z",
                        "noexecstack",
                        "/usr/lib/rustlib/armv7-unknown-linux-musleabihf/lib/self-contained/crt1.o");
    }

    @Test
    void anExecutableNeedingStartFilesWithoutADirectoryIsAClearError() throws Exception {
        // given
        GccLink link = GccArgumentTranslator.translate(List.of("main.o", "-pie"));

        // when / then
        assertThatThrownBy(() -> LldCommand.commandLine(armhfConfig(), link))
                .isInstanceOf(LinkerConfigException.class)
                .hasMessageContaining("armv7-unknown-linux-gnueabihf")
                .hasMessageContaining("startFilesDir")
                .hasMessageContaining("-nostartfiles");
    }

    @Test
    void aMissingRequiredStartFileIsNamed() throws Exception {
        // given
        Path crt = startFiles("crti.o", "crtn.o");
        LinkerConfig config = armhfConfig().withStartFilesDir(Optional.of(crt));
        GccLink link = GccArgumentTranslator.translate(List.of("main.o", "-pie"));

        // when / then
        assertThatThrownBy(() -> LldCommand.commandLine(config, link))
                .isInstanceOf(LinkerConfigException.class)
                .hasMessageContaining(crt.resolve("Scrt1.o").toString());
    }

    @Test
    void sharedObjectsGetNoStartFilesEvenWhenConfigured() throws Exception {
        // given
        Path crt = startFiles("crt1.o", "Scrt1.o", "crti.o", "crtn.o");
        LinkerConfig config = armhfConfig().withStartFilesDir(Optional.of(crt));

        // when
        List<String> cmd = LldCommand.commandLine(config, GccArgumentTranslator.translate(List.of("-shared", "a.o")));

        // then
        assertThat(cmd).noneMatch(a -> a.startsWith(crt.toString()));
    }
}
