package dev.rustmaven.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rustmaven.distribution.CacheLayout;
import dev.rustmaven.distribution.ComponentProvisioner;
import dev.rustmaven.distribution.DistException;
import dev.rustmaven.distribution.DistManifest;
import dev.rustmaven.distribution.DistServer;
import dev.rustmaven.distribution.DownloadListener;
import dev.rustmaven.distribution.DownloadSettings;
import dev.rustmaven.distribution.Downloader;
import dev.rustmaven.fs.FileTrees;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.pipeline.StdProvisioning;
import dev.rustmaven.plugin.MavenSettingNames;
import dev.rustmaven.toolchain.RustcInfo;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;

/**
 * Times fetching and installing rust-std from a loopback dist mirror into a cold cache, next to {@code curl} and
 * {@code xz -d | tar x} of the same file, and reading a channel manifest of real size. Not a test: a benchmark, run by
 * {@code tools/benchmarks/fetch.sh}.
 *
 * <p>The mirror serves the bench's rust-std tarballs ({@code <bench>/dist-server/dist/<date>/}) and a manifest of real
 * size: a real channel manifest (rustup keeps one in each toolchain) whose rust-std tables for the bench's targets are
 * replaced by the bench manifest's, so that their hashes are those of the served files. The plugin is driven through
 * its Java API ({@link ComponentProvisioner}, {@link StdProvisioning}) in a fresh JVM per sample, so the figures
 * include class loading and a cold JIT but not Maven's start-up; each sample starts from an empty cache.
 */
public final class FetchBench {

    private static final String ONE = "aarch64-unknown-linux-gnu";
    private static final List<String> FOUR = List.of(
            "aarch64-unknown-linux-gnu",
            "armv7-unknown-linux-gnueabihf",
            "arm-unknown-linux-gnueabihf",
            "aarch64-unknown-linux-musl");

    /** What the "distant" mirror sends per connection: 8 MiB/s, as 1 MiB of TCP window over a 125 ms round trip. */
    private static final long DISTANT_BYTES_PER_SECOND = 8L * 1024 * 1024;

