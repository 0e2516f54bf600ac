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
                .contains("Attached 2 artifacts to dev.rustmaven.examples:jni-hello:0.1.0-SNAPSHOT (so:" + host
                        + ", jar:" + host + ")")
                .contains("[INFO] Rust build summary:")
                .containsPattern(
                        "\\[INFO\\] " + java.util.regex.Pattern.quote(host) + " +libjni_hello\\.so +[0-9.]+ [kM]?B ");
        // Maven 3.8 itself writes colour resets even in batch mode; the plugin's own lines are plain text.
        assertThat(pluginLines(result.log())).isNotEmpty().noneMatch(l -> l.contains("\u001b"));
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
    void aSecondPackageWithNothingChangedRunsNoCargoAndLeavesTheJarAloneATouchedSourceBuildsAgain() throws Exception {
        // given
        Path project = ItSupport.example("jni-hello", "jni-hello-noop");
        maven(project, List.of("package"), "rust.targets=" + host).assertSuccess();
        Path jar = project.resolve("target/jni-hello-0.1.0-SNAPSHOT-" + host + ".jar");
        byte[] bytes = Files.readAllBytes(jar);
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(jar);

        // when: nothing changed, and install needs the attached artifacts still
        ItSupport.MavenResult second =
                maven(project, List.of("install"), "rust.targets=" + host).assertSuccess();

        // then
        assertThat(second.log())
                .containsPattern(
                        "\\[INFO\\] Rust outputs are up to date \\(no change in [1-9][0-9]* inputs\\); cargo not run")
                .doesNotContain("[" + host + "]")
                .contains("up to date");
        assertThat(Files.getLastModifiedTime(jar)).isEqualTo(written);
        assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
        assertThat(installed("dev.rustmaven.examples", "jni-hello", "0.1.0-SNAPSHOT", host, "jar"))
                .hasBinaryContent(bytes);
        assertThat(installed("dev.rustmaven.examples", "jni-hello", "0.1.0-SNAPSHOT", host, "so"))
                .isRegularFile();

        // and when: a source is touched
        Path lib = project.resolve("src/main/rust/src/lib.rs");
        Files.setLastModifiedTime(lib, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        ItSupport.MavenResult third =
                maven(project, List.of("package"), "rust.targets=" + host).assertSuccess();

        // then
        assertThat(third.log())
                .contains("[" + host + "]    Compiling jni-hello v0.1.0")
                .doesNotContain("Rust outputs are up to date");
        assertThat(ItSupport.maven(project, List.of("package"), "rust.targets=" + host, "rust.force=true")
                        .assertSuccess()
                        .log())
                .contains("[" + host + "] ")
                .doesNotContain("Rust outputs are up to date");
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

    /** The lines the rust:build execution logged: from its header to the next plugin's. */
    static List<String> pluginLines(String log) {
        List<String> lines = new java.util.ArrayList<>();
        boolean inside = false;
        for (String line : log.split("\n")) {
            if (line.contains("--- ")) {
                inside = line.contains("--- rust-maven-plugin:");
            } else if (inside) {
                lines.add(line);
            }
        }
        return lines;
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
