package dev.rustmaven.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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

    @Test
    void targetCompilationsGetTheSysrootAndOthersRunUnchanged() throws Exception {
        // given: paths with a space and a quote, as users' home directories sometimes have
        Path sysroot = dir.resolve("it's sysroot");
        Path shim = RustcShim.write(dir.resolve("shim"), fakeRustc(), sysroot, false);

        // when / then
        assertThat(run(shim, "--crate-name", "x", "--target", "armv7-unknown-linux-gnueabihf", "a b.rs"))
                .containsExactly(
                        "[--sysroot]",
                        "[" + sysroot + "]",
                        "[--crate-name]",
                        "[x]",
                        "[--target]",
                        "[armv7-unknown-linux-gnueabihf]",
                        "[a b.rs]");
        assertThat(run(shim, "--target=aarch64-unknown-linux-gnu"))
                .containsExactly("[--sysroot]", "[" + sysroot + "]", "[--target=aarch64-unknown-linux-gnu]");
        assertThat(run(shim, "-vV")).containsExactly("[-vV]");
        assertThat(run(shim, "build.rs", "--crate-type", "bin"))
                .containsExactly("[build.rs]", "[--crate-type]", "[bin]");
    }

    @Test
    void rewritingTheSameShimKeepsTheFile() throws Exception {
        Path rustc = fakeRustc();
        Path first = RustcShim.write(dir.resolve("shim"), rustc, dir.resolve("s"), false);
        long modified = Files.getLastModifiedTime(first).toMillis();

        Path second = RustcShim.write(dir.resolve("shim"), rustc, dir.resolve("s"), false);

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second).toMillis()).isEqualTo(modified);
    }

    @Test
    void windowsLauncherIsACmdFileThatPassesTheSysrootForTargets() throws Exception {
        Path shim = RustcShim.write(dir.resolve("win"), Path.of("C:/Rust/bin/rustc.exe"), Path.of("C:/s"), true);

        assertThat(shim.getFileName().toString()).isEqualTo("rustc.cmd");
        String text = Files.readString(shim);
        assertThat(text)
                .contains("findstr /C:\"--target\"")
                .contains("\"C:/Rust/bin/rustc.exe\" --sysroot \"C:/s\" %*")
                .contains("\r\n");
    }

    @Test
    void theShimRunsWithRustcAndSysrootUnderPathsFullOfShellSyntax() throws Exception {
        // given
        String hostile = "it's \"q\" $HOME $(touch x) `touch x`; a\\b";
        Path rustc = Files.createDirectories(dir.resolve("rust " + hostile)).resolve("rustc");
        Files.copy(fakeRustc(), rustc, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path sysroot = dir.resolve("sysroot " + hostile);

        // when
        Path shim = RustcShim.write(dir.resolve("shim " + hostile), rustc, sysroot, false);

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
                dir.resolve("win"), Path.of("C:\\100% & co^\\rustc.exe"), Path.of("D:\\%USERNAME% s"), true);

        // then
        assertThat(Files.readString(shim))
                .contains("  \"C:\\100%% & co^\\rustc.exe\" --sysroot \"D:\\%%USERNAME%% s\" %*\r\n")
                .contains("  \"C:\\100%% & co^\\rustc.exe\" %*\r\n");
    }
}
