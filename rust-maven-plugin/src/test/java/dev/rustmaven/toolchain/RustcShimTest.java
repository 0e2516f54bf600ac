package dev.rustmaven.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RustcShimTest {

    @TempDir
    Path dir;

    private Path fakeRustc() throws Exception {
        Path rustc = Files.createDirectories(dir.resolve("tool chain")).resolve("rustc");
        Files.writeString(rustc, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(rustc, PosixFilePermissions.fromString("rwxr-xr-x"));
        return rustc;
    }

    private List<String> run(Path shim, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(shim.toString()));
        cmd.addAll(List.of(args));
        return new ProcessRunner().capture(new ProcessRunner.Command(cmd, dir));
    }

    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    private static final String ARMV6 = "arm-unknown-linux-gnueabihf";
    private static final String AARCH64 = "aarch64-unknown-linux-gnu";

    @Test
    void targetCompilationsGetTheSysrootAndOthersRunUnchanged() throws Exception {
        // given: paths with a space and a quote, as users' home directories sometimes have
        Path sysroot = dir.resolve("it's sysroot");
        Path shim = RustcShim.write(dir.resolve("shim"), fakeRustc(), Map.of(ARMV7, sysroot), false);

        // when / then
        assertThat(run(shim, "--crate-name", "x", "--target", ARMV7, "a b.rs"))
                .containsExactly(
                        "[--sysroot]",
                        "[" + sysroot + "]",
                        "[--crate-name]",
                        "[x]",
                        "[--target]",
                        "[" + ARMV7 + "]",
                        "[a b.rs]");
        assertThat(run(shim, "--target=" + ARMV7))
                .containsExactly("[--sysroot]", "[" + sysroot + "]", "[--target=" + ARMV7 + "]");
        assertThat(run(shim, "-vV")).containsExactly("[-vV]");
        assertThat(run(shim, "build.rs", "--crate-type", "bin"))
                .containsExactly("[build.rs]", "[--crate-type]", "[bin]");
    }

    @Test
    void oneShimGivesEachTargetItsOwnSysrootByTheValueOfTarget() throws Exception {
        // given: two targets with a fetched rust-std; the host's std is in the toolchain
        Path armv7 = dir.resolve("sysroot-armv7");
        Path armv6 = dir.resolve("sysroot-armv6");
        Path shim = RustcShim.write(dir.resolve("shim"), fakeRustc(), Map.of(ARMV7, armv7, ARMV6, armv6), false);

        // when / then: both forms of --target, wherever they stand
        assertThat(run(shim, "--target", ARMV6, "lib.rs"))
                .containsExactly("[--sysroot]", "[" + armv6 + "]", "[--target]", "[" + ARMV6 + "]", "[lib.rs]");
        assertThat(run(shim, "lib.rs", "--target=" + ARMV7))
                .containsExactly("[--sysroot]", "[" + armv7 + "]", "[lib.rs]", "[--target=" + ARMV7 + "]");
        // a prefix of a listed triple is another triple (armv7-unknown-linux-gnueabi is not ...-gnueabihf)
        assertThat(run(shim, "--target", "armv7-unknown-linux-gnueabi"))
                .containsExactly("[--target]", "[armv7-unknown-linux-gnueabi]");
        // the host, and targets installed with the toolchain, get no --sysroot
        assertThat(run(shim, "--target", "x86_64-unknown-linux-gnu", "main.rs"))
                .containsExactly("[--target]", "[x86_64-unknown-linux-gnu]", "[main.rs]");
        assertThat(run(shim, "--target=" + AARCH64)).containsExactly("[--target=" + AARCH64 + "]");
        // --target as the last argument (no value) and a value that looks like an option
        assertThat(run(shim, "--target")).containsExactly("[--target]");
        assertThat(run(shim, "--cfg", "x", "--target", "--target=" + ARMV7))
                .containsExactly("[--cfg]", "[x]", "[--target]", "[--target=" + ARMV7 + "]");
    }

    @Test
    void theShimIsTheSameFileWhateverTheOrderOfTheTargets() throws Exception {
        Path rustc = fakeRustc();
        Map<String, Path> one = new LinkedHashMap<>();
        one.put(ARMV7, dir.resolve("a"));
        one.put(ARMV6, dir.resolve("b"));
        Map<String, Path> other = new LinkedHashMap<>();
        other.put(ARMV6, dir.resolve("b"));
        other.put(ARMV7, dir.resolve("a"));

        String first = Files.readString(RustcShim.write(dir.resolve("one"), rustc, one, false));
        String second = Files.readString(RustcShim.write(dir.resolve("other"), rustc, other, false));

        assertThat(first).isEqualTo(second);
    }

    @Test
    void rewritingTheSameShimKeepsTheFile() throws Exception {
        Path rustc = fakeRustc();
        Path first = RustcShim.write(dir.resolve("shim"), rustc, Map.of(ARMV7, dir.resolve("s")), false);
        long modified = Files.getLastModifiedTime(first).toMillis();

        Path second = RustcShim.write(dir.resolve("shim"), rustc, Map.of(ARMV7, dir.resolve("s")), false);

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second).toMillis()).isEqualTo(modified);
    }

    @Test
    void windowsLauncherIsACmdFileThatChoosesTheSysrootByTheTargetsValue() throws Exception {
        Path shim = RustcShim.write(
                dir.resolve("win"),
                Path.of("C:/Rust/bin/rustc.exe"),
                Map.of(ARMV7, Path.of("C:/s7"), ARMV6, Path.of("C:/s6")),
                true);

        assertThat(shim.getFileName().toString()).isEqualTo("rustc.cmd");
        String text = Files.readString(shim);
        // sorted by triple: arm- (sysroot0) before armv7- (sysroot1); cmd splits --target=X at '=' as well
        assertThat(text)
                .contains("if not \"%~1\"==\"--target\" goto next\r\n")
                .contains("if \"%~2\"==\"" + ARMV6 + "\" goto sysroot0\r\n")
                .contains("if \"%~2\"==\"" + ARMV7 + "\" goto sysroot1\r\n")
                .contains(":sysroot0\r\n\"C:/Rust/bin/rustc.exe\" --sysroot \"C:/s6\" %*\r\nexit /b %ERRORLEVEL%\r\n")
                .contains(":sysroot1\r\n\"C:/Rust/bin/rustc.exe\" --sysroot \"C:/s7\" %*\r\n")
                .endsWith(":plain\r\n\"C:/Rust/bin/rustc.exe\" %*\r\nexit /b %ERRORLEVEL%\r\n")
                .doesNotContain("\n\n");
    }

    @Test
    void theShimRunsWithRustcAndSysrootUnderPathsFullOfShellSyntax() throws Exception {
        // given
        String hostile = "it's \"q\" $HOME $(touch x) `touch x`; a\\b";
        Path rustc = Files.createDirectories(dir.resolve("rust " + hostile)).resolve("rustc");
        Files.copy(fakeRustc(), rustc, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path sysroot = dir.resolve("sysroot " + hostile);

        // when
        Path shim = RustcShim.write(dir.resolve("shim " + hostile), rustc, Map.of("$(touch x)", sysroot), false);

        // then
        assertThat(run(shim, "--target", "$(touch x)"))
                .containsExactly("[--sysroot]", "[" + sysroot + "]", "[--target]", "[$(touch x)]");
        assertThat(run(shim, "-vV")).containsExactly("[-vV]");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void theWindowsShimQuotesPercentSignsAndKeepsCaretAndAmpersandInQuotes() throws Exception {
        // when
        Path shim = RustcShim.write(
                dir.resolve("win"),
                Path.of("C:\\100% & co^\\rustc.exe"),
                Map.of(ARMV7, Path.of("D:\\%USERNAME% s")),
                true);

        // then
        assertThat(Files.readString(shim))
                .contains("\n\"C:\\100%% & co^\\rustc.exe\" --sysroot \"D:\\%%USERNAME%% s\" %*\r\n")
                .contains("\n\"C:\\100%% & co^\\rustc.exe\" %*\r\n");
    }
}
