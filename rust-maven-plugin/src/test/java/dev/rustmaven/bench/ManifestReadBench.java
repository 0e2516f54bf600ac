package dev.rustmaven.bench;

import dev.rustmaven.distribution.DistException;
import dev.rustmaven.distribution.DistManifest;
import dev.rustmaven.distribution.ManifestReaders;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tomlj.Toml;

/**
 * Times reading what the plugin needs from a channel manifest (its rustc version, its date and the rust-std
 * archives of four targets) with three readers in one run: "whole" (tomlj over the whole text), "sections" (the
 * sections first, tomlj over the tables asked for) and "plain" (the plugin's: the sections first, then
 * {@code PlainToml} over the tables asked for, tomlj only for tables outside its subset). Not a test: a benchmark, run
 * by hand or by issue 17's script.
 *
 * <pre>
 * mvn -B -o -q -pl rust-maven-plugin test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp rust-maven-plugin/target/test-classes:rust-maven-plugin/target/classes:$(cat rust-maven-plugin/target/cp.txt) \
 *     dev.rustmaven.bench.ManifestReadBench &lt;channel manifest&gt; [fresh JVMs per reader, 7] [warm iterations, 15]
 * </pre>
 *
 * A rustup toolchain keeps a real manifest at {@code <sysroot>/lib/rustlib/multirust-channel-manifest.toml}.
 * Cold: each read in a fresh JVM, once with tomlj never used before in it and once after a small TOML parse (as in
 * the plugin, which has read Cargo.toml by then); the readers alternate. Warm: the readers in this JVM, alternating,
 * after three rounds not counted. Before timing, it checks that the plugin's reader gives the same answers as the
 * whole parse for every package and target of the manifest. Prints min / median / max in milliseconds, elapsed and CPU time of the thread
 * that reads (the JIT compiles on other threads; on a busy machine the CPU time is the steadier figure).
 */
public final class ManifestReadBench {

    private static final URI SOURCE = URI.create("file:///bench/channel-rust.toml");
    private static final List<String> TRIPLES = List.of(
            "aarch64-unknown-linux-gnu",
            "armv7-unknown-linux-gnueabihf",
            "arm-unknown-linux-gnueabihf",
            "x86_64-unknown-linux-gnu");
    private static final int UNCOUNTED_ROUNDS = 3;
    private static final List<String> READERS = List.of("whole", "sections", "plain");

    private ManifestReadBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--once")) {
            once(args[1], Path.of(args[2]), Boolean.parseBoolean(args[3]));
            return;
        }
        if (args.length < 1 || args.length > 3) {
            System.err.println("Usage: ManifestReadBench <channel manifest> [fresh JVMs per reader] [warm iterations]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        String text = Files.readString(file, StandardCharsets.UTF_8);
        System.out.printf(
                Locale.ROOT,
                "manifest %s: %d bytes, %d lines%n",
                file,
                Files.size(file),
                text.lines().count());
        List<String> differences = ManifestReaders.differences(text, SOURCE);
        String asked = differences.remove(differences.size() - 1);
        System.out.println(
                differences.isEmpty()
                        ? "the plugin's reader and the whole parse give the same answers: " + asked
                        : "DIFFERENT ANSWERS (" + asked + "): " + differences);
        System.out.printf(
                Locale.ROOT,
                "%-44s %8s %8s %8s   %s%n",
                "ms: elapsed (CPU of the reading thread)",
                "min",
                "median",
                "max",
                "CPU min / median / max");
        for (boolean preloaded : List.of(false, true)) {
            List<List<double[]>> times = perReader();
            for (int i = 0; i < runs; i++) {
                for (int r = 0; r < READERS.size(); r++) {
                    times.get(r).add(child(READERS.get(r), file, preloaded));
                }
            }
            String how = preloaded ? "cold JVM, tomlj used once before" : "cold JVM, tomlj not yet loaded";
            for (int r = 0; r < READERS.size(); r++) {
                row(READERS.get(r) + ", " + how, times.get(r));
            }
        }
        List<List<double[]>> times = perReader();
        for (int i = 0; i < iterations + UNCOUNTED_ROUNDS; i++) {
            for (int r = 0; r < READERS.size(); r++) {
                double[] t = timed(READERS.get(r), text);
                if (i >= UNCOUNTED_ROUNDS) {
                    times.get(r).add(t);
                }
            }
        }
        for (int r = 0; r < READERS.size(); r++) {
            row(READERS.get(r) + ", warm (" + iterations + " iterations)", times.get(r));
        }
    }

    private static List<List<double[]>> perReader() {
        List<List<double[]>> times = new ArrayList<>();
        READERS.forEach(r -> times.add(new ArrayList<>()));
        return times;
    }

    /** One read in this JVM, as a child process: prints the milliseconds it took. */
    private static void once(String reader, Path file, boolean preload) throws Exception {
        if (preload) {
            Toml.parse("[package]\nname = \"x\"\nversion = \"0.1.0\"\n");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        double[] ms = timed(reader, text);
        System.out.println(ms[0] + " " + ms[1]);
    }

    /** Elapsed and CPU milliseconds of one read. */
    private static double[] timed(String reader, String text) throws DistException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        DistManifest manifest = switch (reader) {
            case "whole" -> ManifestReaders.whole(text, SOURCE);
            case "sections" -> ManifestReaders.bySectionsWithTomlj(text, SOURCE);
            case "plain" -> ManifestReaders.bySections(text, SOURCE);
            default -> throw new IllegalArgumentException("no reader " + reader + "; one of " + READERS);
        };
        int found =
                manifest.version("rustc").orElse("").length() + manifest.date().length();
        for (String triple : TRIPLES) {
            found += manifest.archives("rust-std", triple).size();
        }
        double[] ms = {(System.nanoTime() - start) / 1e6, (threads.getCurrentThreadCpuTime() - cpu) / 1e6};
        if (found == 0) {
            throw new IllegalStateException("nothing read");
        }
        return ms;
    }

    private static double[] child(String reader, Path file, boolean preload) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ManifestReadBench.class.getName(),
                        "--once",
                        reader,
                        file.toString(),
                        Boolean.toString(preload))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the " + reader + " reader's JVM failed: " + out);
        }
        String[] both = out.split(" ");
        return new double[] {Double.parseDouble(both[0]), Double.parseDouble(both[1])};
    }

    private static void row(String what, List<double[]> values) {
        double[] elapsed = sorted(values, 0);
        double[] cpu = sorted(values, 1);
        int mid = values.size() / 2;
        System.out.printf(
                Locale.ROOT,
                "%-44s %8.1f %8.1f %8.1f   %.1f / %.1f / %.1f%n",
                what,
                elapsed[0],
                elapsed[mid],
                elapsed[elapsed.length - 1],
                cpu[0],
                cpu[mid],
                cpu[cpu.length - 1]);
    }

    private static double[] sorted(List<double[]> values, int column) {
        return values.stream().mapToDouble(v -> v[column]).sorted().toArray();
    }
}