    private FetchBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--plugin")) {
            plugin(
                    URI.create(args[1]),
                    Path.of(args[2]),
                    args[3],
                    args[4],
                    args[5],
                    args[6],
                    List.of(args).subList(7, args.length));
            return;
        }
        if (args.length == 2 && args[0].equals("--manifest")) {
            Toml.parse("[package]\nname = \"x\"\nversion = \"0.1.0\"\n"); // the plugin has read Cargo.toml by then
            System.out.println(readManifest(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8)));
            return;
        }
        if (args.length < 3) {
            System.err.println("Usage: FetchBench <bench dir> <real channel manifest> <work dir> [runs, 5]");
            System.exit(2);
        }
        run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 5);
    }

    private static void run(Path bench, Path realManifest, Path work, int runs) throws Exception {
        Path dist = bench.resolve("dist-server/dist");
        String benchManifest = Files.readString(dist.resolve("channel-rust-stable.toml"), StandardCharsets.UTF_8);
        String real = Files.readString(realManifest, StandardCharsets.UTF_8);
        Matcher rustc = Pattern.compile("(?m)^\\[pkg\\.rustc\\]\\nversion = \"([0-9.]+) \\(([0-9a-f]+) ([0-9-]+)\\)\"")
                .matcher(real);
        if (!rustc.find()) {
            throw new IllegalStateException(realManifest + " has no [pkg.rustc] version");
        }
        String release = rustc.group(1);
        String manifest = real;
        for (String triple : FOUR) {
            manifest = replaceTable(manifest, benchManifest, "pkg.rust-std.target." + triple);
        }
        FileTrees.delete(work);
        Path mirror = Files.createDirectories(work.resolve("mirror/dist"));
        Path manifestFile = mirror.resolve("channel-rust-" + release + ".toml");
        Files.writeString(manifestFile, manifest, StandardCharsets.UTF_8);
        Map<String, Path> tarballs = new LinkedHashMap<>();
        for (String triple : FOUR) {
            Matcher url = Pattern.compile("(?m)^xz_url = \"[^\"]*/dist/([^\"]+/rust-std-[^\"]+-" + Pattern.quote(triple)
                            + "\\.tar\\.xz)\"")
                    .matcher(tableText(benchManifest, "pkg.rust-std.target." + triple));
            if (!url.find()) {
                throw new IllegalStateException("the bench manifest has no xz_url for " + triple);
            }
            Path file = dist.resolve(url.group(1));
            Path link = mirror.resolve(url.group(1));
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, file);
            tarballs.put(triple, link);
        }
        System.out.printf(
                Locale.ROOT,
                "mirror: %s, manifest %d bytes (%d rust-std targets), rust-std %s %.1f MB%n",
                work.resolve("mirror"),
                manifest.length(),
                Pattern.compile("(?m)^\\[pkg\\.rust-std\\.target\\.")
                        .matcher(manifest)
                        .results()
                        .count(),
                ONE,
                Files.size(tarballs.get(ONE)) / 1048576.0);
        HttpServer server = serve(work.resolve("mirror"), 0);
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        HttpServer distant = serve(work.resolve("mirror"), DISTANT_BYTES_PER_SECOND);
        String distantRoot = "http://127.0.0.1:" + distant.getAddress().getPort();
        String oneUrl = root + "/" + work.resolve("mirror").relativize(tarballs.get(ONE));
        String hash = rustc.group(2);
        String date = rustc.group(3);
        List<Sample> samples = new ArrayList<>();
        Sample curlThen = new Sample("fetch.curl_then_untar", "curl -s -o of the rust-std .tar.xz, then xz -d | tar x");
        Sample curlPipe = new Sample("fetch.curl_pipe_untar", "curl -s | xz -d | tar x of the rust-std .tar.xz");
        Sample one = new Sample("fetch.plugin", "plugin fetch+install of one rust-std, fresh JVM, cold cache");
        Sample serial = new Sample("fetch.plugin.4serial", "plugin fetch+install of four rust-std one by one");
        Sample parallel = new Sample("fetch.plugin.4parallel", "plugin fetch+install of four rust-std in parallel");
        Sample cold = new Sample("manifest.read.cold", "real-size manifest read, fresh JVM (tomlj used once)");
        Sample warm = new Sample("manifest.read.warm", "real-size manifest read, warm JVM");
        Sample distantSerial =
                new Sample("fetch.distant.4serial", "four rust-std one by one, mirror sending 8 MiB/s per connection");
        Sample distantParallel = new Sample(
                "fetch.distant.4parallel", "four rust-std in parallel, mirror sending 8 MiB/s per connection");
        samples.addAll(List.of(curlThen, curlPipe, one, serial, parallel, cold, warm, distantSerial, distantParallel));
        try {
            for (int i = 0; i < runs; i++) {
                Path d = Files.createDirectories(work.resolve("run/x"));
                curlThen.add(shell(
                        "curl -s -o \"$1/f.tar.xz\" \"$2\" && xz -d < \"$1/f.tar.xz\" | tar x -C \"$1/x\"",
                        work.resolve("run"),
                        oneUrl));
                FileTrees.delete(work.resolve("run"));
                Files.createDirectories(d);
                curlPipe.add(shell("curl -s \"$2\" | xz -d | tar x -C \"$1/x\"", work.resolve("run"), oneUrl));
                FileTrees.delete(work.resolve("run"));
                one.add(child(root, work, release, hash, date, "serial", List.of(ONE)));
                serial.add(child(root, work, release, hash, date, "serial", FOUR));
                parallel.add(child(root, work, release, hash, date, "parallel", FOUR));
                distantSerial.add(child(distantRoot, work, release, hash, date, "serial", FOUR));
                distantParallel.add(child(distantRoot, work, release, hash, date, "parallel", FOUR));
                cold.add(Double.parseDouble(
                        java(List.of("--manifest", manifestFile.toString())).strip()));
            }
            for (int i = 0; i < 3 + runs; i++) {
                double ms = readManifest(manifest);
                if (i >= 3) {
                    warm.add(ms);
                }
            }
        } finally {
            server.stop(0);
            distant.stop(0);
            FileTrees.delete(work);
        }
        report(samples);
    }

    /** Replaces the table {@code name} of {@code into} (header to the next header) by the same table of {@code from}. */
    private static String replaceTable(String into, String from, String name) {
        String table = tableText(from, name);
        Matcher m = Pattern.compile("(?ms)^\\[" + Pattern.quote(name) + "\\]\\n.*?(?=^\\[)")
                .matcher(into);
        if (!m.find()) {
            throw new IllegalStateException("the real manifest has no [" + name + "]");
        }
        return into.substring(0, m.start()) + table + into.substring(m.end());
    }

    private static String tableText(String text, String name) {
        Matcher m = Pattern.compile("(?ms)^\\[" + Pattern.quote(name) + "\\]\\n.*?(?=^\\[|\\z)")
                .matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no [" + name + "] in the bench manifest");
        }
        String table = m.group();
        return table.endsWith("\n\n") ? table : table + "\n";
    }

    /**
     * Serves the files below {@code root} on loopback.
     *
     * @param bytesPerSecond 0 for as fast as loopback goes; else what each connection sends at most, as a distant
     *     server does (a TCP connection carries at most its window per round trip), so that downloads at once add up
     *     where one after the other would not
     */
    private static HttpServer serve(Path root, long bytesPerSecond) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", (HttpExchange exchange) -> {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1))
                    .normalize();
            try (exchange) {
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    if (bytesPerSecond == 0) {
                        Files.copy(file, out);
                    } else {
                        sendPaced(file, out, bytesPerSecond);
                    }
                }
            }
        });
        // Daemon threads: the server's pool must not keep the JVM (and fetch.sh, waiting for it) alive at the end.
        server.setExecutor(Executors.newFixedThreadPool(8, task -> {
            Thread thread = new Thread(task, "mirror");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return server;
    }

    /** Sends {@code file} in 64 KiB pieces, never ahead of {@code bytesPerSecond}. */
    private static void sendPaced(Path file, OutputStream out, long bytesPerSecond) throws IOException {
        long start = System.nanoTime();
        long sent = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                long early = start + sent * 1_000_000_000L / bytesPerSecond - System.nanoTime();
                if (early > 0) {
                    try {
                        Thread.sleep(early / 1_000_000, (int) (early % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
                out.write(buffer, 0, n);
                sent += n;
            }
        }
    }

    private static double shell(String script, Path dir, String url) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("sh", "-c", script, "sh", dir.toString(), url)
                .inheritIO()
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + script);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double child(
            String root, Path work, String release, String hash, String date, String mode, List<String> triples)
            throws IOException, InterruptedException {
        Path cache = work.resolve("cache");
        List<String> args = new ArrayList<>(List.of("--plugin", root, cache.toString(), release, hash, date, mode));
        args.addAll(triples);
        try {
            return Double.parseDouble(java(args).strip());
        } finally {
            FileTrees.delete(cache);
        }
    }

    private static String java(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FetchBench.class.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
        return out;
    }

    /** In a fresh JVM: installs rust-std of {@code triples}, one by one or as the build does for several. */
    private static void plugin(
            URI root, Path cache, String release, String hash, String date, String mode, List<String> triples)
            throws Exception {
        long start = System.nanoTime();
        BuildLog log = BuildLog.SILENT;
        ComponentProvisioner provisioner = new ComponentProvisioner(
                new CacheLayout(cache),
                new DistServer(root),
                new Downloader(DownloadSettings.DEFAULTS, DownloadListener.NONE, log),
                ComponentProvisioner.Options.ONLINE,
                log);
        StdProvisioning std =
                new StdProvisioning(provisioner, false, cache.resolve("work"), false, MavenSettingNames.INSTANCE, log);
        Toolchain toolchain = new Toolchain(
                cache.resolve("none/bin/cargo"),
                cache.resolve("none/bin/rustc"),
                new RustcInfo("rustc " + release, release, hash, date, "x86_64-unknown-linux-gnu", "20"),
                cache.resolve("none"),
                List.of("x86_64-unknown-linux-gnu"));
        List<Target> targets = triples.stream().map(Target::parse).toList();
        if (mode.equals("parallel")) {
            std.prefetch(toolchain, targets);
        }
        for (Target target : targets) {
            if (std.ensure(toolchain, target).isEmpty()) {
                throw new IllegalStateException("no rust-std for " + target);
            }
        }
        System.out.println((System.nanoTime() - start) / 1e6);
    }

    /** Reads what the plugin needs: rustc's version, the date, the rust-std archives of four targets. */
    private static double readManifest(String text) throws DistException {
        long start = System.nanoTime();
        DistManifest manifest = DistManifest.parse(text, URI.create("http://127.0.0.1/dist/channel-rust.toml"));
        manifest.version("rustc");
        manifest.date();
        for (String triple : FOUR) {
            manifest.archives("rust-std", triple);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** One measured quantity and its samples. */
    private record Sample(String key, String description, List<Double> values) {
        Sample(String key, String description) {
            this(key, description, new ArrayList<>());
        }

        void add(double ms) {
            values.add(ms);
        }

        double quantile(double q) {
            List<Double> sorted = values.stream().sorted().toList();
            return sorted.get((int) Math.round(q * (sorted.size() - 1)));
        }
    }

    private static void report(List<Sample> samples) throws IOException {
        System.out.printf(Locale.ROOT, "%-24s %10s %10s %10s%n", "ms", "min", "median", "max");
        for (Sample s : samples) {
            System.out.printf(
                    Locale.ROOT,
                    "%-24s %10.1f %10.1f %10.1f   %s%n",
                    s.key(),
                    s.quantile(0),
                    s.quantile(0.5),
                    s.quantile(1),
                    s.description());
        }
        Sample base = samples.get(0);
        Sample pipe = samples.get(1);
        Sample plugin = samples.get(2);
        System.out.printf(
                Locale.ROOT,
                "medians: plugin / (curl then untar) = %.2f; plugin / (curl | untar) = %.2f;"
                        + " 4 parallel / 4 one by one = %.2f (distant mirror: %.2f)%n",
                plugin.quantile(0.5) / base.quantile(0.5),
                plugin.quantile(0.5) / pipe.quantile(0.5),
                samples.get(4).quantile(0.5) / samples.get(3).quantile(0.5),
                samples.get(8).quantile(0.5) / samples.get(7).quantile(0.5));
        String results = System.getenv("BENCH_RESULTS");
        if (results != null && !results.isEmpty()) {
            StringBuilder lines = new StringBuilder();
            for (Sample s : samples) {
                lines.append(s.key()).append("\tms\t");
                for (int i = 0; i < s.values().size(); i++) {
                    lines.append(i == 0 ? "" : " ")
                            .append(String.format(
                                    Locale.ROOT, "%.1f", s.values().get(i)));
                }
                lines.append('\t').append(s.description()).append('\n');
            }
            Files.writeString(
                    Path.of(results),
                    lines,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
