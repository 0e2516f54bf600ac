package dev.rustmaven.toolchain;

import static dev.rustmaven.link.LauncherWriter.cmdQuote;
import static dev.rustmaven.link.LauncherWriter.shQuote;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A tiny launcher handed to cargo as {@code RUSTC} that adds {@code --sysroot <composed sysroot>} to
 * every compilation for the target (cargo passes {@code --target} to exactly those) and runs the real
 * rustc unchanged otherwise (build scripts, proc-macros, version queries).
 *
 * <p>Why not {@code RUSTFLAGS}: cargo takes rustflags from only one source ({@code RUSTFLAGS}, else
 * {@code target.<t>.rustflags}, else {@code build.rustflags}), so setting any of them would silently
 * drop the user's. A {@code RUSTC_WRAPPER} the user set (sccache) still wraps this launcher.
 */
public final class RustcShim {

    private RustcShim() {}

    /**
     * Writes the launcher into {@code dir}.
     *
     * @param windows whether to write a {@code .cmd} file instead of a POSIX shell script
     * @return the launcher's path
     */
    public static Path write(Path dir, Path rustc, Path sysroot, boolean windows) throws IOException {
        FileTrees.createDirectories(dir);
        Path file = dir.resolve(windows ? "rustc.cmd" : "rustc");
        String text = windows ? cmd(rustc, sysroot) : sh(rustc, sysroot);
        if (Files.isRegularFile(file)
                && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            return file;
        }
        return AtomicPublish.replaceFile(file, tmp -> {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            if (!windows) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return file;
        });
    }

    static String sh(Path rustc, Path sysroot) {
        String r = shQuote(rustc.toString());
        return "#!/bin/sh\n"
                + "# Written by rust-maven-plugin: target compilations get the composed sysroot.\n"
                + "for arg in \"$@\"; do\n"
                + "  case \"$arg\" in\n"
                + "    --target|--target=*) exec " + r + " --sysroot " + shQuote(sysroot.toString()) + " \"$@\" ;;\n"
                + "  esac\n"
                + "done\n"
                + "exec " + r + " \"$@\"\n";
    }

    static String cmd(Path rustc, Path sysroot) {
        return "@echo off\r\n"
                + "rem Written by rust-maven-plugin: target compilations get the composed sysroot.\r\n"
                + "echo %* | findstr /C:\"--target\" >nul\r\n"
                + "if %ERRORLEVEL% equ 0 (\r\n"
                + "  " + cmdQuote(rustc.toString()) + " --sysroot " + cmdQuote(sysroot.toString()) + " %*\r\n"
                + ") else (\r\n"
                + "  " + cmdQuote(rustc.toString()) + " %*\r\n"
                + ")\r\n"
                + "exit /b %ERRORLEVEL%\r\n";
    }
}
