package dev.rustmaven.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.testing.Required;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native front end ({@code linker_front_end.rs}) against {@link LinkerMain}, the reference: both run on the
 * same arguments and configuration, and their standard output, standard error and exit code must be identical.
 * The native one is compiled once with this machine's rustc.
 */
class NativeFrontEndTest {

    @TempDir
    static Path cache;

    static Path executable;

    @TempDir
    Path dir;

    @BeforeAll
    static void compile() throws Exception {
        Optional<String> version = HostToolchain.run("rustc", "-vV");
        Required.require(version.isPresent(), "rustc on PATH to compile the native linker front end");
        Required.require(Files.isExecutable(Path.of("/bin/sh")), "a POSIX sh at /bin/sh for the stand-in LLDs");
        NativeFrontEnd.Built built =
                new NativeFrontEnd(cache, new ProcessRunner()).build(Path.of("rustc"), version.get(), cache);
        assertThat(built.compiled()).isTrue();
        executable = built.executable();
        // A second build of the same source with the same compiler reuses the first.
        assertThat(new NativeFrontEnd(cache, new ProcessRunner()).build(Path.of("rustc"), version.get(), cache))
                .isEqualTo(new NativeFrontEnd.Built(executable, false));
    }

    /** What one front end did. */
    record Result(int exit, String out, String err) {}

    @Test
    void aCachedFrontEndThatDoesNotRunIsCompiledAgainNotHandedOut() throws Exception {
        // given a cache whose front end was emptied (a crash before it reached the disk), and one not executable
        Path own = dir.resolve("own-cache");
        String version = HostToolchain.run("rustc", "-vV").orElseThrow();
        NativeFrontEnd frontEnd = new NativeFrontEnd(own, new ProcessRunner());
        Path first = frontEnd.build(Path.of("rustc"), version, dir).executable();
        for (String damage : List.of("empty", "not executable")) {
            if (damage.equals("empty")) {
                Files.write(first, new byte[0]);
            } else {
                Files.setPosixFilePermissions(first, PosixFilePermissions.fromString("rw-r--r--"));
            }
            assertThat(frontEnd.problem(first)).as(damage).isPresent();

            // when
            NativeFrontEnd.Built again = frontEnd.build(Path.of("rustc"), version, dir);

            // then
            assertThat(again.compiled()).as(damage).isTrue();
            assertThat(again.executable()).isEqualTo(first);
            assertThat(frontEnd.problem(first)).as(damage).isEmpty();
        }
    }

    private Path startFiles;

    @BeforeEach
    void startFilesDirectory() throws IOException {
        startFiles = dir.resolve("crt dir");
        Files.createDirectories(startFiles);
        for (String name : List.of(
                "crt1.o", "Scrt1.o", "rcrt1.o", "crti.o", "crtn.o", "crtbeginS.o", "crtendS.o", "libc_nonshared.a")) {
            Files.writeString(startFiles.resolve(name), "");
        }
    }

    /** Every field set, with characters that need care: spaces, quotes, a backslash, '=' and non-ASCII. */
    private LinkerConfig fullConfig(Path lld) {
        return new LinkerConfig(
                lld,
                "armv7-unknown-linux-gnueabihf",
                "armelf_linux_eabi",
                "/lib/ld-linux-armhf.so.3",
                "2.28",
                List.of(Path.of("/stubs/glibc 2.28"), Path.of("/lib/x=y"), Path.of("/usr/lib/gcc/ünï")),
                Optional.of(startFiles),
                List.of(Path.of("/stubs/loader.o"), Path.of("/w/stat \"wrappers\".o")),
                List.of("--allow-shlib-undefined", "back\\slash", "it's"),
                true);
    }

    private static LinkerConfig minimalConfig(Path lld) {
        return new LinkerConfig(
                lld, "", "elf_x86_64", "", "", List.of(), Optional.empty(), List.of(), List.of(), false);
    }

