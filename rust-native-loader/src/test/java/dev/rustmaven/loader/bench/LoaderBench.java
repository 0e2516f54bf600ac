package dev.rustmaven.loader.bench;

import dev.rustmaven.loader.NativeLoader;
import dev.rustmaven.loader.NativeResources;
import dev.rustmaven.loader.TargetTriples;
import dev.rustmaven.loader.platform.ByteSource;
import dev.rustmaven.loader.platform.ElfFile;
import dev.rustmaven.loader.platform.Versions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Measures the first {@code NativeLoader.load} in a fresh JVM next to a plain {@code System.load}
 * of the same file in a fresh JVM, side by side in one run (issue 17, item 5). Not a test: run it
 * by hand or from the benchmark script.
 *
 * <p>It packs the given library the way rust-maven-plugin does (a jar with
 * {@code META-INF/native/<triple>/<file>} and its properties file: triple, sha256, size and the
 * glibc floor read from the library's version needs), then, for each round, starts a fresh JVM
 * per mode:
 *
 * <ul>
 *   <li>{@code plain}: {@code System.load} of the cached copy, the floor any loader is measured against;
 *   <li>{@code oneclass}: the same {@code System.load} from {@link OneClassLoader}, the one class of a jar of its
 *       own in the loader's place on the class path: the least a loader shipped as a jar adds to {@code plain};
 *   <li>{@code checked}: the same from {@link CheckedOneClassLoader}, which first reads the owner and mode of the
 *       cached copy, its directory and the cache's root, as a loader must before it trusts a copy: the least a
 *       loader with a cache adds, a lower bound for {@code warm};
 *   <li>{@code warm}: {@code NativeLoader.load} with the library already in the cache (sealed by the
 *       load that extracted it) and the start record that load wrote: every start of an application but the
 *       first;
 *   <li>{@code full}: the same with {@code -Ddev.rustmaven.loader.startRecord=false}: the full way (platform
 *       detection, class path lookup, checks of the library) to the cached copy;
 *   <li>{@code verify}: the same with {@code -Ddev.rustmaven.loader.verify=always}, so that the cached
 *       copy is hashed: what a start costs when the copy is not trusted by its size;
 *   <li>{@code cold}: {@code NativeLoader.load} into an empty cache directory (extraction).
 * </ul>
 *
 * <p>Reported per mode: the time of the call inside the JVM and the wall time of the whole JVM
 * (min / median / max), with {@code --perf} also the CPU time of the whole JVM (all its threads,
 * from {@code perf stat}: on a busy machine it says what the start costs, and on a one-core Pi it
 * is the wall time), and, from one extra run with {@code -verbose:class}, the classes the JVM
 * loaded in all and during the call. The table goes to standard output; {@code --tsv} writes the
 * figures for scripts.
 *
 * <pre>
 * tools/benchmarks/loader.sh 15
 * </pre>
 *
 * The child JVMs run LoaderBenchChild from an application jar (with a manifest naming it, as an application's
 * jar has), then the jars of this JVM's class path (in the script: the packaged loader jar) and the jar of natives
 * last; the {@code oneclass} and {@code checked} children have the application jar and the jar of OneClassLoader or
 * CheckedOneClassLoader (with the loader jar's manifest) only. Options: {@code --library
 * <file>} (required), {@code --runs <n>} (default 15), {@code --bench-results <file>} (append the raw
 * samples in issue 17's result format), {@code --java
 * <java executable>} (default: this JVM's), {@code --work <dir>} (default
 * {@code rust-native-loader/target/loader-bench}), {@code --tsv <file>}, {@code --perf}, {@code --no-floor} (leave
 * {@code glibc.floor} out, so that the loader reads the library's ELF version needs).
 */
public final class LoaderBench {

    private static final List<String> MODES = List.of("plain", "oneclass", "checked", "warm", "full", "verify", "cold");

    /** What each run measures: the call, the whole JVM, and with {@code --perf} the CPU time of the JVM. */
    private final List<String> measures;

    private final Path library;
    private final String name;
    private final int runs;
    private final String java;
    private final Path work;
    private final boolean floor;
    private final boolean perf;
    private String classPath;

    /** The {@code oneclass} children's class path: the application's jar, then the jar of OneClassLoader. */
    private String oneClassPath;

    /** The {@code checked} children's class path: the application's jar, then the jar of CheckedOneClassLoader. */
    private String checkedClassPath;

    private LoaderBench(Map<String, String> options) {
        String lib = options.get("--library");
        if (lib == null) {
            throw new IllegalArgumentException("--library <file> is required: a host JNI library such as"
                    + " examples/jni-hello/src/main/rust/target/release/libjni_hello.so"
                    + " (build it with cargo build --release there)");
        }
        this.library = Paths.get(lib).toAbsolutePath();
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("--library " + library + " is not a file: build it first");
        }
        String file = library.getFileName().toString();
        this.name = file.replaceFirst("^lib", "").replaceFirst("\\.(so|dylib|dll)$", "");
        this.runs = Integer.parseInt(options.getOrDefault("--runs", "15"));
        this.java = options.getOrDefault(
                "--java",
                Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        this.work = Paths.get(options.getOrDefault("--work", "rust-native-loader/target/loader-bench"))
                .toAbsolutePath();
        this.floor = !options.containsKey("--no-floor");
        this.perf = options.containsKey("--perf");
        this.measures = perf ? List.of("call", "wall", "cpu") : List.of("call", "wall");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-floor") || args[i].equals("--perf")) {
                options.put(args[i], "");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; see the Javadoc of LoaderBench");
            }
        }
        LoaderBench bench = new LoaderBench(options);
        String tsv = options.get("--tsv");
        String report = bench.run();
        System.out.print(report);
        if (tsv != null) {
            Files.writeString(Paths.get(tsv), bench.tsv);
        }
        String results = options.get("--bench-results");
        if (results != null) {
            Files.writeString(
                    Paths.get(results),
                    bench.results,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private final StringBuilder tsv = new StringBuilder("mode\tmeasure\tmin\tmedian\tmax\n");

    /** Issue 17's result lines: key, unit, raw samples, description. */
    private final StringBuilder results = new StringBuilder();

    private String run() throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        String triple = TargetTriples.candidates(NativeLoader.platform()).get(0);
        String fileName = TargetTriples.libraryFileName(triple, name);
        Path jar = packJar(triple, fileName);
        classPath = applicationClassPath();
        oneClassPath = classPath.substring(0, classPath.indexOf(File.pathSeparator))
                + File.pathSeparator
                + jarOf("one-class.jar", OneClassLoader.class, loaderManifest());
        checkedClassPath = classPath.substring(0, classPath.indexOf(File.pathSeparator))
                + File.pathSeparator
                + jarOf("checked-class.jar", CheckedOneClassLoader.class, loaderManifest());
        Path warmCache = work.resolve("warm-cache");
        // One unmeasured load fills the warm cache; the file it loaded is what plain loads.
        Result first = child("warm", jar, warmCache, false);
        Path cached = Paths.get(first.file);
        // per mode, per measure (call, wall), the nanoseconds of each run
        Map<String, Map<String, List<Long>>> nanos = new LinkedHashMap<>();
        for (String mode : MODES) {
            Map<String, List<Long>> measures = new LinkedHashMap<>();
            for (String measure : this.measures) {
                measures.put(measure, new ArrayList<>());
            }
            nanos.put(mode, measures);
        }
        // round 0 warms the disk cache and is not counted
        for (int round = 0; round <= runs; round++) {
            for (String mode : MODES) {
                Path cache = mode.equals("cold") ? work.resolve("cold-cache-" + round) : warmCache;
                Result r = launch(mode, jar, cached, cache, false);
                if (mode.equals("cold")) {
                    deleteTree(cache);
                }
                if (round > 0) {
                    nanos.get(mode).get("call").add(r.callNanos);
                    nanos.get(mode).get("wall").add(r.wallNanos);
                    if (perf) {
                        nanos.get(mode).get("cpu").add(r.cpuNanos);
                    }
                }
            }
        }
        Map<String, int[]> classes = new LinkedHashMap<>();
        for (String mode : MODES) {
            Path cache = mode.equals("cold") ? work.resolve("cold-cache-classes") : warmCache;
            Result r = launch(mode, jar, cached, cache, true);
            classes.put(mode, new int[] {r.classesTotal, r.classesDuringCall});
        }
        resultLine("loader.plain", nanos.get("plain").get("call"), "System.load of the cached library, fresh JVM");
        resultLine(
                "loader.oneclass",
                nanos.get("oneclass").get("call"),
                "the same System.load from the one class of a jar of its own: the least a loader's jar adds");
        resultLine(
                "loader.checked",
                nanos.get("checked").get("call"),
                "the same after reading the owner and mode of the copy, its directory and the cache root:"
                        + " the least a loader that checks its cache adds");
        resultLine(
                "loader.warm",
                nanos.get("warm").get("call"),
                "first NativeLoader.load of a JVM, library cached, start record of an earlier start");
        resultLine(
                "loader.full",
                nanos.get("full").get("call"),
                "first NativeLoader.load of a JVM, library cached, start record off (the full way)");
        resultLine("loader.cold", nanos.get("cold").get("call"), "first NativeLoader.load of a JVM, empty cache");
        results.append("loader.classes.plain\tcount\t")
                .append(classes.get("plain")[0])
                .append("\tclasses loaded by a JVM that System.loads the library\n");
        results.append("loader.classes.warm\tcount\t")
                .append(classes.get("warm")[0])
                .append("\tclasses loaded by a JVM that NativeLoader.loads the cached library\n");
        return table(triple, jar, nanos, classes);
    }

    /**
     * The children's class path: LoaderBenchChild in an application jar, as an application runs (and a directory
     * on the class path turns the start record off), then the jars of this JVM's class path (the loader's).
     */
    private String applicationClassPath() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LoaderBenchChild.class.getName());
        Path app = jarOf("app.jar", LoaderBenchChild.class, manifest);
        StringBuilder path = new StringBuilder(app.toString());
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty() && Files.isRegularFile(Paths.get(e))) {
                path.append(File.pathSeparator).append(e);
            }
        }
        return path.toString();
    }

    /**
     * The manifest of the loader's jar, so that the {@code oneclass} jar costs a JVM what opening that jar does
     * (reading a manifest loads and runs JDK classes a jar without one never needs); a minimal one when the loader
     * is not in a jar.
     */
    private static Manifest loaderManifest() throws IOException {
        try {
            Path code = Paths.get(NativeLoader.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isRegularFile(code)) {
                try (JarFile loaderJar = new JarFile(code.toFile())) {
                    Manifest manifest = loaderJar.getManifest();
                    if (manifest != null) {
                        return manifest;
                    }
                }
            }
        } catch (URISyntaxException e) {
            // not a file: the minimal manifest below
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return manifest;
    }

    /** A jar in the work directory holding one class, with a manifest. */
    private Path jarOf(String fileName, Class<?> c, Manifest manifest) throws IOException {
        Path jar = work.resolve(fileName);
        String entry = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(entry);
                JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            j.putNextEntry(new JarEntry(entry));
            in.transferTo(j);
            j.closeEntry();
        }
        return jar;
    }

    /** One run of a mode. */
    private Result launch(String mode, Path jar, Path cached, Path cache, boolean countClasses) throws Exception {
        if (mode.equals("plain")) {
            return plain(jar, cached, countClasses);
        }
        if (mode.equals("oneclass")) {
            return launch(List.of("oneclass", cached.toString()), oneClassPath, null, countClasses, null);
        }
        if (mode.equals("checked")) {
            return launch(List.of("checked", cached.toString()), checkedClassPath, null, countClasses, null);
        }
        return child(mode, jar, cache, countClasses);
    }

    /** One result line: the call's milliseconds in each fresh JVM, in the order run. */
    private void resultLine(String key, List<Long> nanos, String description) {
        results.append(key).append("\tms\t");
        for (int i = 0; i < nanos.size(); i++) {
            results.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", ms(nanos.get(i))));
        }
        results.append('\t').append(description).append('\n');
    }

    private String table(
            String triple, Path jar, Map<String, Map<String, List<Long>>> nanos, Map<String, int[]> classes)
            throws Exception {
        StringBuilder s = new StringBuilder();
        s.append("rust-native-loader start-up: ")
                .append(name)
                .append(" (")
                .append(triple)
                .append(", ")
                .append(Files.size(library))
                .append(" bytes), ")
                .append(runs)
                .append(" fresh JVMs per mode\n");
        s.append("java: ").append(javaVersion()).append('\n');
        s.append("jar: ").append(jar).append(floor ? "" : " (no glibc.floor)").append('\n');
        s.append("class path: ").append(classPath).append('\n');
        s.append("machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ")
                .append(System.getProperty("os.name"))
                .append(' ')
                .append(System.getProperty("os.arch"))
                .append(", load average ")
                .append(String.format(
                        Locale.ROOT,
                        "%.2f",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(" at the end\n");
        s.append(String.format(Locale.ROOT, "%-8s", "mode"));
        for (String measure : measures) {
            s.append(String.format(Locale.ROOT, " %27s", label(measure) + " min/median/max"));
        }
        s.append(String.format(Locale.ROOT, " %20s%n", "classes all/in call"));
        for (String mode : MODES) {
            Map<String, List<Long>> m = nanos.get(mode);
            int[] c = classes.get(mode);
            s.append(String.format(Locale.ROOT, "%-8s", mode));
            for (String measure : measures) {
                s.append(String.format(Locale.ROOT, " %27s", triple(sorted(m.get(measure)))));
                tsvLine(mode, measure + "_ms", sorted(m.get(measure)));
            }
            s.append(String.format(Locale.ROOT, " %20s%n", c[0] + " / " + c[1]));
            tsv.append(mode).append("\tclasses_all\t").append(c[0]).append('\n');
            tsv.append(mode).append("\tclasses_in_call\t").append(c[1]).append('\n');
        }
        for (String measure : measures) {
            s.append("median ").append(label(measure)).append(" over plain:");
            double plain = median(sorted(nanos.get("plain").get(measure)));
            for (String mode : MODES.subList(1, MODES.size())) {
                s.append(String.format(
                        Locale.ROOT,
                        " %s %+.2f",
                        mode,
                        ms(median(sorted(nanos.get(mode).get(measure))) - plain)));
            }
            s.append('\n');
        }
        s.append("classes over plain:");
        for (String mode : MODES.subList(1, MODES.size())) {
            s.append(String.format(Locale.ROOT, " %s %+d", mode, classes.get(mode)[0] - classes.get("plain")[0]));
        }
        s.append('\n');
        return s.toString();
    }

    private static String label(String measure) {
        return measure.equals("call") ? "call ms" : measure.equals("wall") ? "JVM wall ms" : "JVM CPU ms";
    }

    private void tsvLine(String mode, String measure, List<Long> sortedNanos) {
        tsv.append(String.format(
                Locale.ROOT,
                "%s\t%s\t%.3f\t%.3f\t%.3f%n",
                mode,
                measure,
                ms(sortedNanos.get(0)),
                ms(median(sortedNanos)),
                ms(sortedNanos.get(sortedNanos.size() - 1))));
    }

    private static String triple(List<Long> sortedNanos) {
        return String.format(
                Locale.ROOT,
                "%.2f / %.2f / %.2f",
                ms(sortedNanos.get(0)),
                ms(median(sortedNanos)),
                ms(sortedNanos.get(sortedNanos.size() - 1)));
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    private static double median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }

    /** What one child JVM reported. */
    private static final class Result {
        long callNanos;
        long wallNanos;
        long cpuNanos;
        String file;
        int classesTotal;
        int classesDuringCall;
    }

    private Result plain(Path jar, Path file, boolean countClasses) throws Exception {
        return launch(
                List.of("plain", file.toString()), classPath + File.pathSeparator + jar, null, countClasses, null);
    }

    private Result child(String mode, Path jar, Path cache, boolean countClasses) throws Exception {
        String option = mode.equals("verify")
                ? "-Ddev.rustmaven.loader.verify=always"
                : mode.equals("full") ? "-Ddev.rustmaven.loader.startRecord=false" : null;
        Result r = launch(List.of("loader", name), classPath + File.pathSeparator + jar, cache, countClasses, option);
        boolean inCache = r.file.startsWith(cache.toString() + File.separator);
        if (!inCache) {
            throw new IllegalStateException(mode + ": loaded " + r.file + ", not a file in the cache " + cache);
        }
        return r;
    }

    private Result launch(
            List<String> childArgs, String childClassPath, Path cache, boolean countClasses, String option)
            throws Exception {
        List<String> command = new ArrayList<>();
        Path perfOut = work.resolve("child.perf");
        if (perf) {
            command.addAll(List.of("perf", "stat", "-x,", "-e", "task-clock", "-o", perfOut.toString()));
        }
        command.add(java);
        if (countClasses) {
            command.add("-verbose:class");
        }
        if (option != null) {
            command.add(option);
        }
        command.add("-cp");
        command.add(childClassPath);
        command.add(LoaderBenchChild.class.getName());
        command.addAll(childArgs);
        if (countClasses) {
            command.add("markers");
        }
        Path out = work.resolve("child.out");
        Path err = work.resolve("child.err");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (cache != null) {
            // the default cache directory, as for any user: $XDG_CACHE_HOME/rust-native-loader
            pb.environment().put("XDG_CACHE_HOME", cache.toString());
        }
        long start = System.nanoTime();
        Process p = pb.start();
        int exit = p.waitFor();
        long wall = System.nanoTime() - start;
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        if (exit != 0) {
            throw new IllegalStateException(
                    "child failed (exit " + exit + "): " + command + "\n" + Files.readString(err) + lines);
        }
        Result r = new Result();
        r.wallNanos = wall;
        int begin = -1;
        int end = -1;
        List<String> plainLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean classLine = line.contains("[class,load]") || line.startsWith("[Loaded ");
            if (classLine) {
                r.classesTotal++;
                if (begin >= 0 && end < 0) {
                    r.classesDuringCall++;
                }
            } else if (line.equals(LoaderBenchChild.BEGIN)) {
                begin = i;
            } else if (line.equals(LoaderBenchChild.END)) {
                end = i;
            } else {
                plainLines.add(line);
            }
        }
        r.callNanos = Long.parseLong(plainLines.get(0).trim());
        r.file = plainLines.get(1).trim();
        if (perf) {
            r.cpuNanos = -1;
            for (String line : Files.readAllLines(perfOut, StandardCharsets.UTF_8)) {
                String[] fields = line.split(",");
                if (fields.length > 2 && fields[2].equals("task-clock")) {
                    r.cpuNanos = (long) (Double.parseDouble(fields[0]) * 1e6);
                }
            }
        }
        return r;
    }

    private Path packJar(String triple, String fileName) throws Exception {
        byte[] bytes = Files.readAllBytes(library);
        Map<String, String> props = new TreeMap<>();
        props.put(NativeResources.TRIPLE, triple);
        props.put(
                NativeResources.SHA256,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        props.put(NativeResources.SIZE, Long.toString(bytes.length));
        String newest = floor ? newestGlibcNeed() : null;
        if (newest != null) {
            props.put(NativeResources.GLIBC_FLOOR, newest);
        }
        StringBuilder text = new StringBuilder("# Written by rust-maven-plugin; read by rust-native-loader\n");
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path jar = work.resolve(name + "-natives-" + triple + ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            String path = NativeResources.libraryPath(triple, fileName);
            for (String dir : List.of("META-INF/native/", NativeResources.ROOT + triple + "/")) {
                out.putNextEntry(new JarEntry(dir));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry(path));
            out.write(bytes);
            out.closeEntry();
            out.putNextEntry(new JarEntry(NativeResources.propertiesPath(triple, fileName)));
            out.write(text.toString().getBytes(NativeResources.PROPERTIES_CHARSET));
            out.closeEntry();
        }
        return jar;
    }

    /** The newest GLIBC_x.y the library needs: the floor the plugin records when it did not link it. */
    private String newestGlibcNeed() throws IOException {
        String newest = null;
        try (ByteSource source = ByteSource.of(library)) {
            for (String need : ElfFile.read(source).versionNeeds()) {
                if (need.startsWith("GLIBC_")) {
                    String v = need.substring("GLIBC_".length());
                    if (Versions.isVersion(v) && (newest == null || Versions.compare(v, newest) > 0)) {
                        newest = v;
                    }
                }
            }
        }
        return newest;
    }

    private String javaVersion() throws Exception {
        Process p =
                new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text.trim().replace('\n', ';');
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Collections.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
