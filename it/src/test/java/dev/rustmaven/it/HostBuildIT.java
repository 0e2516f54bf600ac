package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.installed;
import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The examples built for the host with {@code mvn install}, then used from the IT repository. */
class HostBuildIT {

    private static String host;

    @BeforeAll
    static void hostTriple() throws Exception {
        host = ItSupport.hostTriple();
    }

    @Test
    void jniHelloInstallsItsClassifiedLibraryWhichAJavaProgramLoadsAndCalls() throws Exception {
        // given
        Path project = ItSupport.example("jni-hello", "jni-hello-host");

        // when
        ItSupport.MavenResult result =
                maven(project, List.of("install"), "rust.targets=" + host).assertSuccess();

        // then
        Path so = installed("dev.rustmaven.examples", "jni-hello", "0.1.0-SNAPSHOT", host, "so");
        Path jar = installed("dev.rustmaven.examples", "jni-hello", "0.1.0-SNAPSHOT", null, "jar");
        assertThat(so).isRegularFile();
        assertThat(jar).isRegularFile();
        assertThat(Files.readAllBytes(so)).startsWith(0x7f, 'E', 'L', 'F');
        assertThat(result.log())
                .contains(
                        "Attached libjni_hello.so as dev.rustmaven.examples:jni-hello:so:" + host + ":0.1.0-SNAPSHOT");
        assertThat(result.log()).contains("[" + host + "]    Compiling jni-hello v0.1.0");

        Path classifierJar = installed("dev.rustmaven.examples", "jni-hello", "0.1.0-SNAPSHOT", host, "jar");
        assertThat(jarEntries(classifierJar))
                .contains(
                        "META-INF/native/" + host + "/libjni_hello.so",
                        "META-INF/native/" + host + "/libjni_hello.so.properties");
        assertThat(jarEntries(jar)).noneMatch(e -> e.startsWith("META-INF/native/"));

        String classPath = String.join(
                java.io.File.pathSeparator,
                jar.toString(),
                classifierJar.toString(),
                ItSupport.loaderJar().toString());
        ItSupport.ProgramResult run = ItSupport.run(
                List.of(
                        ItSupport.java(),
                        "-Ddev.rustmaven.loader.cacheDir=" + project.resolve("target/native-cache"),
                        "-cp",
                        classPath,
                        "dev.rustmaven.examples.hello.Main",
                        "Maven"),
                120);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("add(2, 40) = 42")
                .contains("checksum(1..100) = 73fdb0feee7cb8bd")
                .contains("Hello, Maven, from Rust on " + host.substring(0, host.indexOf('-')) + "-linux!");
    }

    @Test
    void bundlePutsTheLibraryIntoTheMainJarAndAttachesNoClassifierJar() throws Exception {
        Path project = ItSupport.example("jni-hello", "jni-hello-bundle");

        maven(project, List.of("package"), "rust.bundle=true", "rust.targets=" + host)
                .assertSuccess();

        Path mainJar = project.resolve("target/jni-hello-0.1.0-SNAPSHOT.jar");
        assertThat(jarEntries(mainJar))
                .contains("META-INF/native/" + host + "/libjni_hello.so", "dev/rustmaven/examples/hello/Hello.class");
        assertThat(project.resolve("target/jni-hello-0.1.0-SNAPSHOT-" + host + ".jar"))
                .doesNotExist();
    }

    static List<String> jarEntries(Path jar) throws Exception {
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
            return j.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }

    @Test
    void piHelloInstallsItsExecutableWhichRuns() throws Exception {
        Path project = ItSupport.example("pi-hello", "pi-hello-host");

        maven(project, List.of("install"), "rust.targets=" + host).assertSuccess();

        Path exe = installed("dev.rustmaven.examples", "pi-hello", "0.1.0-SNAPSHOT", host, "bin");
        assertThat(exe).isRegularFile();
        Path runnable = project.resolve("target/pi-hello");
        Files.copy(exe, runnable);
        Files.setPosixFilePermissions(runnable, PosixFilePermissions.fromString("rwxr-xr-x"));
        ItSupport.ProgramResult run = ItSupport.run(List.of(runnable.toString(), "IT"), 60);
        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).contains("Hello, IT, from pi-hello on").contains("primes below 10000: 1229");
    }
}
