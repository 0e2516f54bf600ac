package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.installed;
import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
