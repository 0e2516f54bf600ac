package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.installed;
import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.elf.ElfFile;
import dev.rustmaven.glibc.GlibcVersion;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Linking with LLD and no C cross toolchain: JNI libraries against generated glibc stubs, loaded by
 * Debian's arm JVMs on emulated Pis; static musl executables run under qemu-user.
 */
class PiLinkIT {

    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    private static final String AARCH64 = "aarch64-unknown-linux-gnu";
    private static final String ARMV7_MUSL = "armv7-unknown-linux-musleabihf";
    private static final String AARCH64_MUSL = "aarch64-unknown-linux-musl";
    private static final String VERSION = "0.1.0-SNAPSHOT";

    @RegisterExtension
    static final DistMirror server = new DistMirror();

    private static String[] props(String... more) {
        return Bench.buildProperties(server.url(), ItSupport.work().resolve("cache-pi-link"), more);
    }

    @Test
    void noGccForArmIsInstalled() {
        for (String gcc : List.of("arm-linux-gnueabihf-gcc", "aarch64-linux-gnu-gcc", "arm-linux-gnueabi-gcc")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                assertThat(Path.of(dir, gcc))
                        .as("a C cross compiler must not be needed")
                        .doesNotExist();
            }
        }
        assertThat(Bench.get("bench.noArmGcc")).isEqualTo("true");
    }

    @Test
    void jniLibraryAtGlibc228LoadsInTheArmJvmsOfBothPis() throws Exception {
        jniHelloOnBothPis("2.28");
    }

    @Test
    void jniLibraryAtGlibc231LoadsInTheArmJvmsOfBothPis() throws Exception {
        jniHelloOnBothPis("2.31");
    }

    private void jniHelloOnBothPis(String floor) throws Exception {
        // given
        Path project = ItSupport.example("jni-hello", "jni-hello-pi-" + floor);

        // when
        ItSupport.MavenResult result = maven(
                        project,
                        List.of("install"),
                        props("rust.targets=" + ARMV7 + "," + AARCH64, "rust.glibc=" + floor))
                .assertSuccess();

        // then: checked, attached, and no glibc version above the floor
        assertThat(result.log())
                .contains("libjni_hello.so  " + ARMV7 + "  ELF32 ARM EABI5 hard-float  glibc>=")
                .contains("libjni_hello.so  " + AARCH64 + "  ELF64 AArch64  glibc>=")
                .contains("Linking " + ARMV7 + " with")
                .contains("against glibc " + floor + " stubs");
        for (String triple : List.of(ARMV7, AARCH64)) {
            ElfFile elf = ElfFile.read(project.resolve("target/cargo/" + triple + "/release/libjni_hello.so"));
            assertThat(elf.highestGlibcVersion())
                    .hasValueSatisfying(v ->
                            assertThat(v.compareTo(GlibcVersion.parse(floor))).isLessThanOrEqualTo(0));
            assertThat(elf.soname()).contains("libjni_hello.so");
        }
        String jar = installed("dev.rustmaven.examples", "jni-hello", VERSION, null, "jar")
                .toString();
        assertThat(runJniHello(Bench.Pi.ARMHF, jar, ARMV7))
                .contains("Hello, IT, from Rust on arm-linux!")
                .contains("add(2, 40) = 42")
                .contains("checksum(1..100) = 73fdb0feee7cb8bd");
        assertThat(runJniHello(Bench.Pi.ARM64, jar, AARCH64))
                .contains("Hello, IT, from Rust on aarch64-linux!")
                .contains("add(2, 40) = 42")
                .contains("checksum(1..100) = 73fdb0feee7cb8bd");
    }

    private static String runJniHello(Bench.Pi pi, String jar, String triple) throws Exception {
        Path nativeJar = installed("dev.rustmaven.examples", "jni-hello", VERSION, triple, "jar");
        String classPath = String.join(
                ":", jar, nativeJar.toString(), ItSupport.loaderJar().toString());
        ItSupport.ProgramResult run = pi.java(
                null,
                List.of(
                        "-Ddev.rustmaven.loader.cacheDir=" + ItSupport.work().resolve("native-cache-" + pi),
                        "-cp",
                        classPath,
                        "dev.rustmaven.examples.hello.Main",
                        "IT"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run.output();
    }

    @Test
    void staticMuslExecutablesRunOnBothPisAndArmv7CodeIsRefusedByAPiZeroCpu() throws Exception {
        Path project = ItSupport.example("pi-hello", "pi-hello-musl");

        ItSupport.MavenResult result = maven(
                        project, List.of("install"), props("rust.targets=" + ARMV7_MUSL + "," + AARCH64_MUSL))
                .assertSuccess();

        assertThat(result.log()).contains("pi-hello  " + ARMV7_MUSL + "  ELF32 ARM EABI5 hard-float  static");
        Path arm = executable(installed("dev.rustmaven.examples", "pi-hello", VERSION, ARMV7_MUSL, "bin"));
        Path aarch64 = executable(installed("dev.rustmaven.examples", "pi-hello", VERSION, AARCH64_MUSL, "bin"));
        assertThat(Bench.Pi.ARMHF.run(null, arm, List.of("IT")).output())
                .contains("Hello, IT, from pi-hello on arm-linux!")
                .contains("primes below 10000: 1229");
        assertThat(Bench.Pi.ARM64.run(null, aarch64, List.of("IT")).output())
                .contains("Hello, IT, from pi-hello on aarch64-linux!")
                .contains("primes below 10000: 1229");
        // An ARMv7 build must not run on the ARMv6 CPU of a Pi Zero: the emulated Pi Zero refuses it.
        assertThat(Bench.Pi.ARMHF.run("arm1176", arm, List.of("IT")).exitCode()).isNotZero();
    }

    @Test
    void programWithDependenciesBuildScriptAndProcMacroRunsOnBothPis() throws Exception {
        Bench.requireDebianCrates();
        Path project = ItSupport.project("deps-tool");

        maven(project, List.of("install"), props("rust.targets=" + ARMV7_MUSL + "," + AARCH64_MUSL))
                .assertSuccess();

        for (var pi : List.of(Bench.Pi.ARMHF, Bench.Pi.ARM64)) {
            String triple = pi == Bench.Pi.ARMHF ? ARMV7_MUSL : AARCH64_MUSL;
            Path exe = executable(installed("dev.rustmaven.it", "deps-tool", "1.0", triple, "bin"));
            ItSupport.ProgramResult run = pi.run(null, exe, List.of());
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output())
                    .contains("built for " + triple)
                    .contains("[{\"model\":\"Pi 4 Model B\",\"cores\":4},{\"model\":\"Pi 5\",\"cores\":4}]");
        }
    }

    @Test
    void aGlibcFunctionNewerThanTheFloorFailsWithTheLowestFloorThatHasIt() throws Exception {
        Path project = ItSupport.project("new-glibc-symbol");

        // one cargo builds both targets and fails: the plugin then builds them one by one, and the failure names
        // the first that fails, with the explanation of its link against the floor
        ItSupport.MavenResult result = maven(
                        project, List.of("package"), props("rust.targets=" + AARCH64 + "," + ARMV7, "rust.glibc=2.24"))
                .assertFailure();

        assertThat(result.log())
                .contains("with one cargo")
                .contains("cargo failed building the targets together (exit code")
                .contains("cargo build failed for target " + AARCH64 + " (exit code")
                .contains("undefined symbol: getrandom")
                .contains("`getrandom` does not exist at glibc 2.24; the lowest floor that has it is 2.25");

        maven(project, List.of("package"), props("rust.targets=" + AARCH64 + "," + ARMV7, "rust.glibc=2.25"))
                .assertSuccess();
    }

    @Test
    void aJniLibraryForAMuslTargetIsRefusedWithTheGnuTripleToUse() throws Exception {
        Path project = ItSupport.example("jni-hello", "jni-hello-musl");

        ItSupport.MavenResult result = maven(project, List.of("package"), props("rust.targets=" + ARMV7_MUSL))
                .assertFailure();

        assertThat(result.log()).contains("musl target").contains("(" + ARMV7 + ")");
    }

    @Test
    void gnuExecutablesLinkWithTheStartFilesOfATargetSysrootAndRunOnBothPis() throws Exception {
        for (var pi : List.of(Bench.Pi.ARMHF, Bench.Pi.ARM64)) {
            String triple = pi == Bench.Pi.ARMHF ? ARMV7 : AARCH64;
            String root = Bench.get(pi == Bench.Pi.ARMHF ? "pi.armhf.root" : "pi.arm64.root");
            Path project = ItSupport.example("pi-hello", "pi-hello-gnu-" + triple);

            ItSupport.MavenResult result = maven(
                            project, List.of("install"), props("rust.targets=" + triple, "rust.sysroot=" + root))
                    .assertSuccess();

            assertThat(result.log()).contains("pi-hello  " + triple + "  ELF").contains("glibc>=");
            Path exe = executable(installed("dev.rustmaven.examples", "pi-hello", VERSION, triple, "bin"));
            ElfFile elf = ElfFile.read(exe);
            assertThat(elf.interpreter()).isPresent();
            assertThat(elf.highestGlibcVersion())
                    .hasValueSatisfying(v ->
                            assertThat(v.compareTo(GlibcVersion.parse("2.28"))).isLessThanOrEqualTo(0));
            ItSupport.ProgramResult run = pi.run(null, exe, List.of("gnu"));
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("Hello, gnu, from pi-hello on").contains("primes below 10000: 1229");
        }
    }

    @Test
    void aPiZeroGnuExecutableWithoutASysrootIsRefusedDebiansArmv7StartFilesAndPointedToTheMuslTriple()
            throws Exception {
        Path project = ItSupport.example("pi-hello", "pi-hello-gnu-armv6");

        ItSupport.MavenResult result = maven(
                        project, List.of("package"), props("rust.targets=arm-unknown-linux-gnueabihf"))
                .assertFailure();

        assertThat(result.log())
                .contains("is ARMv6: an executable starting with it would crash on the Pi")
                .contains("<sysroot> (rust.sysroot)")
                .contains("arm-unknown-linux-musleabihf");
    }

    private static Path executable(Path installed) throws Exception {
        Path copy = ItSupport.work().resolve("bin").resolve(installed.getFileName());
        Files.createDirectories(copy.getParent());
        Files.copy(installed, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        return copy;
    }
}
