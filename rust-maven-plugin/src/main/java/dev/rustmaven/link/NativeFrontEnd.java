package dev.rustmaven.link;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.Sha256;
import dev.rustmaven.process.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the native linker front end: the Rust program {@value #SOURCE_RESOURCE} of the plugin jar, which does
 * what {@link LinkerMain} does without starting a JVM on every link. It is compiled once per compiler with the
 * host's rustc (the one cargo uses, always there) into the plugin's cache, in a directory named by a hash of the
 * source and {@code rustc -vV}, so it never goes stale; the directory is published atomically, so parallel builds
 * share it. It reads the plain configuration of {@link LinkerConfig#storePlain}.
 */
public final class NativeFrontEnd {

    static final String SOURCE_RESOURCE = "dev/rustmaven/link/linker_front_end.rs";

    /** The executable's file name in its cache directory. */
    static final String EXECUTABLE = "rust-maven-linker";

    private final Path cacheRoot;
    private final ProcessRunner runner;

    /**
     * @param cacheRoot the directory holding the compiled front ends, one directory per source and compiler
     * @param runner runs rustc
     */
    public NativeFrontEnd(Path cacheRoot, ProcessRunner runner) {
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * Compiles the front end as the plugin does, with the {@code rustc} on the {@code PATH}, into the cache directory
     * given as the argument (a new temporary directory without one), and prints the executable's path: how
     * tools/benchmarks/linker.sh gets the very executable the plugin would use, with no copy of
     * {@link #rustcArguments} to drift.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path cache = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("rust-maven-linker");
        ProcessRunner runner = new ProcessRunner();
        Path here = Path.of("").toAbsolutePath();
        String version = String.join("\n", runner.capture(new ProcessRunner.Command(List.of("rustc", "-vV"), here)));
        Built built = new NativeFrontEnd(cache, runner).build(Path.of("rustc"), version, here);
        System.out.println(built.executable());
    }

    /** The directory holding the compiled front ends. */
    public Path cacheRoot() {
        return cacheRoot;
    }

    /** The Rust source of the front end. */
    public static String source() {
        try (InputStream in = NativeFrontEnd.class.getClassLoader().getResourceAsStream(SOURCE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + SOURCE_RESOURCE + " is missing from the plugin");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + SOURCE_RESOURCE, e);
        }
    }

    /** The rustc arguments (after the program) that compile {@code source} into the executable {@code output}. */
    static List<String> rustcArguments(Path source, Path output) {
        return List.of(
                "--edition",
                "2021",
                "--crate-type",
                "bin",
                "--crate-name",
                "rust_maven_linker",
                "-C",
                "opt-level=2",
                "-C",
                "panic=abort",
                "-C",
                "debuginfo=0",
                "-C",
                "strip=symbols",
                "-o",
                output.toString(),
                source.toString());
    }

    /** The result of {@link #build}: the executable, and whether this call compiled it. */
    public record Built(Path executable, boolean compiled) {}

    /**
     * The front end compiled by {@code rustc} for the host, compiled unless the cache has it.
     *
     * @param rustc the host's rustc
     * @param rustcVersion what {@code rustc -vV} printed (part of the cache key)
     * @throws IOException when rustc cannot be run or fails; the message holds its output
     */
    public Built build(Path rustc, String rustcVersion, Path workingDirectory)
            throws IOException, InterruptedException {
        String source = source();
        String key = Sha256.of((source + "\n" + rustcVersion).getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
        Path dir = cacheRoot.resolve(key);
        Path executable = dir.resolve(EXECUTABLE);
        if (problem(executable).isEmpty()) {
            return new Built(executable, false);
        }
        // A cached one that does not run (emptied by a crash, not executable) is replaced, not kept.
        AtomicPublish.IfPresent ifPresent =
                Files.exists(dir) ? AtomicPublish.IfPresent.REPLACE : AtomicPublish.IfPresent.KEEP_EXISTING;
        boolean published = AtomicPublish.publishDirectory(dir, ifPresent, staging -> {
            Path src = staging.resolve("linker_front_end.rs");
            Files.writeString(src, source, StandardCharsets.UTF_8);
            Path out = staging.resolve("out");
            Files.createDirectories(out);
            List<String> command = new ArrayList<>();
            command.add(rustc.toString());
            command.addAll(rustcArguments(src, out.resolve(EXECUTABLE)));
            List<String> output = new ArrayList<>();
            // In the crate's directory, as cargo runs it: a rustup proxy then picks the crate's toolchain.
            int exit = runner.run(new ProcessRunner.Command(command, workingDirectory), output::add, output::add);
            if (exit != 0) {
                throw new IOException("rustc could not compile it (exit " + exit + "): " + String.join(" ", command)
                        + System.lineSeparator() + String.join(System.lineSeparator(), output));
            }
            try (FileChannel written = FileChannel.open(out.resolve(EXECUTABLE), StandardOpenOption.WRITE)) {
                written.force(true); // on disk before the directory is published: never an empty executable
            }
            return out;
        });
        Optional<String> problem = problem(executable);
        if (problem.isPresent()) {
            throw new IOException("the compiled front end " + executable + " does not run (" + problem.get()
                    + "); is the cache directory on a file system mounted noexec?");
        }
        return new Built(executable, published);
    }

    /**
     * Why {@code executable} is not a working front end, by running it without arguments (about a millisecond):
     * it must print its usage line and exit with 2. Empty when it works.
     */
    Optional<String> problem(Path executable) throws InterruptedException {
        if (!Files.isRegularFile(executable)) {
            return Optional.of("missing");
        }
        List<String> output = new ArrayList<>();
        try {
            int exit = runner.run(
                    new ProcessRunner.Command(List.of(executable.toString()), executable.getParent()),
                    output::add,
                    output::add);
            if (exit == 2 && String.join("\n", output).contains("usage:")) {
                return Optional.empty();
            }
            return Optional.of("exit code " + exit + " without arguments, printing: " + String.join(" ", output));
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }
}
