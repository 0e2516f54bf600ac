package dev.rustmaven.pipeline;

import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.fs.AtomicPublish;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one build used and made, written after it succeeded, so that the next build with nothing changed can skip
 * cargo and the packing altogether: the key (plugin, configuration, toolchain, environment), the size and
 * modification time of every input and output, and the outputs themselves to attach again.
 *
 * <p>A text file, one entry a line: {@code <section> TAB <name> TAB <value>}. Environment values are stored as
 * hashes only, so that tokens in the environment never land on disk.
 *
 * @param key what the build was asked, by name: {@code plugin}, {@code config.<setting>}, {@code toolchain.<fact>},
 *     {@code env.<NAME>}
 * @param inputs every file the build read, with its {@link #state}
 * @param outputs every file the build wrote, with its {@link #state}
 * @param built the outputs cargo reported
 * @param jars the per-target jars, by triple
 * @param floors the glibc floor recorded for each gnu target, by triple
 */
record BuildStamp(
        SortedMap<String, String> key,
        SortedMap<Path, String> inputs,
        SortedMap<Path, String> outputs,
        List<Built> built,
        SortedMap<String, Path> jars,
        SortedMap<String, String> floors) {

    /** The first line of every stamp; a stamp of another format is ignored. */
    static final String HEADER = "# rust-maven-plugin build stamp 1: delete this file to rebuild";

    /** The state of a file that does not exist. */
    static final String MISSING = "missing";

    /** One output cargo reported, as the stamp records it. */
    record Built(String triple, CargoOutput.Kind kind, String targetName, Path file) {}

    BuildStamp {
        key = new TreeMap<>(key);
        inputs = new TreeMap<>(inputs);
        outputs = new TreeMap<>(outputs);
        built = List.copyOf(built);
        jars = new TreeMap<>(jars);
        floors = new TreeMap<>(floors);
    }

    /**
     * A file's size and modification time (what cargo compares too), {@link #MISSING}, or empty when it cannot be
     * read.
     */
    static Optional<String> state(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(a.size() + " " + a.lastModifiedTime().toInstant());
        } catch (NoSuchFileException e) {
            return Optional.of(MISSING);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The states of {@code files} now, or empty when one cannot be read. */
    static Optional<SortedMap<Path, String>> states(Collection<Path> files) {
        SortedMap<Path, String> states = new TreeMap<>();
        for (Path f : files) {
            Optional<String> state = state(f);
            if (state.isEmpty()) {
                return Optional.empty();
            }
            states.put(f, state.get());
        }
        return Optional.of(states);
    }

    /**
     * What changed since this stamp was written, the first thing found, or empty when nothing did: the key
     * against {@code currentKey}, then every input and output against the disk. An output that is missing or a
     * file that cannot be read counts as a change.
     */
    Optional<String> firstChange(SortedMap<String, String> currentKey) {
        TreeSet<String> names = new TreeSet<>(key.keySet());
        names.addAll(currentKey.keySet());
        for (String name : names) {
            if (!Objects.equals(key.get(name), currentKey.get(name))) {
                return Optional.of(describeKey(name) + " changed");
            }
        }
        for (Map.Entry<Path, String> e : inputs.entrySet()) {
            Optional<String> now = state(e.getKey());
            if (now.isEmpty() || !now.get().equals(e.getValue())) {
                return Optional.of("input " + e.getKey() + " " + describeFile(e.getValue(), now));
            }
        }
        for (Map.Entry<Path, String> e : outputs.entrySet()) {
            Optional<String> now = state(e.getKey());
            if (now.isEmpty() || now.get().equals(MISSING) || !now.get().equals(e.getValue())) {
                return Optional.of("output " + e.getKey() + " " + describeFile(e.getValue(), now));
            }
        }
        return Optional.empty();
    }

    private static String describeKey(String name) {
        if (name.startsWith("env.")) {
            return "environment variable " + name.substring("env.".length());
        }
        if (name.startsWith("config.")) {
            return "the setting " + name.substring("config.".length());
        }
        if (name.startsWith("toolchain.")) {
            return "the toolchain's " + name.substring("toolchain.".length());
        }
        return name.equals("plugin.code") ? "the plugin's jar" : "the " + name;
    }

    private static String describeFile(String was, Optional<String> now) {
        if (now.isEmpty()) {
            return "cannot be read";
        }
        if (now.get().equals(MISSING)) {
            return "is missing";
        }
        if (was.equals(MISSING)) {
            return "appeared";
        }
        return "changed (size and modification time were " + was + ", now " + now.get() + ")";
    }

    /** The stamp as text; empty when a name holds a tab or a line break, which the format cannot hold. */
    Optional<String> format() {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        key.forEach((k, v) -> lines.add(line("key", k, v)));
        inputs.forEach((p, s) -> lines.add(line("input", p.toString(), s)));
        outputs.forEach((p, s) -> lines.add(line("output", p.toString(), s)));
        for (Built b : built) {
            lines.add(line(
                    "built",
                    b.triple() + " " + b.kind() + " " + b.targetName(),
                    b.file().toString()));
        }
        jars.forEach((t, p) -> lines.add(line("jar", t, p.toString())));
        floors.forEach((t, f) -> lines.add(line("floor", t, f)));
        for (String l : lines) {
            if (l.chars().filter(c -> c == '\t').count() != (l.equals(HEADER) ? 0 : 2)
                    || l.contains("\n")
                    || l.contains("\r")) {
                return Optional.empty();
            }
        }
        return Optional.of(String.join("\n", lines) + "\n");
    }

    private static String line(String section, String name, String value) {
        return section + "\t" + name + "\t" + value;
    }

    /**
     * Writes the stamp through a temporary file.
     *
     * @return false when the stamp cannot be written in this format (a path holding a tab or line break)
     */
    boolean write(Path file) throws IOException {
        Optional<String> text = format();
        if (text.isEmpty()) {
            return false;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicPublish.replaceFile(file, temporary -> Files.writeString(temporary, text.get(), StandardCharsets.UTF_8));
        return true;
    }

    /** Reads a stamp; empty when there is none or it cannot be read or understood (then the build runs). */
    static Optional<BuildStamp> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            return Optional.empty();
        }
        SortedMap<String, String> key = new TreeMap<>();
        SortedMap<Path, String> inputs = new TreeMap<>();
        SortedMap<Path, String> outputs = new TreeMap<>();
        List<Built> built = new ArrayList<>();
        SortedMap<String, Path> jars = new TreeMap<>();
        SortedMap<String, String> floors = new TreeMap<>();
        try {
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split("\t", -1);
                if (f.length != 3) {
                    return Optional.empty();
                }
                switch (f[0]) {
                    case "key" -> key.put(f[1], f[2]);
                    case "input" -> inputs.put(Path.of(f[1]), f[2]);
                    case "output" -> outputs.put(Path.of(f[1]), f[2]);
                    case "built" -> {
                        String[] b = f[1].split(" ", 3);
                        if (b.length != 3) {
                            return Optional.empty();
                        }
                        built.add(new Built(b[0], CargoOutput.Kind.valueOf(b[1]), b[2], Path.of(f[2])));
                    }
                    case "jar" -> jars.put(f[1], Path.of(f[2]));
                    case "floor" -> floors.put(f[1], f[2]);
                    default -> {
                        return Optional.empty();
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new BuildStamp(key, inputs, outputs, built, jars, floors));
    }
}
