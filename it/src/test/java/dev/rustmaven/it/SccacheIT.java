package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.cargo.SccacheStatistics;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * sccache as cargo's {@code RUSTC_WRAPPER} across "machines", as a CI fleet uses it: machine A builds a crate with
 * real dependencies for four targets (the host, and three Pis built with a rust-std the plugin fetched and a
 * sysroot it composed, linked by the plugin) with its own sccache server and cache directory, then again after
 * {@code mvn clean} (the warm local cache); the cache directory is copied, as a CI
 * cache is restored; machine B (a new server on the copy, another plugin cache) builds a fresh checkout at the
 * same path. Every cacheable compilation is served from the cache and the outputs are byte for byte A's. A
 * checkout at another path gets every dependency from the cache too: the plugin adds no path of the checkout
 * to what sccache hashes (the crate itself, a {@code cdylib}, is a link, which sccache never caches).
 */
class SccacheIT {

    private static final List<String> TARGETS =
            List.of("armv7-unknown-linux-gnueabihf", "aarch64-unknown-linux-gnu", "arm-unknown-linux-gnueabihf");

    private static final Pattern SERVED = Pattern.compile(
            "Compiler cache: sccache served (\\d+) of (\\d+) cacheable compilations? from its cache \\((\\d+) compiled;");

    @RegisterExtension
    static final DistMirror server = new DistMirror();

