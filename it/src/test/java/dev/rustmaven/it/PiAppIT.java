package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.installed;
import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole story: jni-hello publishes its jar and one native jar per Pi target; jni-hello-app depends
 * on them from the repository and runs on emulated Pis, each picking its own library.
 */
class PiAppIT {

    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    private static final String AARCH64 = "aarch64-unknown-linux-gnu";
    private static final String ARMV6 = "arm-unknown-linux-gnueabihf";
    private static final String VERSION = "0.1.0-SNAPSHOT";

    @RegisterExtension
    static final DistMirror server = new DistMirror();

    private static Path app;

    @BeforeAll
    static void publishTheLibraryAndBuildTheApp() throws Exception {
        Path cache = ItSupport.work().resolve("cache-pi-app");
        Path library = ItSupport.example("jni-hello", "jni-hello-for-app");
        maven(library, List.of("install"), Bench.buildProperties(server.url(), cache))
                .assertSuccess();
        app = ItSupport.example("jni-hello-app", "jni-hello-app");
        maven(app, List.of("package")).assertSuccess();
    }

    private static List<String> appClassPath(String... excludedTriples) throws Exception {
        List<String> entries = new ArrayList<>(
                List.of(app.resolve("target/jni-hello-app-" + VERSION + ".jar").toString()));
        try (Stream<Path> libs = Files.list(app.resolve("target/lib"))) {
            libs.sorted()
                    .map(Path::toString)
                    .filter(p -> Stream.of(excludedTriples).noneMatch(t -> p.endsWith("-" + t + ".jar")))
                    .forEach(entries::add);
        }
        return entries;
    }

    private static ItSupport.ProgramResult runApp(Bench.Pi pi, List<String> classPath) throws Exception {
        return pi.java(
                null,
                List.of(
                        "-Ddev.rustmaven.loader.cacheDir=" + ItSupport.work().resolve("app-cache-" + pi),
                        "-cp",
                        String.join(":", classPath),
                        "dev.rustmaven.examples.app.Main",
                        "IT"));
    }

    @Test
    void eachPiPicksItsOwnLibraryWithAllNativeJarsOnTheClassPath() throws Exception {
        List<String> cp = appClassPath();
        assertThat(cp)
                .anyMatch(p -> p.endsWith("-" + ARMV7 + ".jar"))
                .anyMatch(p -> p.endsWith("-" + AARCH64 + ".jar"))
                .anyMatch(p -> p.endsWith("-" + ARMV6 + ".jar"))
                .anyMatch(p -> p.contains("rust-native-loader"));

        ItSupport.ProgramResult armhf = runApp(Bench.Pi.ARMHF, cp);
        assertThat(armhf.exitCode()).as(armhf.output()).isZero();
        assertThat(armhf.output())
                .contains("Hello, IT, from Rust on arm-linux!")
                .contains("6 * 7 = 42")
                .contains("native library for " + ARMV7);

        ItSupport.ProgramResult arm64 = runApp(Bench.Pi.ARM64, cp);
        assertThat(arm64.exitCode()).as(arm64.output()).isZero();
        assertThat(arm64.output())
                .contains("Hello, IT, from Rust on aarch64-linux!")
                .contains("6 * 7 = 42")
                .contains("native library for " + AARCH64);
    }

    @Test
    void theSecondStartLoadsFromItsStartRecordAndAnotherCpuDoesNot() throws Exception {
        // given: the default cache directory (no loader property, which would turn the start record off)
        Path cacheHome = ItSupport.work().resolve("record-cache-home");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cacheHome.toString());
        List<String> args = List.of("-cp", String.join(":", appClassPath()), "dev.rustmaven.examples.app.Main", "IT");

        // when: two starts on the same Pi, then one on another ARMv7 CPU (a Pi 2's Cortex-A7, without the
        // default CPU's crypto extensions in AT_HWCAP2); Debian's armhf JVM needs ARMv7, so no Pi Zero here
        ItSupport.ProgramResult first = Bench.Pi.ARMHF.java(null, args, env);
        Map<String, Object> recordedBy = records(cacheHome);
        ItSupport.ProgramResult second = Bench.Pi.ARMHF.java(null, args, env);
        Map<String, Object> afterSecond = records(cacheHome);
        ItSupport.ProgramResult pi2 = Bench.Pi.ARMHF.java("cortex-a7", args, env);

