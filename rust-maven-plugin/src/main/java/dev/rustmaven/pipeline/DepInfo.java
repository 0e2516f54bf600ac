package dev.rustmaven.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What cargo's dep-info files say a build read. Next to its outputs ({@code <target-dir>/<triple>/<profile>/})
 * cargo writes one {@code .d} file per crate target, in Makefile syntax: {@code output: input input ...},
 * listing every source file the output was compiled from (the crate's, its path and registry dependencies')
 * and the files build scripts named with {@code rerun-if-changed}. Build scripts record in
 * {@code build/<package>-<hash>/output} the environment variables they read with {@code rerun-if-env-changed}.
 */
final class DepInfo {

    private DepInfo() {}

    /**
     * The inputs one dep-info file lists, as absolute paths (relative ones are taken against the file's
     * directory). Spaces in paths are escaped with a backslash.
     */
    static List<Path> parse(String text, Path directory) {
        List<Path> inputs = new ArrayList<>();
        for (String line : text.replace("\\\n", " ").split("\n")) {
            int colon = ruleColon(line);
            if (colon < 0) {
                continue;
            }
            for (String word : words(line.substring(colon + 1))) {
                inputs.add(directory.resolve(word).normalize());
            }
        }
        return inputs;
    }

    /** Where the target of a rule ends: the first unescaped colon followed by a space or the line's end. */
    private static int ruleColon(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ':' && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ' ') {
                word.append(' ');
                i++;
            } else if (Character.isWhitespace(c)) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * Every input the dep-info files in {@code outputDirectory} list.
     *
     * @throws IOException when the directory or a dep-info file cannot be read
     */
    static SortedSet<Path> inputs(Path outputDirectory) throws IOException {
        SortedSet<Path> inputs = new TreeSet<>();
        for (Path d : depInfoFiles(outputDirectory)) {
            inputs.addAll(parse(Files.readString(d, StandardCharsets.UTF_8), outputDirectory));
        }
        return inputs;
    }

    /** The dep-info files ({@code *.d}) in {@code directory}. */
    private static List<Path> depInfoFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".d"))
                    .filter(Files::isRegularFile)
                    .toList();
        }
    }

    /** The environment variables the build scripts under {@code outputDirectory/build} declared they read. */
    static SortedSet<String> buildScriptEnvironment(Path outputDirectory) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        Path build = outputDirectory.resolve("build");
        if (!Files.isDirectory(build)) {
            return names;
        }
        try (Stream<Path> dirs = Files.list(build)) {
            for (Path output : dirs.map(d -> d.resolve("output"))
                    .filter(Files::isRegularFile)
                    .toList()) {
                for (String line : Files.readAllLines(output, StandardCharsets.ISO_8859_1)) {
                    for (String prefix : List.of("cargo:rerun-if-env-changed=", "cargo::rerun-if-env-changed=")) {
                        if (line.startsWith(prefix) && line.length() > prefix.length()) {
                            names.add(line.substring(prefix.length()).trim());
                        }
                    }
                }
            }
        }
        return names;
    }

    /**
     * The environment variables the compiler recorded the crates read at compile time ({@code env!},
     * {@code option_env!}): the {@code # env-dep:NAME} lines of the dep-info files in {@code outputDirectory/deps},
     * which the top-level dep-info files leave out.
     */
    static SortedSet<String> compiledEnvironment(Path outputDirectory) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        Path deps = outputDirectory.resolve("deps");
        if (!Files.isDirectory(deps)) {
            return names;
        }
        for (Path d : depInfoFiles(deps)) {
            for (String line : Files.readAllLines(d, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith(ENV_DEP)) {
                    String rest = line.substring(ENV_DEP.length());
                    int equals = rest.indexOf('=');
                    String name = (equals < 0 ? rest : rest.substring(0, equals)).trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    private static final String ENV_DEP = "# env-dep:";

    /** More files than this in the local packages: no stamp, a build is cheaper than watching them all. */
    static final int MAX_PACKAGE_FILES = 20_000;

    /**
     * Every file and directory of the local packages the inputs belong to: for each input outside the registries
     * and the toolchain, the nearest directory above it with a {@code Cargo.toml}, walked whole (without
     * {@code target} and hidden directories). Cargo runs a build script that declared no {@code rerun-if-changed}
     * again when any file of its package changes, and the dep-info files do not list what such a script read (C
     * sources, protocol files), nor the manifests of path dependencies; a directory named by
     * {@code rerun-if-changed} is walked too. Empty when there are more than {@link #MAX_PACKAGE_FILES}.
     *
     * @param exclude directories whose files are not sources (cargo's target directory, the toolchain)
     */
    static Optional<SortedSet<Path>> localPackageFiles(Collection<Path> inputs, Collection<Path> exclude)
            throws IOException {
        SortedSet<Path> roots = new TreeSet<>();
        for (Path input : inputs) {
            Path file = input.toAbsolutePath().normalize();
            if (exclude.stream().anyMatch(file::startsWith) || file.toString().contains("/lib/rustlib/")) {
                continue;
            }
            if (Files.isDirectory(file)) {
                roots.add(file);
            }
            for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("Cargo.toml"))) {
                    // a crate from a registry or a vendored directory source is not edited in place
                    if (!Files.exists(dir.resolve(".cargo-checksum.json")) && !Files.exists(dir.resolve(".cargo-ok"))) {
                        roots.add(dir);
                    }
                    break;
                }
            }
        }
        SortedSet<Path> files = new TreeSet<>();
        for (Path root : roots) {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name =
                            dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (!dir.equals(root) && (name.equals("target") || name.startsWith(".") || exclude.contains(dir))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    files.add(dir);
                    return files.size() > MAX_PACKAGE_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    files.add(f);
                    return files.size() > MAX_PACKAGE_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }
            });
        }
        return files.size() > MAX_PACKAGE_FILES ? Optional.empty() : Optional.of(files);
    }
}
