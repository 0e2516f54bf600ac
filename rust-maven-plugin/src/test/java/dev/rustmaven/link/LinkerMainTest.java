package dev.rustmaven.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.testing.Required;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link LinkerMain} in-process against stand-in LLDs (small sh scripts). */
class LinkerMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void needsSh() {
        Required.require(Files.isExecutable(Path.of("/bin/sh")), "a POSIX sh at /bin/sh for the stand-in LLDs");
    }

    private Path config(Path lld, String floor) throws IOException {
        Path file = dir.resolve("link.properties");
        new LinkerConfig(
                        lld,
                        "armv7-unknown-linux-gnueabihf",
                        "armelf_linux_eabi",
                        "/lib/ld-linux-armhf.so.3",
                        floor,
                        List.of(Path.of("/stubs")),
                        Optional.empty(),
                        List.of(),
                        List.of(),
                        true)
                .store(file);
        return file;
    }

    private Path fakeLld(String tail) throws IOException {
        return StandInLld.write(dir, tail);
    }

    private int run(String... args) {
        return LinkerMain.run(List.of(args), dir, out, err, LinkerMain.RESPONSE_FILE_THRESHOLD);
    }

    private List<String> lldArgs() throws IOException {
        return Files.readAllLines(StandInLld.arguments(dir));
    }

    @Test
    void runsLldWithTheTranslatedCommandAndReturnsItsExitCode() throws Exception {
        // given
        Path cfg = config(fakeLld("exit 0"), "2.28");

        // when
        int exit = run("--config", cfg.toString(), "a.o", "-Wl,--as-needed", "-lc", "-shared", "-o", "lib.so", "-m32");

        // then
        assertThat(exit).isZero();
        assertThat(lldArgs())
                .containsExactly(
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
                        "a.o",
                        "--as-needed",
                        "-lc",
                        "-o",
                        "lib.so");
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void expandsRustcsResponseFileRelativeToTheWorkingDirectory() throws Exception {
        // given
        Path cfg = config(fakeLld("exit 0"), "");
        Files.writeString(dir.resolve("linker-arguments"), "\"my dir/a.o\"\n-shared\n");

        // when
        int exit = run("--config", cfg.toString(), "@linker-arguments");

        // then
        assertThat(exit).isZero();
        assertThat(lldArgs()).contains("my dir/a.o", "-shared").doesNotContain("@linker-arguments");
    }

    @Test
    void aLongCommandLineReachesLldThroughAResponseFileThatIsRemovedAfterwards() throws Exception {
        // given
        Path cfg = config(fakeLld("exit 0"), "");

        // when
        int exit = LinkerMain.run(
                List.of("--config", cfg.toString(), "with space.o", "q\"uote.o", "-shared"), dir, out, err, 10);

        // then
        assertThat(exit).isZero();
        List<String> args = lldArgs();
        assertThat(args).hasSize(4);
        assertThat(args.subList(0, 3)).containsExactly("-flavor", "gnu", "--rsp-quoting=posix");
        assertThat(args.get(3)).startsWith("@");
        assertThat(ResponseFiles.parse(Files.readString(dir.resolve("rsp.txt"))))
                .containsExactly(
                        "-m",
                        "armelf_linux_eabi",
                        "-shared",
                        "--hash-style=gnu",
                        "--build-id",
                        "-z",
                        "noexecstack",
                        "-z",
                        "defs",
                        "-L",
                        "/stubs",
                        "with space.o",
                        "q\"uote.o");
        assertThat(Path.of(args.get(3).substring(1))).doesNotExist();
    }

    @Test
    void responseFileThresholdOptionOverridesTheDefault() throws Exception {
        // given
        Path cfg = config(fakeLld("exit 0"), "");

        // when
        int exit = run("--config", cfg.toString(), "--response-file-threshold", "0", "a.o", "-shared");

        // then
        assertThat(exit).isZero();
        assertThat(lldArgs()).contains("--rsp-quoting=posix");
    }

    @Test
    void lldFailurePassesItsStderrAndExitCodeOnWithANoteAboutTheFloor() throws Exception {
        // given
        Path cfg = config(
                fakeLld("echo 'ld.lld: error: undefined symbol: getrandom' >&2\n"
                        + "echo '>>> referenced by std' >&2\nexit 3"),
                "2.24");

        // when
        int exit = run("--config", cfg.toString(), "a.o", "-shared", "-o", "lib.so");

        // then
        String stderr = errBytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(3);
        assertThat(stderr)
                .startsWith("ld.lld: error: undefined symbol: getrandom\n>>> referenced by std\n")
                .contains("LLD failed with exit code 3 for armv7-unknown-linux-gnueabihf")
                .contains("-m armelf_linux_eabi -shared")
                .contains("glibc 2.24");
    }

    @Test
    void lldFailureWithoutUndefinedSymbolsGetsNoFloorNote() throws Exception {
        // given
        Path cfg = config(fakeLld("echo 'ld.lld: error: cannot open foo.o' >&2\nexit 1"), "2.24");

        // when
        int exit = run("--config", cfg.toString(), "foo.o", "-shared");

        // then
        assertThat(exit).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8))
                .contains("cannot open foo.o")
                .doesNotContain("glibc 2.24");
    }

    @Test
    void dryRunPrintsTheCommandWithoutRunningLld() throws Exception {
        // given
        Path cfg = config(dir.resolve("no-such-lld"), "");

        // when
        int exit = run("--config", cfg.toString(), "--dry-run", "a.o", "-shared");

        // then
        assertThat(exit).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8).lines())
                .first()
                .isEqualTo(dir.resolve("no-such-lld").toString());
        assertThat(outBytes.toString(StandardCharsets.UTF_8).lines()).contains("-shared", "a.o");
    }

    @Test
    void verbosePrintsTheLldCommandToStandardError() throws Exception {
        // given
        Path cfg = config(fakeLld("exit 0"), "");

        // when
        int exit = run("--config", cfg.toString(), "-v", "a.o", "-shared");

        // then
        assertThat(exit).isZero();
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("-flavor gnu -m armelf_linux_eabi -shared");
    }

    @Test
    void anUnknownOptionFailsBeforeLldRuns() throws Exception {
        // given
        Path cfg = config(fakeLld("exit 0"), "");

        // when
        int exit = run("--config", cfg.toString(), "a.o", "-flto", "-shared");

        // then
        assertThat(exit).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("error:").contains("-flto");
        assertThat(StandInLld.arguments(dir)).doesNotExist();
    }

    @Test
    void anLldThatCannotBeStartedIsExplained() throws Exception {
        // given
        Path cfg = config(dir.resolve("missing-lld"), "");

        // when
        int exit = run("--config", cfg.toString(), "a.o", "-shared");

        // then
        assertThat(exit).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("cannot run LLD " + dir.resolve("missing-lld"));
    }

    @Test
    void withoutConfigItPrintsUsage() {
        // when
        int exit = run("a.o", "-shared");

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("usage: LinkerMain --config <file>");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        // when
        int exit = run("--config", "absent.properties", "a.o");

        // then
        assertThat(exit).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8))
                .contains(dir.resolve("absent.properties").toString());
    }

    @Test
    void aMissingStartFilesDirectoryFailsAnExecutableLink() throws Exception {
        // given
        Path cfg = config(fakeLld("exit 0"), "");
        List<String> args = new ArrayList<>(List.of("--config", cfg.toString()));
        args.addAll(RecordedLines.args("x86_64-gnu-bin.args"));

        // when
        int exit = LinkerMain.run(args, dir, out, err, LinkerMain.RESPONSE_FILE_THRESHOLD);

        // then
        assertThat(exit).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("startFilesDir");
    }
}
