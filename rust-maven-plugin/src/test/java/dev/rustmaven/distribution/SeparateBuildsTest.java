package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.FileTrees;
import dev.rustmaven.fs.Sha256;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds in separate JVMs ({@link BuildMain}) sharing one cache: many at once, and one killed with SIGKILL
 * again and again at seeded random points of downloading, unpacking, stub generation and packaging.
 */
class SeparateBuildsTest {

    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    private static final long SEED = 20261130L;
    private static final int KILLS = 30;
    /** Kills between two unkilled runs that must recover, starting over from an empty cache each time. */
    private static final int KILLS_PER_ROUND = 5;

    @TempDir
    Path temp;

    private LoopbackServer server;
    private FakeDist dist;
    private Reference reference;

    /** What a complete build leaves, by relative path and sha256, made in this JVM. */
    private record Reference(
            Map<String, String> std,
            Map<String, String> lld,
            String stubsName,
            Map<String, String> stubs,
            byte[] jar) {}

    @BeforeEach
    void startServer() throws Exception {
        server = LoopbackServer.start();
        // Enough payload that unpacking takes a while: 120 files of 16 KiB that compress only somewhat.
        Random random = new Random(SEED);
        dist = FakeDist.stableDist()
                .rustStd(ARMV7, (tar, payload) -> {
                    for (int i = 0; i < 120; i++) {
                        byte[] content = new byte[16 << 10];
                        for (int b = 0; b < content.length; b++) {
                            content[b] = (byte) ('a' + random.nextInt(16));
                        }
                        tar = tar.file(
                                payload + "/lib/rustlib/" + ARMV7 + "/lib/libdep" + i + "-abc.rlib", content, 0644);
                    }
                    return tar;
                })
                .rustc(BuildMain.HOST)
                .serveOn(server);
        // The rust-std tarball arrives in 16 KiB pieces, 5 ms apart, so that a kill can land mid-download.
        byte[] xz = dist.files().get(stdXz());
        server.route(stdXz(), exchange -> {
            exchange.sendResponseHeaders(200, xz.length);
            OutputStream out = exchange.getResponseBody();
            for (int off = 0; off < xz.length; off += 16 << 10) {
                out.write(xz, off, Math.min(16 << 10, xz.length - off));
                out.flush();
                pause(5);
            }
        });
        reference = reference();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private String stdXz() {
        return dist.tarballPath("rust-std", ARMV7, Compression.XZ);
    }

    private static Path stdDir(Path cache) {
        return cache.resolve("rust-std/1.85.0-4d91de4e4/" + ARMV7);
    }

    private static Path lldDir(Path cache) {
        return cache.resolve("rustc/1.85.0-4d91de4e4/" + BuildMain.HOST + "-lld");
    }

    private Reference reference() throws Exception {
        Path cache = temp.resolve("reference/cache");
        Path jar = temp.resolve("reference/native.jar");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        BuildMain.run(cache, server.root(), jar, ARMV7, quiet, quiet);
        Path stubs;
        try (Stream<Path> dirs = Files.list(cache.resolve("glibc"))) {
            stubs = dirs.filter(p -> !isTemporary(p)).findFirst().orElseThrow();
        }
        return new Reference(
                tree(stdDir(cache)),
                tree(lldDir(cache)),
                stubs.getFileName().toString(),
                tree(stubs),
                Files.readAllBytes(jar));
    }

    /**
     * Every file and directory below {@code dir}: relative path -> sha256, or "dir"; for the marker, which holds
     * the time it was written, the fields it records.
     */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String name = dir.relativize(p).toString();
                if (name.equals(CacheLayout.MARKER)) {
                    entries.put(name, String.valueOf(CacheLayout.readMarker(dir).orElse(null)));
                } else {
                    entries.put(name, Files.isDirectory(p) ? "dir" : Sha256.of(Files.readAllBytes(p)));
                }
            }
        }
        return entries;
    }

    /** The entries in which two trees differ, briefly. */
    private static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        List<String> differences = new ArrayList<>();
        for (String name : expected.keySet()) {
            if (!actual.containsKey(name)) {
                differences.add("missing " + name);
            } else if (!actual.get(name).equals(expected.get(name))) {
                differences.add("different " + name);
            }
        }
        actual.keySet().stream()
                .filter(name -> !expected.containsKey(name))
                .forEach(name -> differences.add("unexpected " + name));
        return differences;
    }

    private static boolean isTemporary(Path p) {
        return p.getFileName().toString().startsWith(".")
                && p.getFileName().toString().contains(".tmp-");
    }

    private Process start(Path cache, Path jar, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BuildMain.class.getName(),
                        cache.toString(),
                        server.root().toString(),
                        jar.toString(),
                        ARMV7)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * What a kill at any point may leave: each component, the stubs and the jar complete or absent, besides
     * hidden temporary names and lock files. Nothing partial where a complete file or directory belongs.
     */
    private void assertCompleteOrAbsent(Path cache, Path jar, String context) throws IOException {
        if (!Files.exists(cache)) {
            return;
        }
        try (Stream<Path> top = Files.list(cache)) {
            assertThat(top.map(p -> p.getFileName().toString()))
                    .as(context)
                    .isSubsetOf("rust-std", "rustc", "glibc", "locks");
        }
        assertDirectoryCompleteOrAbsent(stdDir(cache), reference.std(), context);
        assertDirectoryCompleteOrAbsent(lldDir(cache), reference.lld(), context);
        Path glibc = cache.resolve("glibc");
        if (Files.isDirectory(glibc)) {
            try (Stream<Path> dirs = Files.list(glibc)) {
                for (Path dir : dirs.filter(p -> !isTemporary(p)).toList()) {
                    assertThat(dir.getFileName().toString()).as(context).isEqualTo(reference.stubsName());
                    assertThat(differences(reference.stubs(), tree(dir)))
                            .as(context + ": stubs " + dir)
                            .isEmpty();
                }
            }
        }
        if (Files.exists(jar)) {
            assertThat(Sha256.of(Files.readAllBytes(jar)))
                    .as(context + ": " + jar)
                    .isEqualTo(Sha256.of(reference.jar()));
        }
        if (Files.isDirectory(jar.getParent())) {
            try (Stream<Path> siblings = Files.list(jar.getParent())) {
                assertThat(siblings.filter(p -> !p.equals(jar)))
                        .as(context)
                        .allMatch(p -> p.getFileName().toString().startsWith(AtomicPublish.temporaryPrefix(jar)));
            }
        }
    }

    private static void assertDirectoryCompleteOrAbsent(Path dir, Map<String, String> expected, String context)
            throws IOException {
        if (Files.isDirectory(dir.getParent())) {
            try (Stream<Path> siblings = Files.list(dir.getParent())) {
                assertThat(siblings.filter(p -> !p.equals(dir)))
                        .as(context + ": beside " + dir)
                        .allMatch(p -> p.getFileName().toString().startsWith(AtomicPublish.temporaryPrefix(dir)));
            }
        }
        if (Files.exists(dir)) {
            assertThat(CacheLayout.readMarker(dir))
                    .as(context + ": marker of " + dir)
                    .isPresent();
            assertThat(differences(expected, tree(dir)))
                    .as(context + ": " + dir)
                    .isEmpty();
        }
    }

    private void assertComplete(Path cache, Path jar, String context) throws IOException {
        assertThat(stdDir(cache)).as(context).isDirectory();
        assertThat(lldDir(cache)).as(context).isDirectory();
        assertThat(cache.resolve("glibc").resolve(reference.stubsName()))
                .as(context)
                .isDirectory();
        assertThat(jar).as(context).isRegularFile();
        assertCompleteOrAbsent(cache, jar, context);
    }

    @Test
    void eightBuildsInSeparateJvmsOnAnEmptyCacheDownloadEachComponentOnceAndAllSucceed() throws Exception {
        // given
        Path cache = temp.resolve("cache");
        Path log = temp.resolve("builds.log");
        int stdBefore = server.hits(stdXz());
        String lldXz = dist.tarballPath("rustc", BuildMain.HOST, Compression.XZ);
        int lldBefore = server.hits(lldXz);
        int manifestBefore = server.hits(dist.manifestPath());
        int gzBefore = server.hits(dist.tarballPath("rust-std", ARMV7, Compression.GZ));

        // when
        List<Process> builds = new ArrayList<>();
        List<Path> jars = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path jar = temp.resolve("out" + i + "/native.jar");
            jars.add(jar);
            builds.add(start(cache, jar, log));
        }
        for (Process build : builds) {
            build.getInputStream().transferTo(OutputStream.nullOutputStream());
            assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        // then
        String logs = Files.readString(log);
        for (Process build : builds) {
            assertThat(build.exitValue()).as(logs).isZero();
        }
        assertThat(server.hits(stdXz()) - stdBefore).as("rust-std downloads").isEqualTo(1);
        assertThat(server.hits(lldXz) - lldBefore).as("rustc downloads").isEqualTo(1);
        assertThat(server.hits(dist.tarballPath("rust-std", ARMV7, Compression.GZ)) - gzBefore)
                .isZero();
        // One manifest per installing build at most: rust-std and rustc may be installed by different JVMs.
        assertThat(server.hits(dist.manifestPath()) - manifestBefore).isBetween(1, 2);
        for (Path jar : jars) {
            assertComplete(cache, jar, "after eight builds");
        }
    }

    @Test
    void thirtySigkillsAtSeededRandomPointsNeverLeaveAnythingPartialAndTheNextRunRecovers() throws Exception {
        // given
        Random random = new Random(SEED);
        Path cache = temp.resolve("cache");
        Path jar = temp.resolve("out/native.jar");
        Path log = temp.resolve("kills.log");
        Map<String, Integer> killedIn = new TreeMap<>();
        int killedAlive = 0;
        long start = System.nanoTime();

        for (int kill = 1; kill <= KILLS; kill++) {
            if (kill % KILLS_PER_ROUND == 1) {
                // A new round from an empty cache, so that downloads and stub generation are killed again.
                FileTrees.delete(cache);
                FileTrees.delete(jar.getParent());
            }
            String phase = BuildMain.PHASES.get(random.nextInt(BuildMain.PHASES.size()));
            int delay = random.nextInt(phase.equals("std") ? 400 : 120);
            String context = "kill " + kill + " (seed " + SEED + ", " + delay + " ms into phase " + phase + ")";

            // when: killed with SIGKILL some time into the phase
            Process build = start(cache, jar, log);
            String last = "start";
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(build.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    last = line.substring("phase ".length());
                    if (last.equals(phase)) {
                        break;
                    }
                }
                pause(delay);
                boolean alive = build.isAlive();
                // SIGKILL on Linux; it also closes the streams to the process.
                build.destroyForcibly();
                assertThat(build.waitFor(30, TimeUnit.SECONDS)).isTrue();
                if (alive && build.exitValue() == 137) {
                    killedAlive++;
                    killedIn.merge(last, 1, Integer::sum);
                }
            }

            // then: complete or absent, never partial
            assertCompleteOrAbsent(cache, jar, context);

            if (kill % KILLS_PER_ROUND == 0) {
                // then: the next run, not killed, recovers by itself
                Process recovery = start(cache, jar, log);
                recovery.getInputStream().transferTo(OutputStream.nullOutputStream());
                assertThat(recovery.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(recovery.exitValue()).as(context + "; log " + log).isZero();
                assertComplete(cache, jar, "run after " + context);
            }
        }

        // then
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        System.out.println("SIGKILL loop: " + KILLS + " kills, " + killedAlive + " of a live build, by phase started "
                + killedIn + ", " + seconds + " s");
        assertThat(killedAlive)
                .as("kills that hit a running build: " + killedIn)
                .isGreaterThanOrEqualTo(KILLS / 2);
        assertThat(killedIn.keySet()).as("phases killed in").contains("std", "stubs");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
