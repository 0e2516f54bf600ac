package dev.rustmaven.archiver;

import dev.rustmaven.testing.Required;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine's tools the archiver's tests compare with or link with: rustc (to make objects), rust-lld,
 * GNU ar and ld, llvm-ar and llvm-nm. Each lookup skips the calling test loudly when the tool is missing,
 * and fails it on CI ({@code CI=true}).
 */
final class Tools {

    private Tools() {}

    /** What a tool printed (standard output and error together) and its exit code. */
    record Run(int exit, String output) {}

    static Run run(List<String> command, Map<String, String> environment, Path directory)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Run run(String... command) throws IOException, InterruptedException {
        return run(List.of(command), Map.of(), null);
    }

    /** Runs a tool that must succeed; its output. */
    static String runOk(String... command) throws IOException, InterruptedException {
        Run r = run(command);
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, program);
            if (candidate != null && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A tool on the PATH, or the calling test is skipped (failed on CI). */
    static Path require(String program, String what) {
        Optional<Path> found = onPath(program);
        Required.require(found.isPresent(), what + " (" + program + " on the PATH)");
        return found.orElseThrow();
    }

    static Path rustc() {
        return require("rustc", "rustc (rustup stable) to compile test objects");
    }

    /** The rust-lld of rustc's sysroot for the host. */
    static Path rustLld() throws IOException, InterruptedException {
        Path rustc = rustc();
        String sysroot = runOk(rustc.toString(), "--print", "sysroot").strip();
        String host = runOk(rustc.toString(), "-vV")
                .lines()
                .filter(l -> l.startsWith("host: "))
                .findFirst()
                .orElseThrow()
                .substring("host: ".length());
        Path lld = Path.of(sysroot, "lib", "rustlib", host, "bin", "rust-lld");
        Required.require(Files.isExecutable(lld), "rust-lld in rustc's sysroot (" + lld + ")");
        return lld;
    }
}
