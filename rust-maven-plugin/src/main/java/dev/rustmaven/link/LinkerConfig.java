package dev.rustmaven.link;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * What the front end adds to every link of one target, written by the plugin as a small properties file
 * and read by {@link LinkerMain} at each link.
 *
 * @param lld the {@code rust-lld} or {@code ld.lld} executable
 * @param triple the Rust target triple, for messages
 * @param emulation the {@code ld.lld -m} emulation, such as {@code armelf_linux_eabi}
 * @param dynamicLinker the program interpreter named by dynamically linked executables
 * @param glibcFloor the oldest glibc the output must run on, for messages; empty when not a glibc target
 * @param searchDirs library directories searched after rustc's own (glibc stubs, musl self-contained)
 * @param startFilesDir where the C start files ({@code Scrt1.o}, {@code crti.o}, ...) of executables are,
 *     when the front end has to add them (gnu targets; rustc passes musl's itself)
 * @param extraObjects objects or archives added to every link (such as {@code stat64} wrappers)
 * @param extraArgs further LLD arguments added to every link
 * @param noUndefinedInSharedObjects whether shared objects are linked with {@code -z defs}, so that a
 *     symbol the glibc floor lacks fails the link instead of failing at load time
 */
public record LinkerConfig(
        Path lld,
        String triple,
        String emulation,
        String dynamicLinker,
        String glibcFloor,
        List<Path> searchDirs,
        Optional<Path> startFilesDir,
        List<Path> extraObjects,
        List<String> extraArgs,
        boolean noUndefinedInSharedObjects) {

    public LinkerConfig {
        Objects.requireNonNull(lld, "lld");
        Objects.requireNonNull(triple, "triple");
        Objects.requireNonNull(emulation, "emulation");
        Objects.requireNonNull(dynamicLinker, "dynamicLinker");
        Objects.requireNonNull(glibcFloor, "glibcFloor");
        Objects.requireNonNull(startFilesDir, "startFilesDir");
        searchDirs = List.copyOf(searchDirs);
        extraObjects = List.copyOf(extraObjects);
        extraArgs = List.copyOf(extraArgs);
    }

    public LinkerConfig withSearchDirs(List<Path> dirs) {
        return new LinkerConfig(
                lld,
                triple,
                emulation,
                dynamicLinker,
                glibcFloor,
                dirs,
                startFilesDir,
                extraObjects,
                extraArgs,
                noUndefinedInSharedObjects);
    }

    public LinkerConfig withStartFilesDir(Optional<Path> dir) {
        return new LinkerConfig(
                lld,
                triple,
                emulation,
                dynamicLinker,
                glibcFloor,
                searchDirs,
                dir,
                extraObjects,
                extraArgs,
                noUndefinedInSharedObjects);
    }

    public LinkerConfig withExtraObjects(List<Path> objects) {
        return new LinkerConfig(
                lld,
                triple,
                emulation,
                dynamicLinker,
                glibcFloor,
                searchDirs,
                startFilesDir,
                objects,
                extraArgs,
                noUndefinedInSharedObjects);
    }

    public LinkerConfig withExtraArgs(List<String> args) {
        return new LinkerConfig(
                lld,
                triple,
                emulation,
                dynamicLinker,
                glibcFloor,
                searchDirs,
                startFilesDir,
                extraObjects,
                args,
                noUndefinedInSharedObjects);
    }

    public LinkerConfig withGlibcFloor(String floor) {
        return new LinkerConfig(
                lld,
                triple,
                emulation,
                dynamicLinker,
                floor,
                searchDirs,
                startFilesDir,
                extraObjects,
                extraArgs,
                noUndefinedInSharedObjects);
    }

    /** Writes this configuration to {@code file} (UTF-8 properties), creating its directory. */
    public void store(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("lld", lld.toString());
        p.setProperty("triple", triple);
        p.setProperty("emulation", emulation);
        p.setProperty("dynamicLinker", dynamicLinker);
        p.setProperty("glibcFloor", glibcFloor);
        startFilesDir.ifPresent(d -> p.setProperty("startFilesDir", d.toString()));
        putList(p, "searchDir", searchDirs);
        putList(p, "extraObject", extraObjects);
        putList(p, "extraArg", extraArgs);
        p.setProperty("noUndefinedInSharedObjects", Boolean.toString(noUndefinedInSharedObjects));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "rust-maven-plugin linker front end configuration for " + triple);
        }
    }

    /**
     * Writes this configuration in the plain form the native front end reads (see {@code linker_front_end.rs}):
     * one {@code key=value} per line, UTF-8, lists as repeated keys in order, and in values a backslash, a line
     * feed and a carriage return written as {@code \\}, {@code \n} and {@code \r}.
     */
    public void storePlain(Path file) throws IOException {
        StringBuilder text = new StringBuilder("# rust-maven-plugin linker front end configuration for ")
                .append(triple.replace('\n', ' ').replace('\r', ' '))
                .append('\n');
        plainLine(text, "lld", lld.toString());
        plainLine(text, "triple", triple);
        plainLine(text, "emulation", emulation);
        plainLine(text, "dynamicLinker", dynamicLinker);
        plainLine(text, "glibcFloor", glibcFloor);
        if (startFilesDir.isPresent()) {
            plainLine(text, "startFilesDir", startFilesDir.get().toString());
        }
        for (Path dir : searchDirs) {
            plainLine(text, "searchDir", dir.toString());
        }
        for (Path object : extraObjects) {
            plainLine(text, "extraObject", object.toString());
        }
        for (String arg : extraArgs) {
            plainLine(text, "extraArg", arg);
        }
        plainLine(text, "noUndefinedInSharedObjects", Boolean.toString(noUndefinedInSharedObjects));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void plainLine(StringBuilder text, String key, String value) {
        text.append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        text.append('\n');
    }

    /**
     * Reads a configuration written by {@link #store}.
     *
     * @throws LinkerConfigException when the file cannot be read or lacks a required entry
     */
    public static LinkerConfig load(Path file) throws LinkerConfigException {
        Properties p = new Properties();
        // FileInputStream rather than Files.newBufferedReader: its classes are in the JDK's start-up
        // archive, while the NIO channel classes behind Files would be loaded on every link.
        try (Reader r = new InputStreamReader(new FileInputStream(file.toFile()), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            if (!file.toFile().exists()) {
                throw new LinkerConfigException("the linker front end configuration " + file
                        + " does not exist; run the rust-maven-plugin build again to write it");
            }
            throw new LinkerConfigException(
                    "cannot read the linker front end configuration " + file + ": " + e
                            + "; run the rust-maven-plugin build again to rewrite it",
                    e);
        }
        String startFiles = p.getProperty("startFilesDir", "");
        return new LinkerConfig(
                Path.of(required(p, "lld", file)),
                p.getProperty("triple", ""),
                required(p, "emulation", file),
                p.getProperty("dynamicLinker", ""),
                p.getProperty("glibcFloor", ""),
                paths(getList(p, "searchDir")),
                startFiles.isEmpty() ? Optional.empty() : Optional.of(Path.of(startFiles)),
                paths(getList(p, "extraObject")),
                getList(p, "extraArg"),
                Boolean.parseBoolean(p.getProperty("noUndefinedInSharedObjects", "false")));
    }

    private static String required(Properties p, String key, Path file) throws LinkerConfigException {
        String value = p.getProperty(key, "");
        if (value.isEmpty()) {
            throw new LinkerConfigException("the linker front end configuration " + file + " has no '" + key
                    + "' entry; run the rust-maven-plugin build again to rewrite it");
        }
        return value;
    }

    // Numbered keys (searchDir.0, searchDir.1, ...) keep any character a path may hold.
    private static void putList(Properties p, String key, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            p.setProperty(key + "." + i, values.get(i).toString());
        }
    }

    private static List<String> getList(Properties p, String key) {
        List<String> values = new ArrayList<>();
        for (int i = 0; ; i++) {
            String value = p.getProperty(key.concat(".").concat(Integer.toString(i)));
            if (value == null) {
                return values;
            }
            values.add(value);
        }
    }

    private static List<Path> paths(List<String> values) {
        List<Path> paths = new ArrayList<>(values.size());
        for (String value : values) {
            paths.add(Path.of(value));
        }
        return paths;
    }
}