    private Result java(LinkerConfig config, List<String> args) throws IOException {
        Path properties = dir.resolve("link.properties");
        config.store(properties);
        List<String> all = new ArrayList<>(List.of("--config", properties.toString()));
        all.addAll(args);
        return java(all);
    }

    private Result java(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LinkerMain.run(
                args,
                dir,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                LinkerMain.RESPONSE_FILE_THRESHOLD);
        return new Result(
                exit,
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)
                        .replace(dir.resolve("link.properties").toString(), "<config>"));
    }

    private Result nativeRun(LinkerConfig config, List<String> args) throws Exception {
        Path plain = dir.resolve("link.conf");
        config.storePlain(plain);
        List<String> all = new ArrayList<>(List.of("--config", plain.toString()));
        all.addAll(args);
        return nativeRun(all);
    }

    private Result nativeRun(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        int exit = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start()
                .waitFor();
        return new Result(
                exit,
                Files.readString(out),
                Files.readString(err).replace(dir.resolve("link.conf").toString(), "<config>"));
    }

    private void assertSame(LinkerConfig config, List<String> args) throws Exception {
        Result reference = java(config, args);
        assertThat(nativeRun(config, args)).as("native front end for %s", args).isEqualTo(reference);
    }

    /** Runs both with {@code --dry-run}, checks they agree and returns what they did. */
    private Result assertSameDryRun(LinkerConfig config, List<String> args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--dry-run"));
        all.addAll(args);
        Result reference = java(config, all);
        assertThat(nativeRun(config, all)).as("native front end for %s", args).isEqualTo(reference);
        return reference;
    }

    /** As {@link #assertSameDryRun}, for a link that must succeed: both print an LLD command line. */
    private void assertSameCommand(LinkerConfig config, List<String> args) throws Exception {
        Result result = assertSameDryRun(config, args);
        assertThat(result.exit()).as("exit code for %s", args).isZero();
        assertThat(result.out()).contains("-flavor\ngnu\n");
        assertThat(result.err()).isEmpty();
    }

    static Stream<String> recorded() {
        return Stream.of(
                "x86_64-gnu-bin.args",
                "x86_64-gnu-cdylib.args",
                "x86_64-gnu-static-pie.args",
                "x86_64-gnu-bin-debian-rustc.args",
                "x86_64-gnu-cdylib-debian-rustc.args",
                "armv7-musleabihf-bin.args");
    }

    @ParameterizedTest
    @MethodSource("recorded")
    void recordedCommandLinesGiveTheSameLldCommand(String name) throws Exception {
        List<String> args = RecordedLines.args(name);
        assertSameCommand(fullConfig(Path.of("/opt/rust lld/rust-lld")), args);
        assertSameDryRun(minimalConfig(Path.of("/usr/bin/ld.lld")), args);
    }

    @Test
    void recordedResponseFileGivesTheSameLldCommand() throws Exception {
        Files.copy(
                RecordedLines.path("x86_64-gnu-cdylib-via-response-file.linker-arguments"),
                dir.resolve("linker-arguments"));
        assertSameCommand(fullConfig(Path.of("/rust-lld")), List.of("@linker-arguments"));
        assertSameCommand(fullConfig(Path.of("/rust-lld")), List.of("@" + dir.resolve("linker-arguments")));
    }

    @ParameterizedTest
    @MethodSource("dev.rustmaven.link.GccArgumentTranslatorTest#passedOnOptions")
    void translatorInputsGiveTheSameLldCommand(List<String> gcc, List<String> ignored) throws Exception {
        List<String> shared = new ArrayList<>(gcc);
        shared.add("-shared");
        assertSameCommand(fullConfig(Path.of("/rust-lld")), shared);
        assertSameCommand(fullConfig(Path.of("/rust-lld")), gcc);
    }

    static Stream<List<String>> argumentSets() {
        return Stream.of(
                List.of("a.o", "-shared", "-o", "lib.so"),
                List.of("a.o", "-shared", "-o", "/out//deps/libx.so"),
                List.of("a.o", "-shared", "-o", "lib.so", "-Wl,-soname=other.so"),
                List.of("a.o", "-shared", "-o", "lib.so", "-Wl,-h,other.so"),
                List.of("a.o", "-shared", "-olib.so"),
                List.of("a.o", "-shared", "-static"),
                List.of("a.o", "-shared", "-rdynamic"),
                List.of("main.o", "-pie", "-o", "app"),
                List.of("main.o", "-no-pie"),
                List.of("main.o", "-nopie"),
                List.of("main.o"),
                List.of("main.o", "-static"),
                List.of("main.o", "-static-pie"),
                List.of("main.o", "-static", "-no-pie", "-rdynamic"),
                List.of("main.o", "-pie", "-nostartfiles"),
                List.of("main.o", "-nostdlib", "-static"),
                List.of("-v", "a.o", "-shared", "-s", "-pthread"),
                List.of("-B", "/x/gcc-ld", "-target", "arm-linux", "a.o", "-shared"),
                List.of("-m64", "-march=armv7-a", "-mcpu=x", "-mtune=y", "-mabi=z", "-mfloat-abi=hard", "-mfpu=vfp"),
                List.of("-mthumb", "-marm", "-fuse-ld=lld", "-fPIC", "-fpic", "-fPIE", "-fpie", "-fno-x", "-g", "-O2"),
                List.of("-Wall", "-Wa,--noexecstack", "-Wp,-D", "-B/x", "--target=arm", "-nodefaultlibs", "-nolibc"),
                List.of("-static-libgcc", "-shared-libgcc", "-shared", "", "a b.o", "ünï.o", "q\"uote'.o"),
                List.of("-Xlinker", "-rpath=$ORIGIN", "-shared", "-lfoo", "-l", "bar", "-L", "/d", "-L/e"),
                List.of("-export-dynamic", "-eentry", "-Tlink.x", "-zdefs", "-usym", "--sysroot=/s", "-shared"),
                List.of("-Wl,", "-Wl,,x,,y,", "-shared"));
    }

    @ParameterizedTest
    @MethodSource("argumentSets")
    void argumentSetsGiveTheSameLldCommand(List<String> args) throws Exception {
        assertSameCommand(fullConfig(Path.of("/rust-lld")), args);
        assertSameDryRun(minimalConfig(Path.of("/rust-lld")), args);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(List.of("a.o", "-flto", "-shared", "-", "--weird")),
                Arguments.of(List.of("a.o", "-o")),
                Arguments.of(List.of("-flto", "-L")),
                Arguments.of(List.of("a.o", "-Xlinker")),
                Arguments.of(List.of("main.o", "-pie")));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void translationFailuresAreTheSame(List<String> args) throws Exception {
        assertThat(assertSameDryRun(minimalConfig(Path.of("/rust-lld")), args).exit())
                .isEqualTo(1);
        assertSame(minimalConfig(Path.of("/rust-lld")), args);
    }

    @Test
    void missingStartFilesAreTheSame() throws Exception {
        Files.delete(startFiles.resolve("crti.o"));
        assertThat(assertSameDryRun(fullConfig(Path.of("/rust-lld")), List.of("main.o", "-pie"))
                        .err())
                .contains("crti.o is missing");
        Files.delete(startFiles.resolve("rcrt1.o"));
        assertThat(assertSameDryRun(fullConfig(Path.of("/rust-lld")), List.of("main.o", "-static-pie"))
                        .err())
                .contains("rcrt1.o is missing");
    }

    @Test
    void optionErrorsAndMissingConfigurationAreTheSame() throws Exception {
        Path absent = dir.resolve("absent.cfg");
        for (List<String> args : List.of(
                List.of("a.o"),
                List.of("--config"),
                List.of("--dry-run", "a.o"),
                List.of("--config", absent.toString(), "a.o"),
                List.of("--config", absent.toString(), "--response-file-threshold", "many", "a.o"),
                List.of("--config", absent.toString(), "--response-file-threshold"))) {
            assertThat(nativeRun(args)).as("native front end for %s", args).isEqualTo(java(args));
        }
    }

    @Test
    void aConfigurationWithoutLldOrEmulationIsRefusedTheSame() throws Exception {
        Path properties = dir.resolve("link.properties");
        Path plain = dir.resolve("link.conf");
        Files.writeString(properties, "lld=/rust-lld\n");
        Files.writeString(plain, "lld=/rust-lld\n");
        List<String> args = List.of("--dry-run", "a.o");
        Result reference = java(List.of("--config", properties.toString(), "--dry-run", "a.o"));
        assertThat(reference.err()).contains("has no 'emulation' entry");
        assertThat(nativeRun(List.of("--config", plain.toString(), "--dry-run", "a.o")))
                .as("native front end for %s", args)
                .isEqualTo(reference);
    }

    @Test
    void responseFilesWithQuotingNestingAndMissingFilesAreTheSame() throws Exception {
        Files.writeString(
                dir.resolve("quoted.rsp"),
                "\"my dir/a.o\" 'single \"q\"' back\\ slash\\\\x \"\" -shared\n\t-o\n\"line\nbreak.so\" @nested.rsp",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("nested.rsp"), "-Wl,--as-needed ünï.o @missing.rsp @", StandardCharsets.UTF_8);
        assertSameCommand(fullConfig(Path.of("/rust-lld")), List.of("@quoted.rsp", "b.o", "@absent.rsp"));
        assertThat(java(fullConfig(Path.of("/rust-lld")), List.of("--dry-run", "@quoted.rsp"))
                        .out())
                .contains(
                        "\nmy dir/a.o\nsingle \"q\"\nback slash\\x\n\n",
                        "\nline\nbreak.so\n",
                        "\nünï.o\n@missing.rsp\n@\n");
        Path loop = dir.resolve("loop.rsp");
        Files.writeString(loop, "@" + loop);
        assertThat(assertSameDryRun(fullConfig(Path.of("/rust-lld")), List.of("-shared", "@" + loop))
                        .err())
                .contains("nested more than");
        Path latin1 = dir.resolve("latin1.rsp");
        Files.write(latin1, new byte[] {'a', (byte) 0xe9, '.', 'o'});
        assertThat(assertSameDryRun(fullConfig(Path.of("/rust-lld")), List.of("-shared", "@" + latin1))
                        .err())
                .contains("is not UTF-8 text");
    }

    /** A stand-in LLD ({@link StandInLld}) that prints a line before running {@code tail}. */
    private Path fakeLld(String tail) throws IOException {
        return StandInLld.write(dir, "echo 'lld output'\n" + tail);
    }

    private String lldArguments() throws IOException {
        String args = Files.readString(StandInLld.arguments(dir));
        Files.delete(StandInLld.arguments(dir));
        return args;
    }

    @Test
    void runningLldPassesTheSameArgumentsStandardErrorAndExitCode() throws Exception {
        for (String tail : List.of(
                "exit 0",
                "echo 'ld.lld: error: cannot open foo.o' >&2; exit 1",
                "echo 'ld.lld: error: undefined symbol: getrandom' >&2; echo '>>> referenced by std' >&2; exit 3",
                "kill -TERM $$")) {
            LinkerConfig config = fullConfig(fakeLld(tail));
            for (List<String> args :
                    List.of(List.of("a.o", "-shared", "-o", "lib.so"), List.of("-v", "main.o", "-pie", "-o", "app"))) {
                Result reference = java(config, args);
                String referenceArgs = lldArguments();
                Result result = nativeRun(config, args);
                // LLD's standard output is inherited, the in-process reference's goes to the test's console
                assertThat(result.out()).isEqualTo("lld output\n");
                assertThat(new Result(result.exit(), "", result.err()))
                        .as("native front end with %s for %s", tail, args)
                        .isEqualTo(reference);
                assertThat(lldArguments()).isEqualTo(referenceArgs);
            }
        }
        LinkerConfig withoutFloor = minimalConfig(fakeLld("echo 'undefined symbol: x' >&2; exit 1"));
        Result reference = java(withoutFloor, List.of("a.o", "-shared"));
        assertThat(reference.err()).doesNotContain("glibc");
        assertThat(new Result(nativeRun(withoutFloor, List.of("a.o", "-shared")).exit(), "", reference.err()))
                .isEqualTo(new Result(reference.exit(), "", reference.err()));
    }

    @Test
    void aLongCommandLineReachesLldThroughTheSameResponseFile() throws Exception {
        LinkerConfig config = fullConfig(fakeLld("exit 0"));
        List<String> args =
                List.of("--response-file-threshold", "10", "with space.o", "q\"uote.o", "li\nne.o", "-shared");
        Result reference = java(config, args);
        List<String> referenceArgs = Files.readAllLines(StandInLld.arguments(dir));
        String referenceFile = Files.readString(dir.resolve("rsp.txt"));
        Result result = nativeRun(config, args);
        List<String> nativeArgs = Files.readAllLines(StandInLld.arguments(dir));
        assertThat(result.exit()).isEqualTo(reference.exit()).isZero();
        assertThat(result.err()).isEqualTo(reference.err());
        assertThat(nativeArgs.subList(0, 3)).isEqualTo(referenceArgs.subList(0, 3));
        assertThat(nativeArgs.get(3)).startsWith("@");
        assertThat(Path.of(nativeArgs.get(3).substring(1))).doesNotExist();
        assertThat(Files.readString(dir.resolve("rsp.txt"))).isEqualTo(referenceFile);
        // under the threshold: no response file
        List<String> shortLine = List.of("--response-file-threshold", "100000", "a.o", "-shared");
        assertThat(nativeRun(config, shortLine)).isEqualTo(new Result(0, "lld output\n", ""));
        assertThat(Files.readString(StandInLld.arguments(dir))).doesNotContain("--rsp-quoting");
    }

    @Test
    void anLldThatCannotBeStartedIsExplainedTheSame() throws Exception {
        assertSame(fullConfig(dir.resolve("missing-lld")), List.of("a.o", "-shared"));
        Path notExecutable = dir.resolve("not-executable-lld");
        Files.writeString(notExecutable, "");
        assertSame(fullConfig(notExecutable), List.of("a.o", "-shared"));
        assertSame(fullConfig(dir), List.of("a.o", "-shared"));
    }

    @Test
    void aRealLldFailingOnAnUndefinedSymbolGetsTheSameNotes() throws Exception {
        Optional<Path> sysroot = HostToolchain.sysroot();
        Required.require(sysroot.isPresent(), "rustc --print sysroot for rust-lld");
        Path lld = sysroot.get()
                .resolve("lib/rustlib")
                .resolve(HostToolchain.host())
                .resolve("bin/rust-lld");
        Required.require(Files.isExecutable(lld), "rust-lld in the host toolchain (" + lld + ")");
        Path source = dir.resolve("undefined.rs");
        Files.writeString(
                source,
                "extern \"C\" { fn not_in_glibc_2_28(); }\n"
                        + "#[no_mangle] pub extern \"C\" fn call() { unsafe { not_in_glibc_2_28() } }\n");
        Optional<String> compiled = HostToolchain.run(
                "rustc",
                "--crate-type",
                "lib",
                "-C",
                "panic=abort",
                "--emit",
                "obj=" + dir.resolve("undefined.o"),
                source.toString());
        assertThat(compiled).as("rustc compiled %s", source).isPresent();
        LinkerConfig config = new LinkerConfig(
                lld,
                "x86_64-unknown-linux-gnu",
                "elf_x86_64",
                "/lib64/ld-linux-x86-64.so.2",
                "2.28",
                List.of(),
                Optional.empty(),
                List.of(),
                List.of(),
                true);
        List<String> args = List.of(dir.resolve("undefined.o").toString(), "-shared", "-o", "libundefined.so");

        Result reference = java(config, args);

        assertThat(reference.exit()).isNotZero();
        assertThat(reference.err()).contains("undefined symbol: not_in_glibc_2_28", "glibc 2.28 (the chosen");
        assertThat(nativeRun(config, args)).isEqualTo(reference);
    }
}
