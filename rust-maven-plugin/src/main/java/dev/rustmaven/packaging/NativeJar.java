package dev.rustmaven.packaging;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.Sha256;
import dev.rustmaven.loader.NativeResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Native libraries packed as class path resources, in the layout {@code rust-native-loader} reads
 * ({@link NativeResources}): {@code META-INF/native/<triple>/<file>} plus {@code <file>.properties}
 * describing it (triple, sha256, size, and the glibc floor for glibc targets).
 *
 * <p>Jars are reproducible: entries are sorted, timestamps come from {@code project.build.outputTimestamp},
 * and nothing else that varies between builds (user, JDK, time) is written.
 */
public final class NativeJar {

    /**
     * One library to pack.
     *
     * @param triple the Rust target triple it was built for
     * @param library the file
     * @param properties extra facts to record, e.g. {@link NativeResources#GLIBC_FLOOR}
     */
    public record Library(String triple, Path library, Map<String, String> properties) {
        public Library {
            properties = Map.copyOf(properties);
        }

        /** {@code META-INF/native/<triple>/<file name>} */
        public String resourcePath() {
            return NativeResources.libraryPath(triple, library.getFileName().toString());
        }

        /** {@code META-INF/native/<triple>/<file name>.properties} */
        public String propertiesPath() {
            return NativeResources.propertiesPath(triple, library.getFileName().toString());
        }
    }

    private NativeJar() {}

    /**
     * Writes a jar holding {@code libraries} and their properties files.
     *
     * @param timestamp the time stored for every entry; empty means now
     */
    public static Path write(Path jar, List<Library> libraries, Optional<Instant> timestamp) throws IOException {
        long time = timestamp.orElseGet(Instant::now).toEpochMilli();
        TreeMap<String, byte[]> entries = new TreeMap<>();
        TreeMap<String, Path> files = new TreeMap<>();
        for (Library lib : libraries) {
            files.put(lib.resourcePath(), lib.library());
            entries.put(lib.propertiesPath(), describe(lib));
        }
        return AtomicPublish.replaceFile(jar, tmp -> {
            writeJar(tmp, entries, files, time);
            return jar;
        });
    }

    private static void writeJar(Path jar, TreeMap<String, byte[]> entries, TreeMap<String, Path> files, long time)
            throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Created-By", "rust-maven-plugin");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            putDirectory(out, "META-INF/", time);
            ZipEntry manifestEntry = entry(JarFile.MANIFEST_NAME, time);
            out.putNextEntry(manifestEntry);
            manifest.write(out);
            out.closeEntry();
            TreeSet<String> all = new TreeSet<>(entries.keySet());
            all.addAll(files.keySet());
            TreeSet<String> directories = new TreeSet<>();
            for (String name : all) {
                for (int slash = name.indexOf('/', NativeResources.ROOT.length() - 1);
                        slash > 0;
                        slash = name.indexOf('/', slash + 1)) {
                    directories.add(name.substring(0, slash + 1));
                }
            }
            for (String dir : directories) {
                putDirectory(out, dir, time);
            }
            for (String name : all) {
                out.putNextEntry(entry(name, time));
                if (files.containsKey(name)) {
                    Files.copy(files.get(name), out);
                } else {
                    out.write(entries.get(name));
                }
                out.closeEntry();
            }
        }
    }

    /**
     * Copies {@code libraries} and their properties files into a class output directory, so that the
     * project's main jar carries them (the {@code bundle} option).
     */
    public static List<Path> copyInto(Path classesDirectory, List<Library> libraries) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Library lib : libraries) {
            Path target = classesDirectory.resolve(lib.resourcePath());
            Files.createDirectories(target.getParent());
            Files.copy(lib.library(), target, StandardCopyOption.REPLACE_EXISTING);
            Files.write(classesDirectory.resolve(lib.propertiesPath()), describe(lib));
            written.add(target);
        }
        return written;
    }

    /** The properties file of a library: sorted {@code key=value} lines, no date comment. */
    static byte[] describe(Library lib) throws IOException {
        Map<String, String> props = new TreeMap<>(lib.properties());
        props.put(NativeResources.TRIPLE, lib.triple());
        props.put(NativeResources.SHA256, Sha256.of(lib.library()));
        props.put(NativeResources.SIZE, Long.toString(Files.size(lib.library())));
        StringBuilder text = new StringBuilder("# Written by rust-maven-plugin; read by rust-native-loader\n");
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString().getBytes(NativeResources.PROPERTIES_CHARSET);
    }

    /**
     * Reads Maven's {@code project.build.outputTimestamp}: an ISO-8601 instant or seconds since the
     * epoch; empty or a single character (Maven's way to switch it off) means no fixed time.
     */
    public static Optional<Instant> outputTimestamp(String value) {
        if (value == null || value.trim().length() < 2) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(v)));
        }
        try {
            return Optional.of(OffsetDateTime.parse(v).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "project.build.outputTimestamp '" + value + "' is neither an"
                            + " ISO-8601 date-time such as 2026-11-24T00:00:00Z nor seconds since 1970",
                    e);
        }
    }

    private static void putDirectory(JarOutputStream out, String name, long time) throws IOException {
        out.putNextEntry(entry(name, time));
        out.closeEntry();
    }

    private static ZipEntry entry(String name, long time) {
        ZipEntry e = new ZipEntry(name);
        // Zip stores local date-time: shift so that the stored wall-clock time is the same in every zone.
        e.setTime(time - TimeZone.getDefault().getOffset(time));
        return e;
    }

    /** Orders libraries the way they are listed in logs: by triple, then file name. */
    public static final Comparator<Library> ORDER = Comparator.comparing(Library::triple)
            .thenComparing(l -> l.library().getFileName().toString());

    /** Groups libraries by triple, keeping {@link #ORDER}. */
    public static Map<String, List<Library>> byTriple(List<Library> libraries) {
        Map<String, List<Library>> grouped = new LinkedHashMap<>();
        libraries.stream()
                .sorted(ORDER)
                .forEach(l -> grouped.computeIfAbsent(l.triple(), t -> new ArrayList<>())
                        .add(l));
        return grouped;
    }
}
