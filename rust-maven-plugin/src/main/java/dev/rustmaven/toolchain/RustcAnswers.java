package dev.rustmaven.toolchain;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.Sha256;
import dev.rustmaven.system.HostSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a compiler answered to {@code rustc -vV} and {@code rustc --print sysroot --print target-list}, kept on disk
 * so that the next build with the same compiler starts no rustc at all. Kept only where the key can see every
 * change that would change the answers:
 *
 * <ul>
 *   <li>The compiler itself: the file run is the answered sysroot's own {@code bin/rustc}. The key is its path, real
 *       path, size, modification time and file key (inode), so a new, rebuilt or replaced compiler asks again.
 *   <li>A rustup proxy ({@code rustc} in cargo's bin directory, a link to the {@code rustup} program, or a copy of the
 *       {@code rustup} beside it) runs the toolchain rustup chooses, so the key also holds everything rustup
 *       chooses by: {@code RUSTUP_TOOLCHAIN}; the content of its {@code settings.toml} (directory overrides and the
 *       default toolchain) and of {@code /etc/rustup/settings.toml}; where each of its toolchains (linked ones too)
 *       really is; and the content of the {@code rust-toolchain} and {@code rust-toolchain.toml} files of the
 *       working directory's real path and every directory above it, present or not (where rustup looks).
 *   <li>Anything else (a wrapper script, another version manager's shim that picks a compiler per project) is asked
 *       every time: what it chooses by is unknown.
 * </ul>
 *
 * The answered sysroot's own {@code bin/rustc} is checked on every use, so a compiler updated in place
 * ({@code rustup update}) asks again. A file that cannot be read or does not match is ignored and written again;
 * failing to write it only costs the next build the queries.
 */
public final class RustcAnswers {

    private static final String HEADER =
            "# rust-maven-plugin: what this rustc answered; kept while it is unchanged (v2)";

    private final Path directory;
    private final Duration slack;

    /** @param directory where the answer files are kept (created when first written) */
    public RustcAnswers(Path directory) {
        this(directory, CLOCK_SLACK);
    }

    /** With another slack than the file systems' coarsest times (tests, whose stand-in compilers are brand new). */
    RustcAnswers(Path directory, Duration slack) {
        this.directory = directory;
        this.slack = slack;
    }

    /** The answers of one compiler: {@code -vV}'s lines, and the sysroot line followed by the target list. */
    public record Answers(List<String> verbose, List<String> sysrootAndTargets) {
        public Answers {
            verbose = List.copyOf(verbose);
            sysrootAndTargets = List.copyOf(sysrootAndTargets);
        }
    }

    /**
     * The key of one compiler's answers.
     *
     * @param text what the answers are kept under
     * @param real the compiler file's real path
     * @param rustupProxy whether it is rustup's proxy (then {@code text} holds rustup's choice)
     */
    public record Key(String text, Path real, boolean rustupProxy) {}

    /**
     * The key of {@code rustc}'s answers, or empty when the compiler file cannot be examined.
     *
     * @param rustc the compiler as found (absolute)
     * @param finder for the environment and the user's home directory
     * @param workingDirectory where the queries run (a rustup proxy looks for toolchain files from there up)
     */
    public Optional<Key> keyOf(Path rustc, ExecutableFinder finder, Path workingDirectory) {
        try {
            Path real = rustc.toRealPath();
            StringBuilder key = new StringBuilder();
            key.append("rustc ").append(rustc).append('\n');
            key.append("real ").append(real).append('\n');
            key.append("file ").append(identity(real)).append('\n');
            boolean proxy = isRustupProxy(rustc, real, finder);
            if (proxy) {
                rustupChoice(key, finder, workingDirectory);
            }
            return Optional.of(new Key(key.toString(), real, proxy));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The answers kept for {@code key}, when there are any and the sysroot they name still holds the same rustc. */
    public Optional<Answers> read(Key key) {
        Path file = fileFor(key.text());
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int at = 0;
            if (!lines.get(at++).equals(HEADER)) {
                return Optional.empty();
            }
            int keyLines = Integer.parseInt(lines.get(at++));
            if (!String.join("\n", lines.subList(at, at + keyLines))
                    .concat("\n")
                    .equals(key.text())) {
                return Optional.empty();
            }
            at += keyLines;
            String sysrootRustc = lines.get(at++);
            int verboseLines = Integer.parseInt(lines.get(at++));
            List<String> verbose = lines.subList(at, at + verboseLines);
            at += verboseLines;
            int printedLines = Integer.parseInt(lines.get(at++));
            List<String> printed = lines.subList(at, at + printedLines);
            if (at + printedLines != lines.size()
                    || verbose.isEmpty()
                    || printed.isEmpty()
                    || sysrootRustc.equals("-")
                    || !sysrootRustc.equals(sysrootRustc(printed.get(0)))) {
                return Optional.empty();
            }
            return Optional.of(new Answers(verbose, printed));
        } catch (IOException | RuntimeException e) {
            // Absent, damaged or from another version: asked again and written anew.
            return Optional.empty();
        }
    }

    /**
     * Keeps {@code answers} for {@code key} when they may be kept (see the class comment): the answered sysroot has
     * its own {@code bin/rustc}, and it is the file run unless that is a rustup proxy. A failure to write is ignored
     * (the next build asks again). Nor are answers kept when the sysroot's compiler changed around the time they
     * were asked ({@code rustup update} while the queries ran): they may be the old compiler's, and the file would
     * name the new one.
     *
     * @param asked when the queries started
     */
    public void write(Key key, Answers answers, Instant asked) {
        Optional<Path> own = sysrootCompiler(answers.sysrootAndTargets().get(0));
        if (own.isEmpty() || !(key.rustupProxy() || own.get().equals(key.real()))) {
            return;
        }
        String sysrootRustc;
        try {
            sysrootRustc = identity(own.get());
            if (!changedBefore(own.get(), asked.minus(slack))) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        List<String> keyLines = List.of(key.text().split("\n"));
        lines.add(Integer.toString(keyLines.size()));
        lines.addAll(keyLines);
        lines.add(sysrootRustc);
        lines.add(Integer.toString(answers.verbose().size()));
        lines.addAll(answers.verbose());
        lines.add(Integer.toString(answers.sysrootAndTargets().size()));
        lines.addAll(answers.sysrootAndTargets());
        try {
            Files.createDirectories(directory);
            AtomicPublish.replaceFile(fileFor(key.text()), temporary -> {
                Files.write(temporary, lines, StandardCharsets.UTF_8);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            // Only a cost: the next build runs the queries again.
        }
    }

    Path fileFor(String key) {
        return directory.resolve(Sha256.of(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + ".answers");
    }

    /**
     * What rustup chooses a toolchain by, after a {@code +toolchain} argument the plugin never gives: the
     * {@code RUSTUP_TOOLCHAIN} variable, directory overrides and the default toolchain (in {@code settings.toml}, or
     * the system's fallback one), the toolchain files from the working directory up (by its real path, which is where
     * the process really runs), and where each installed or linked toolchain really is.
     * Files by their content: an edit that keeps a file's size and time still counts.
     */
    private static void rustupChoice(StringBuilder key, ExecutableFinder finder, Path workingDirectory)
            throws IOException {
        key.append("rustup-toolchain ")
                .append(finder.env("RUSTUP_TOOLCHAIN").orElse("-"))
                .append('\n');
        Path home = finder.rustupHome();
        key.append("rustup-home ").append(home.toAbsolutePath()).append('\n');
        for (Path settings : List.of(home.resolve("settings.toml"), Path.of("/etc/rustup/settings.toml"))) {
            key.append("rustup-settings ").append(content(settings)).append('\n');
        }
        Path toolchains = home.resolve("toolchains");
        if (Files.isDirectory(toolchains)) {
            List<String> installed = new ArrayList<>();
            try (Stream<Path> entries = Files.list(toolchains)) {
                for (Path entry : entries.toList()) {
                    installed.add(entry.getFileName() + " -> " + realOrAbsent(entry));
                }
            }
            installed.sort(null);
            for (String line : installed) {
                key.append("toolchain ").append(line).append('\n');
            }
        }
        for (Path dir : HostSystem.searchedFrom(workingDirectory)) {
            for (String name : List.of("rust-toolchain", "rust-toolchain.toml")) {
                key.append("toolchain-file ").append(content(dir.resolve(name))).append('\n');
            }
        }
    }

    /** A small file's path and the SHA-256 of its content, or that it is absent. */
    private static String content(Path file) {
        return file + " " + Sha256.ofOrAbsent(file);
    }

    private static String realOrAbsent(Path path) {
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            return "absent";
        }
    }

    /** The identity of the sysroot's own compiler, or {@code -} when it has none there. */
    private static String sysrootRustc(String sysrootLine) {
        try {
            Optional<Path> own = sysrootCompiler(sysrootLine);
            return own.isPresent() ? identity(own.get()) : "-";
        } catch (IOException e) {
            return "-";
        }
    }

    /**
     * How close to the queries a change of the compiler counts as during them: file systems keep times as coarse
     * as two seconds (FAT) or one (HFS+), and a compiler installed that recently is simply asked again next time.
     */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

    /** Whether the file was last modified, and its status changed where the system tells, before {@code time}. */
    private static boolean changedBefore(Path file, Instant time) throws IOException {
        if (!Files.getLastModifiedTime(file).toInstant().isBefore(time)) {
            return false;
        }
        try {
            Object changed = Files.getAttribute(file, "unix:ctime");
            return !(changed instanceof FileTime ctime) || ctime.toInstant().isBefore(time);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return true; // no change time here (Windows): the modification time decides
        }
    }

    /** The real path of the sysroot's own {@code bin/rustc}, when there is one. */
    private static Optional<Path> sysrootCompiler(String sysrootLine) {
        Path bin = Path.of(sysrootLine.trim()).resolve("bin");
        for (String name : List.of("rustc", "rustc.exe")) {
            try {
                return Optional.of(bin.resolve(name).toRealPath());
            } catch (IOException e) {
                // try the next name
            }
        }
        return Optional.empty();
    }

    private static String identity(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new IOException(file + " is not a file");
        }
        return file + " " + stamp(attributes);
    }

    private static String stamp(BasicFileAttributes attributes) {
        return attributes.size() + " " + attributes.lastModifiedTime().toInstant() + " " + attributes.fileKey();
    }

    /**
     * Whether {@code rustc} is rustup's proxy: cargo's home {@code bin/rustc} (where rustup puts it, the rule cargo
     * uses), a link to a program named {@code rustup} or {@code rustup-init}, or the same file as a {@code rustup}
     * beside it (rustup installs its proxies as hard links).
     */
    static boolean isRustupProxy(Path rustc, Path real, ExecutableFinder finder) throws IOException {
        if (sameLocation(rustc.getParent(), finder.cargoBin())) {
            return true;
        }
        String name = real.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.startsWith("rustup")) {
            return true;
        }
        for (Path dir : List.of(rustc.getParent(), real.getParent())) {
            for (String rustup : List.of("rustup", "rustup.exe")) {
                Path candidate = dir.resolve(rustup);
                if (Files.isRegularFile(candidate)
                        && (Files.isSameFile(candidate, real) || Files.size(candidate) == Files.size(real))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameLocation(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