        // then: the second start used the record (not rewritten: the full way writes it anew); the other CPU
        // (other hardware capabilities, same boot and files) took the full way and wrote a record of its own
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("6 * 7 = 42").contains("native library for " + ARMV7);
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("6 * 7 = 42").contains("native library for " + ARMV7);
        assertThat(recordedBy).hasSize(1);
        assertThat(afterSecond).isEqualTo(recordedBy);
        assertThat(pi2.exitCode()).as(pi2.output()).isZero();
        assertThat(pi2.output()).contains("6 * 7 = 42").contains("native library for " + ARMV7);
        Map<String, Object> afterPi2 = records(cacheHome);
        assertThat(afterPi2).hasSize(2).containsAllEntriesOf(recordedBy);
    }

    /** The start records of jni_hello in the cache, by name, with their inode (file key): a rewrite changes it. */
    private static Map<String, Object> records(Path cacheHome) throws Exception {
        Map<String, Object> records = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(cacheHome.resolve("rust-native-loader"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().startsWith(".start-jni_hello-")) {
                    records.put(
                            f.getFileName().toString(),
                            Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class)
                                    .fileKey());
                }
            }
        }
        return records;
    }

    @Test
    void anArmv7PiFallsBackToTheArmv6Library() throws Exception {
        // The Pi Zero build holds ARMv6 code only (the ARMv7 one may use ARMv7): checked on the published files.
        assertThat(cpuArchOf(ARMV6)).isIn("v6", "v6KZ", "v6K");
        assertThat(cpuArchOf(ARMV7)).isEqualTo("v7");

        ItSupport.ProgramResult armhf = runApp(Bench.Pi.ARMHF, appClassPath(ARMV7, AARCH64));

        assertThat(armhf.exitCode()).as(armhf.output()).isZero();
        assertThat(armhf.output()).contains("native library for " + ARMV6);
    }

    private static String cpuArchOf(String triple) throws Exception {
        Path so = installed("dev.rustmaven.examples", "jni-hello", VERSION, triple, "so");
        return dev.rustmaven.elf.ElfFile.read(so).armAttributes().orElseThrow().cpuArchName();
    }

    @Test
    void withOnlyTheOtherPisLibraryItFailsListingWhatItTriedAndWhy() throws Exception {
        ItSupport.ProgramResult arm64 = runApp(Bench.Pi.ARM64, appClassPath(AARCH64));

        assertThat(arm64.exitCode()).isNotZero();
        assertThat(arm64.output())
                .contains("UnsatisfiedLinkError")
                .contains(AARCH64)
                .contains("jni_hello");
    }

    @Test
    void aBundledSingleJarWorksOnBothPis() throws Exception {
        Path bundled = ItSupport.example("jni-hello", "jni-hello-bundled");
        maven(
                        bundled,
                        List.of("package"),
                        Bench.buildProperties(
                                server.url(), ItSupport.work().resolve("cache-pi-app"), "rust.bundle=true"))
                .assertSuccess();
        List<String> cp = List.of(
                bundled.resolve("target/jni-hello-" + VERSION + ".jar").toString(),
                ItSupport.loaderJar().toString());

        for (Bench.Pi pi : List.of(Bench.Pi.ARMHF, Bench.Pi.ARM64)) {
            ItSupport.ProgramResult run = pi.java(
                    null,
                    List.of(
                            "-Ddev.rustmaven.loader.cacheDir="
                                    + ItSupport.work().resolve("bundle-cache-" + pi),
                            "-cp",
                            String.join(":", cp),
                            "dev.rustmaven.examples.hello.Main",
                            "bundle"));
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("Hello, bundle, from Rust on").contains("add(2, 40) = 42");
        }
    }
}
