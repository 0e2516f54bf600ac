package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.elf.ArmAttributes;
import dev.rustmaven.elf.ElfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Build scripts that compile C, C++ and assembly with the {@code cc} crate, cross-compiled with the host's
 * clang and target headers the plugin installs from (the bench's copy of) the Debian archive: JNI libraries
 * run in the emulated Pis' JVMs, static musl programs under qemu, and the glibc floor holds for C code.
 */
class CCodeIT {

    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    private static final String ARMV6 = "arm-unknown-linux-gnueabihf";
    private static final String AARCH64 = "aarch64-unknown-linux-gnu";
    private static final String ARMV7_MUSL = "armv7-unknown-linux-musleabihf";
    private static final String AARCH64_MUSL = "aarch64-unknown-linux-musl";

    @RegisterExtension
    static final DistMirror server = new DistMirror();

    private static Path classes;

    private static String[] props(String... more) {
        return Bench.buildProperties(server.url(), ItSupport.work().resolve("cache-c-code"), more);
    }

    /** {@code CMix}: loads the library named on the command line and prints what its native method says. */
    @BeforeAll
    static void compileTheJavaSide() throws Exception {
        Bench.requireDebianCrates();
        classes = ItSupport.work().resolve("c-mix-classes");
        Files.createDirectories(classes);
        Path mix = classes.resolve("CMix.java");
        Files.writeString(mix, """
                public class CMix {
                    static native String mix(int n);

                    public static void main(String[] args) {
                        System.load(args[0]);
                        System.out.println(mix(21));
                    }
                }
                """);
        Path ring = classes.resolve("CRing.java");
        Files.writeString(ring, """
                public class CRing {
                    static native String sha256(int n);

                    public static void main(String[] args) {
                        System.load(args[0]);
                        System.out.println("sha256(abc) = " + sha256(1));
                    }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(
                        null, null, null, "--release", "17", "-d", classes.toString(), mix.toString(), ring.toString()))
                .isZero();
    }

    @Test
    void cCxxAndAssemblyOfABuildScriptRunInTheJvmsOfBothPis() throws Exception {
        Path project = ItSupport.projectAs("c-mix", "c-mix-jni");

        ItSupport.MavenResult result = maven(
                        project, List.of("package"), props("rust.targets=" + ARMV7 + "," + AARCH64 + "," + ARMV6))
                .assertSuccess();

        for (String triple : List.of(ARMV7, AARCH64, ARMV6)) {
            assertThat(result.log())
                    .contains("C for " + triple + " (c-mix v0.1.0 (through cc)): ")
                    .contains("Checked 2 static libraries of C code built by build scripts for " + triple);
        }
        assertThat(result.log()).contains("libc_mix.so  " + ARMV6 + "  ELF32 ARM EABI5 hard-float");
        ElfFile armv6 = ElfFile.read(project.resolve("target/cargo/" + ARMV6 + "/release/libc_mix.so"));
        assertThat(armv6.armAttributes().orElseThrow().cpuArch())
                .as("the Pi Zero's library holds no ARMv7 code, C included")
                .isLessThan(ArmAttributes.CPU_ARCH_V7);

        assertThat(runOnPi(Bench.Pi.ARMHF, project, ARMV7)).contains("21 is odd (long is 4 bytes); twice 42; sum 231");
        assertThat(runOnPi(Bench.Pi.ARM64, project, AARCH64))
                .contains("21 is odd (long is 8 bytes); twice 42; sum 231");
    }

    @Test
    void ringARealCrateWithCAndArmAssemblyHashesInTheJvmsOfBothPis() throws Exception {
        assertThat(Bench.get("crates.cAndAsm")).startsWith("ring=");
        Path project = ItSupport.project("c-ring");

        ItSupport.MavenResult result = maven(
                        project, List.of("package"), props("rust.targets=" + ARMV7 + "," + AARCH64))
                .assertSuccess();

        assertThat(result.log()).contains("C for " + ARMV7 + " (ring v0.16.20 (through cc)): ");
        String abc = "sha256(abc) = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertThat(runOnPi(Bench.Pi.ARMHF, project, ARMV7, "CRing", "libc_ring.so"))
                .contains(abc);
        assertThat(runOnPi(Bench.Pi.ARM64, project, AARCH64, "CRing", "libc_ring.so"))
                .contains(abc);
    }

    private static String runOnPi(Bench.Pi pi, Path project, String triple) throws Exception {
        return runOnPi(pi, project, triple, "CMix", "libc_mix.so");
    }

    private static String runOnPi(Bench.Pi pi, Path project, String triple, String mainClass, String libraryName)
            throws Exception {
        Path library = project.resolve("target/cargo/" + triple + "/release/" + libraryName);
        ItSupport.ProgramResult run = pi.java(null, List.of("-cp", classes.toString(), mainClass, library.toString()));
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run.output();
    }

    @Test
    void staticMuslProgramsWithCAndAssemblyRunOnBothPis() throws Exception {
        Path project = ItSupport.projectAs("c-mix", "c-mix-musl");
        Path manifest = project.resolve("src/main/rust/Cargo.toml");
        // A program only: a musl target builds no JNI library.
        Files.writeString(manifest, Files.readString(manifest).replace("[\"cdylib\", \"rlib\"]", "[\"rlib\"]"));

        // A clang of its own installation without llvm-ar beside it: the plugin's archiver steps in.
        Path clang = ItSupport.work().resolve("clang-alone/clang");
        Files.createDirectories(clang.getParent());
        Files.writeString(clang, "#!/bin/sh\nexec '" + Bench.get("cc.clang") + "' \"$@\"\n");
        Files.setPosixFilePermissions(clang, PosixFilePermissions.fromString("rwxr-xr-x"));

        ItSupport.MavenResult result = maven(
                        project,
                        List.of("package"),
                        props(
                                "rust.targets=" + ARMV7_MUSL + "," + AARCH64_MUSL,
                                "rust.features=program",
                                "rust.noDefaultFeatures=true",
                                "rust.cc=" + clang))
                .assertSuccess();

        assertThat(result.log())
                .contains("C for " + ARMV7_MUSL + " (c-mix v0.1.0 (through cc)): " + clang + " from <cc> (rust.cc)")
                .contains("archiver " + project.resolve("target/rust-maven/ar/rust-maven-ar"));
        for (var pi : List.of(Bench.Pi.ARMHF, Bench.Pi.ARM64)) {
            String triple = pi == Bench.Pi.ARMHF ? ARMV7_MUSL : AARCH64_MUSL;
            Path exe = executable(project.resolve("target/cargo/" + triple + "/release/c-mix"));
            assertThat(ElfFile.read(exe).isStaticExecutable()).isTrue();
            ItSupport.ProgramResult run = pi.run(null, exe, List.of());
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output())
                    .contains("21 is odd (long is " + (pi == Bench.Pi.ARMHF ? 4 : 8) + " bytes); twice 42; sum -1 on "
                            + (pi == Bench.Pi.ARMHF ? "arm" : "aarch64"));
        }
    }

    @Test
    void gnuProgramsLinkWithTheInstalledStartFilesAndAPiZeroProgramIsRefusedThem() throws Exception {
        Path project = ItSupport.projectAs("c-mix", "c-mix-gnu-program");

        maven(project, List.of("package"), props("rust.targets=" + ARMV7 + "," + AARCH64, "rust.features=program"))
                .assertSuccess();

        for (var pi : List.of(Bench.Pi.ARMHF, Bench.Pi.ARM64)) {
            String triple = pi == Bench.Pi.ARMHF ? ARMV7 : AARCH64;
            Path exe = executable(project.resolve("target/cargo/" + triple + "/release/c-mix"));
            assertThat(ElfFile.read(exe).interpreter()).isPresent();
            ItSupport.ProgramResult run = runWithRootLibraries(pi, exe);
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("twice 42; sum 231");
        }

        ItSupport.MavenResult armv6 = maven(
                        project, List.of("package"), props("rust.targets=" + ARMV6, "rust.features=program"))
                .assertFailure();
        assertThat(armv6.log())
                .contains("crt1.o is built for ARM v7, but " + ARMV6 + " is ARMv6")
                .contains("<sysroot> (rust.sysroot)")
                .contains("arm-unknown-linux-musleabihf");
    }

    @Test
    void rustFetchInstallsTheTargetRootSoThatAnOfflineBuildCompilesC() throws Exception {
        Path project = ItSupport.projectAs("c-mix", "c-mix-fetch-offline");
        String[] props = Bench.buildProperties(
                server.url(), ItSupport.work().resolve("cache-c-fetch"), "rust.targets=" + AARCH64);

        ItSupport.MavenResult fetch =
                maven(project, List.of(ItSupport.fetchGoal()), props).assertSuccess();
        ItSupport.MavenResult offline =
                maven(project, List.of("package"), true, props).assertSuccess();

        assertThat(fetch.log())
                .contains("Installed the target root for arm64 from bookworm")
                .contains(AARCH64 + ": rust-std in ")
                .contains("; C headers and start files in ");
        assertThat(offline.log())
                .contains("C for " + AARCH64 + " (c-mix v0.1.0 (through cc)): ")
                .doesNotContain("Downloading");
    }

    @Test
    void cCodeCallingAGlibcFunctionAboveTheFloorFailsNamingTheObject() throws Exception {
        Path project = ItSupport.projectAs("c-mix", "c-mix-new-glibc");

        ItSupport.MavenResult result = maven(
                        project,
                        List.of("package"),
                        props("rust.targets=" + AARCH64, "rust.features=new-glibc", "rust.glibc=2.28"))
                .assertFailure();

        assertThat(result.log())
                .contains("undefined symbol: arc4random")
                .contains("mix.o")
                .contains("`arc4random` does not exist at glibc 2.28; the lowest floor that has it is 2.36");

        maven(
                        project,
                        List.of("package"),
                        props("rust.targets=" + AARCH64, "rust.features=new-glibc", "rust.glibc=2.36"))
                .assertSuccess();
    }

    /**
     * Runs a dynamically linked program on an emulated Pi. Its libraries are in the Pi root's multiarch
     * directories, which a real Pi's loader finds through its ld.so.cache; under qemu-user the root has no
     * cache, and after one failed look-up through qemu's path translation the loader stops searching
     * {@code /lib/<multiarch>} (libstdc++ is in {@code /usr/lib}, libgcc_s in {@code /lib}). Naming both
     * directories by their host paths in {@code LD_LIBRARY_PATH} stands in for the cache.
     */
    private static ItSupport.ProgramResult runWithRootLibraries(Bench.Pi pi, Path exe) throws Exception {
        String root = Bench.get(pi == Bench.Pi.ARMHF ? "pi.armhf.root" : "pi.arm64.root");
        String multiarch = pi == Bench.Pi.ARMHF ? "arm-linux-gnueabihf" : "aarch64-linux-gnu";
        List<String> command = new ArrayList<>(pi.command(null, exe.toString(), List.of()));
        command.addAll(
                1,
                List.of("-E", "LD_LIBRARY_PATH=" + root + "/lib/" + multiarch + ":" + root + "/usr/lib/" + multiarch));
        return ItSupport.run(command, 120);
    }

    private static Path executable(Path built) throws Exception {
        Path copy = ItSupport.work()
                .resolve("bin")
                .resolve(built.getParent().getParent().getFileName() + "-" + built.getFileName());
        Files.createDirectories(copy.getParent());
        Files.copy(built, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        return copy;
    }
}
