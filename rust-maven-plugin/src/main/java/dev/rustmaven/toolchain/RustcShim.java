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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny launcher handed to cargo as {@code RUSTC} that adds {@code --sysroot <composed sysroot>} to every
 * compilation for a target whose rust-std the plugin provides, choosing the sysroot by the value of rustc's
 * {@code --target} ({@code --target X} or {@code --target=X}), and runs the real rustc unchanged otherwise
 * (build scripts, proc-macros, version queries, the toolchain's own targets). One launcher serves every target
 * of a build, so that one cargo can build them all at once.
 *
 * <p>Why not {@code RUSTFLAGS}: cargo takes rustflags from only one source ({@code RUSTFLAGS}, else
 * {@code target.<t>.rustflags}, else {@code build.rustflags}), so setting any of them would silently
 * drop the user's. A {@code RUSTC_WRAPPER} the user set (sccache) still wraps this launcher, and sees neither
 * the sysroot nor a path that depends on the targets.
 */
public final class RustcShim {

    private RustcShim() {}

    /**
     * Writes the launcher into {@code dir}.
     *
     * @param sysroots the composed sysroot of each target (by triple) whose compilations need one
     * @param windows whether to write a {@code .cmd} file instead of a POSIX shell script
     * @return the launcher's path
     */
    public static Path write(Path dir, Path rustc, Map<String, Path> sysroots, boolean windows) throws IOException {
        FileTrees.createDirectories(dir);
        Path file = dir.resolve(windows ? "rustc.cmd" : "rustc");
        // Sorted, so that the same targets always make the same file (and an unchanged file is left alone).
        Map<String, Path> sorted = new TreeMap<>(sysroots);
        String text = windows ? cmd(rustc, sorted) : sh(rustc, sorted);
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

    static String sh(Path rustc, Map<String, Path> sysroots) {
        String r = shQuote(rustc.toString());
        StringBuilder text = new StringBuilder()
                .append("#!/bin/sh\n")
                .append(
                        "# Written by rust-maven-plugin: compilations for a target whose rust-std the plugin provides\n")
                .append("# get that target's composed sysroot; everything else runs rustc unchanged.\n")
                .append("target=\n")
                .append("next=\n")
                .append("for arg in \"$@\"; do\n")
                .append("  if [ -n \"$next\" ]; then target=$arg; next=; continue; fi\n")
                .append("  case \"$arg\" in\n")
                .append("    --target) next=1 ;;\n")
                .append("    --target=*) target=${arg#--target=} ;;\n")
                .append("  esac\n")
                .append("done\n")
                .append("case \"$target\" in\n");
        sysroots.forEach((triple, sysroot) -> text.append("  ")
                .append(shQuote(triple))
                .append(") exec ")
                .append(r)
                .append(" --sysroot ")
                .append(shQuote(sysroot.toString()))
                .append(" \"$@\" ;;\n"));
        return text.append("esac\n")
                .append("exec ")
                .append(r)
                .append(" \"$@\"\n")
                .toString();
    }

    /**
     * The Windows launcher: it walks the arguments with {@code shift} ({@code %*} keeps them all). cmd splits
     * arguments at {@code =} too, so {@code --target=X} reads as {@code --target} and {@code X}, as the other form.
     */
    static String cmd(Path rustc, Map<String, Path> sysroots) {
        String r = cmdQuote(rustc.toString());
        List<String> lines = new ArrayList<>();
        lines.add("@echo off");
        lines.add("rem Written by rust-maven-plugin: compilations for a target whose rust-std the plugin provides");
        lines.add("rem get that target's composed sysroot; everything else runs rustc unchanged.");
        lines.add(":scan");
        lines.add("if \"%~1\"==\"\" goto plain");
        lines.add("if not \"%~1\"==\"--target\" goto next");
        int i = 0;
        for (String triple : sysroots.keySet()) {
            lines.add("if \"%~2\"==" + cmdQuote(triple) + " goto sysroot" + i++);
        }
        lines.add(":next");
        lines.add("shift");
        lines.add("goto scan");
        i = 0;
        for (Path sysroot : sysroots.values()) {
            lines.add(":sysroot" + i++);
            lines.add(r + " --sysroot " + cmdQuote(sysroot.toString()) + " %*");
            lines.add("exit /b %ERRORLEVEL%");
        }
        lines.add(":plain");
        lines.add(r + " %*");
        lines.add("exit /b %ERRORLEVEL%");
        return String.join("\r\n", lines) + "\r\n";
    }
}
