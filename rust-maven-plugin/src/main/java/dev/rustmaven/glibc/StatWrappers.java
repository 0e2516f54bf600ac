package dev.rustmaven.glibc;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.Sha256;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.process.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code stat}-family wrappers a link against a glibc floor below 2.33 needs (glibc then supplied
 * {@code stat64} and friends from the static {@code libc_nonshared.a}, as calls to {@code __xstat64} with
 * the architecture's {@code _STAT_VER}). They are a small {@code #![no_std]} Rust source, compiled for the
 * target by the same rustc into one object file, which the linker front end adds to the link.
 *
 * <p>An object of a {@code lib} crate rather than a {@code staticlib}: a staticlib must carry a panic
 * handler, whose {@code rust_begin_unwind} would clash with the one of the crate's own std.
 */
public final class StatWrappers {

    /** The first glibc that exports {@code stat64} and friends itself. */
    public static final GlibcVersion EXPORTED_SINCE = new GlibcVersion(2, 33, 0);

    static final String SOURCE_RESOURCE = GlibcAbi.RESOURCE_DIRECTORY + "stat_wrappers.rs";
    private static final String CRATE_NAME = "rust_maven_glibc_stat";

    private final Path cacheRoot;
    private final ProcessRunner runner;
    private final BuildLog log;

    /**
     * @param cacheRoot the directory holding built wrapper objects
     * @param runner runs rustc
     * @param log where to report
     */
    public StatWrappers(Path cacheRoot, ProcessRunner runner, BuildLog log) {
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Whether a link for {@code floor} needs the wrappers. */
    public static boolean neededAt(GlibcVersion floor) {
        return floor.compareTo(EXPORTED_SINCE) < 0;
    }

    /** The wrapper source for an architecture, with its {@code _STAT_VER} filled in. */
    public static String source(GlibcAbi abi) {
        try (InputStream in = StatWrappers.class.getClassLoader().getResourceAsStream(SOURCE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + SOURCE_RESOURCE + " is missing from the plugin");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@STAT_VER@", Integer.toString(abi.statVer()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + SOURCE_RESOURCE, e);
        }
    }

    /**
     * The rustc arguments (after the program) that compile {@code source} for {@code triple} into the object
     * {@code output}. {@code extra} comes first, e.g. {@code --sysroot <dir>} for a fetched rust-std.
     */
    public static List<String> rustcArguments(String triple, Path source, Path output, List<String> extra) {
        List<String> args = new ArrayList<>(extra);
        args.addAll(List.of(
                "--edition",
                "2021",
                "--crate-type",
                "lib",
                "--crate-name",
                CRATE_NAME,
                "--target",
                triple,
                "-C",
                "panic=abort",
                "-C",
                "opt-level=2",
                "-C",
                "codegen-units=1",
                "-C",
                "debuginfo=0",
                "--emit",
                "obj=" + output,
                source.toString()));
        return args;
    }

    /**
     * The wrapper object for {@code triple}, compiled unless the cache has it. The cache key covers the
     * triple, the source and the compiler's identity, so a new compiler builds it again.
     *
     * @param rustc the rustc that compiles the crate
     * @param compiler who that rustc is: what its {@code rustc -vV} said, which the build already knows (so no
     *     process here)
     * @param triple the target triple
     * @param abi the target's glibc ABI data (for {@code _STAT_VER})
     * @param extra arguments rustc needs for this target, e.g. {@code --sysroot <dir>}
     * @param workingDirectory where rustc runs: the crate's directory, so that a rustup proxy chooses the crate's
     *     toolchain (its {@code rust-toolchain.toml}), the one {@code compiler} names
     * @throws IOException when rustc cannot be run or fails; the message holds its output
     */
    public Path build(
            Path rustc, String compiler, String triple, GlibcAbi abi, List<String> extra, Path workingDirectory)
            throws IOException, InterruptedException {
        String source = source(abi);
        String key = Sha256.of(
                        (triple + "\n" + source + "\n" + compiler + "\n" + extra).getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
        Path dir = cacheRoot.resolve("stat-wrappers-" + triple + "-" + key);
        Path object = dir.resolve(CRATE_NAME + ".o");
        if (Files.isRegularFile(object)) {
            log.debug("Reusing the glibc stat wrappers " + object);
            return object;
        }
        boolean published = AtomicPublish.publishDirectory(dir, AtomicPublish.IfPresent.KEEP_EXISTING, staging -> {
            Path src = staging.resolve(CRATE_NAME + ".rs");
            Files.writeString(src, source);
            Path out = staging.resolve("out");
            Files.createDirectories(out);
            List<String> command = new ArrayList<>();
            command.add(rustc.toString());
            command.addAll(rustcArguments(
                    triple, src.toAbsolutePath(), out.resolve(CRATE_NAME + ".o").toAbsolutePath(), extra));
            List<String> output = new ArrayList<>();
            int exit = runner.run(new ProcessRunner.Command(command, workingDirectory), output::add, output::add);
            if (exit != 0) {
                throw new IOException("rustc could not compile the glibc stat wrappers for " + triple + " (exit " + exit
                        + "); is the target's rust-std installed? Command: " + String.join(" ", command)
                        + System.lineSeparator() + String.join(System.lineSeparator(), output));
            }
            return out;
        });
        if (published) {
            log.info("Compiled the glibc stat wrappers for " + triple + " into " + object);
        } else {
            log.debug("Another build wrote " + dir + " first; using it");
        }
        return object;
    }
}