    private final List<Map<String, String>> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (Map<String, String> environment : servers) {
            sccache(environment, "--stop-server");
        }
    }

    @Test
    void aRestoredCacheServesAFreshCheckoutOnAnotherMachineWithTheSameOutputs() throws Exception {
        // given
        Bench.requireDebianCrates();
        String sccache = Bench.get("sccache.path");
        List<String> targets = new ArrayList<>(List.of(ItSupport.hostTriple()));
        targets.addAll(TARGETS);
        Path work = ItSupport.work().resolve("sccache");
        ItSupport.deleteRecursively(work);
        Files.createDirectories(work);
        Map<String, String> machineA = machine(work.resolve("sccache-a"));
        Map<String, String> machineB = machine(work.resolve("sccache-b"));
        Map<String, String> machineC = machine(work.resolve("sccache-c"));

        // when: machine A builds, naming the wrapper with the plugin's parameter; then again after mvn clean
        Path checkout = ItSupport.projectAs("cached-deps", "sccache-checkout");
        Path pluginCacheA = work.resolve("plugin-cache-a");
        String wrapperParameter = "rust.rustcWrapper=" + sccache;
        long started = System.nanoTime();
        long[] a = served(build(checkout, List.of("package"), machineA, pluginCacheA, targets, wrapperParameter));
        figures.add("cold", started);
        Path outputsOfA = work.resolve("outputs-a");
        List<String> outputs = outputs(checkout, targets);
        copy(checkout, outputsOfA, outputs);
        started = System.nanoTime();
        long[] warm =
                served(build(checkout, List.of("clean", "package"), machineA, pluginCacheA, targets, wrapperParameter));
        figures.add("warm", started);
        sccache(machineA, "--stop-server");
        // the CI cache: A's cache directory restored on B (and on C)
        copyTree(work.resolve("sccache-a"), work.resolve("sccache-b"));
        copyTree(work.resolve("sccache-a"), work.resolve("sccache-c"));
        // machine B: a fresh checkout at the same path, the wrapper from the environment, another plugin cache
        checkout = ItSupport.projectAs("cached-deps", "sccache-checkout");
        started = System.nanoTime();
        long[] b = served(build(
                checkout, List.of("package"), withWrapper(machineB, sccache), work.resolve("plugin-cache-b"), targets));
        figures.add("restored", started);
        SccacheStatistics serverB = statistics(machineB);
        List<String> differences = SameBytes.differences(outputsOfA, checkout, outputs);
        // machine C: a checkout at another path, with a plugin cache of its own
        Path elsewhere = ItSupport.projectAs("cached-deps", "sccache-checkout-elsewhere");
        started = System.nanoTime();
        long[] c = served(build(
                elsewhere,
                List.of("package"),
                withWrapper(machineC, sccache),
                work.resolve("plugin-cache-c"),
                targets));
        figures.add("elsewhere", started);
        figures.write(work.resolve("figures.properties"));

        // then: A compiled every cacheable compilation (the dependencies' libraries, for each target)
        assertThat(a[0]).as("hits on machine A").isZero();
        assertThat(a[1]).as("cacheable compilations on machine A").isGreaterThanOrEqualTo(4L * targets.size());
        // A again after mvn clean: every one from its local cache
        assertThat(warm[0]).as("hits on machine A after mvn clean").isEqualTo(a[1]);
        // B: every one of them from the restored cache, as sccache's own counters say too
        assertThat(b[0]).as("hits on machine B").isEqualTo(a[1]);
        assertThat(b[2]).as("compiled on machine B").isZero();
        assertThat(serverB.hits()).as("the hits sccache counted on machine B").isEqualTo(a[1]);
        assertThat(serverB.misses()).isZero();
        assertThat(differences)
                .as("outputs that differ between machine A and machine B:\n" + String.join("\n", differences))
                .isEmpty();
        // C, at another path: the same, since the crate itself (a cdylib: a link) is not cacheable anyway and the
        // plugin adds no path of the checkout to what sccache hashes
        assertThat(c[0]).as("served at another path").isEqualTo(a[1]);
        assertThat(c[2]).as("compiled at another path").isZero();
    }

    private static Map<String, String> withWrapper(Map<String, String> machine, String sccache) {
        Map<String, String> environment = new HashMap<>(machine);
        environment.put("RUSTC_WRAPPER", sccache);
        return environment;
    }

    private final Figures figures = new Figures();

    /**
     * How long each build took, for the CI page's figures: written to {@code figures.properties} in the test's
     * work directory and to the test's output.
     */
    private static final class Figures {
        private final Properties seconds = new Properties();

        void add(String name, long startedNanos) {
            seconds.setProperty(name, String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startedNanos) / 1e9));
        }

        void write(Path file) throws IOException {
            try (Writer out = Files.newBufferedWriter(file)) {
                seconds.store(out, "SccacheIT: seconds per build (cold, warm = after mvn clean, restored, elsewhere)");
            }
            System.out.println("SccacheIT figures (seconds): " + new TreeMap<>(seconds));
        }
    }

    /** An sccache "machine": its own cache directory and server port. */
    private Map<String, String> machine(Path cacheDirectory) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> environment = Map.of(
                "SCCACHE_DIR", cacheDirectory.toString(),
                "SCCACHE_SERVER_PORT", Integer.toString(port),
                "SCCACHE_IDLE_TIMEOUT", "0");
        servers.add(environment);
        return environment;
    }

    private static String build(
            Path checkout,
            List<String> goals,
            Map<String, String> environment,
            Path pluginCache,
            List<String> targets,
            String... more)
            throws Exception {
        List<String> properties = new ArrayList<>(List.of(more));
        properties.add("rust.targets=" + String.join(",", targets));
        ItSupport.MavenResult result = maven(
                        checkout,
                        goals,
                        false,
                        ItSupport.settings(),
                        environment,
                        Bench.buildProperties(server.url(), pluginCache, properties.toArray(String[]::new)))
                .assertSuccess();
        return result.log();
    }

    /** Hits, cacheable compilations and those compiled, from the build summary's compiler cache line. */
    private static long[] served(String log) {
        Matcher m = SERVED.matcher(log);
        assertThat(m.find())
                .as("the build summary's compiler cache line in:\n" + log)
                .isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    private static List<String> outputs(Path checkout, List<String> targets) {
        List<String> files = new ArrayList<>();
        for (String triple : targets) {
            files.add("target/cargo/" + triple + "/release/libcached_deps.so");
            files.add("target/cached-deps-1.0-" + triple + ".jar");
        }
        for (String f : files) {
            assertThat(checkout.resolve(f)).isRegularFile();
        }
        return files;
    }

    private static SccacheStatistics statistics(Map<String, String> environment) throws Exception {
        Optional<SccacheStatistics> read = SccacheStatistics.parse(sccache(environment, "--show-stats"));
        assertThat(read).as("sccache --show-stats").isPresent();
        return read.get();
    }

    private static List<String> sccache(Map<String, String> environment, String argument) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Bench.get("sccache.path"), argument).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return lines;
    }

    private static void copy(Path from, Path to, List<String> files) throws IOException {
        for (String f : files) {
            Files.createDirectories(to.resolve(f).getParent());
            Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
