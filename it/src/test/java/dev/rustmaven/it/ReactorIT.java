package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.installed;
import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reactor of three crate modules (src/test/projects/reactor): mm-core (a cdylib and rlib crate), mm-tool (an
 * executable whose crate uses mm-core's by a cargo path dependency) and mm-duo (two crates built by two
 * executions, one with a classifier prefix). Built once with {@code -T 1} and once with {@code -T 2}, in two
 * different directories: each module's artifacts are its own, and both builds give the same bytes.
 */
class ReactorIT {

    private static final String GROUP = "dev.rustmaven.it.reactor";
    private static final List<String> MODULES = List.of("mm-core", "mm-tool", "mm-duo");

    private static String host;
    private static Path serial;
    private static Path parallel;
    private static ItSupport.MavenResult parallelResult;

    @BeforeAll
    static void buildTwice() throws Exception {
        host = ItSupport.hostTriple();
        for (String module : MODULES) {
            ItSupport.deleteRecursively(
                    installed(GROUP, module, "1.0", null, "pom").getParent());
        }
        serial = ItSupport.projectAs("reactor", "reactor-t1");
        maven(
                        serial,
                        List.of("-T", "1", "package"),
                        false,
                        ItSupport.settings(),
                        jobsSeen(serial),
                        "rust.targets=" + host)
                .assertSuccess();
        parallel = ItSupport.projectAs("reactor", "reactor-t2");
        parallelResult = maven(
                        parallel,
                        List.of("-T", "2", "install"),
                        false,
                        ItSupport.settings(),
                        jobsSeen(parallel),
                        "rust.targets=" + host)
                .assertSuccess();
    }

    /**
     * A compiler wrapper that notes the jobserver each rustc call of the build gets from cargo, one line per call
     * in {@code <project>/target-jobs.log}.
     */
    private static Map<String, String> jobsSeen(Path project) throws IOException {
        Path wrapper = project.resolve("note-jobs.sh");
        Files.writeString(
                wrapper,
                "#!/bin/sh\nprintf '%s\\n' \"$CARGO_MAKEFLAGS\" >> '" + project.resolve("target-jobs.log")
                        + "'\nexec \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of("RUSTC_WRAPPER", wrapper.toString());
    }

    /** The jobservers the rustc calls of a build got: a parallel build shares one (a named pipe on descriptor 3) among its cargos. */
    @Test
    void theCargosOfAParallelBuildShareOneJobserverWithAsManyJobsAsCores() throws Exception {
        List<String> parallelJobs = Files.readAllLines(parallel.resolve("target-jobs.log"));
        List<String> serialJobs = Files.readAllLines(serial.resolve("target-jobs.log"));
        int cores = Runtime.getRuntime().availableProcessors();

        // -T 2: cargo gets the plugin's jobserver (-j<cores>, the pipe on descriptor 3) and hands it to rustc
        assertThat(parallelJobs).isNotEmpty();
        assertThat(parallelJobs)
                .anySatisfy(l -> assertThat(l).isEqualTo("-j" + cores + " --jobserver-fds=3,3 --jobserver-auth=3,3"));
        assertThat(parallelJobs.stream().filter(l -> !l.isEmpty()))
                .as("the jobservers of the -T 2 build's rustc calls: " + parallelJobs)
                .allSatisfy(l -> assertThat(l).endsWith("--jobserver-auth=3,3"));
        assertThat(serialJobs).isNotEmpty().noneMatch(l -> l.matches("-j[0-9].*"));
    }

    @Test
    void aParallelBuildInstallsEachModulesOwnArtifactsUnderItsOwnClassifiers() throws Exception {
        // then: it ran on two threads, and every module installed what it built, and nothing else
        assertThat(parallelResult.log()).contains("thread count of 2");
        // mm-tool's path dependency is in the reactor's cargo workspace: nothing to warn about
        assertThat(parallelResult.log()).doesNotContain("lies outside the cargo workspace");
        assertThat(installedFiles("mm-core"))
                .containsExactlyInAnyOrder(
                        "mm-core-1.0.pom",
                        "mm-core-1.0.jar",
                        "mm-core-1.0-" + host + ".so",
                        "mm-core-1.0-" + host + ".jar");
        assertThat(installedFiles("mm-tool"))
                .containsExactlyInAnyOrder("mm-tool-1.0.pom", "mm-tool-1.0-" + host + ".bin");
        assertThat(installedFiles("mm-duo"))
                .containsExactlyInAnyOrder(
                        "mm-duo-1.0.pom",
                        "mm-duo-1.0.jar",
                        "mm-duo-1.0-" + host + ".so",
                        "mm-duo-1.0-" + host + ".jar",
                        "mm-duo-1.0-beta-" + host + ".so",
                        "mm-duo-1.0-beta-" + host + ".jar");

        assertThat(nativeEntries(installed(GROUP, "mm-core", "1.0", host, "jar")))
                .containsExactly(
                        "META-INF/native/" + host + "/libmm_core.so",
                        "META-INF/native/" + host + "/libmm_core.so.properties");
        assertThat(nativeEntries(installed(GROUP, "mm-duo", "1.0", host, "jar")))
                .containsExactly(
                        "META-INF/native/" + host + "/libmm_alpha.so",
                        "META-INF/native/" + host + "/libmm_alpha.so.properties");
        assertThat(nativeEntries(installed(GROUP, "mm-duo", "1.0", "beta-" + host, "jar")))
                .containsExactly(
                        "META-INF/native/" + host + "/libmm_beta.so",
                        "META-INF/native/" + host + "/libmm_beta.so.properties");
        assertThat(nativeEntries(installed(GROUP, "mm-core", "1.0", null, "jar")))
                .isEmpty();

        assertSameFile(installed(GROUP, "mm-core", "1.0", host, "so"), output(parallel, "mm-core", "libmm_core.so"));
        assertSameFile(installed(GROUP, "mm-duo", "1.0", host, "so"), output(parallel, "mm-duo", "libmm_alpha.so"));
        assertSameFile(
                installed(GROUP, "mm-duo", "1.0", "beta-" + host, "so"), output(parallel, "mm-duo", "libmm_beta.so"));
        assertThat(parallelResult.log())
                .contains("Attached 2 artifacts to " + GROUP + ":mm-duo:1.0 (so:" + host + ", jar:" + host + ")")
                .contains("Attached 2 artifacts to " + GROUP + ":mm-duo:1.0 (so:beta-" + host + ", jar:beta-" + host
                        + ")");

        // and the executable, which has mm-core's code in it, runs
        Path tool = parallel.resolve("mm-tool/target/mm-tool-run");
        Files.copy(installed(GROUP, "mm-tool", "1.0", host, "bin"), tool);
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        ItSupport.ProgramResult run = ItSupport.run(List.of(tool.toString()), 60);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("mm-tool: answer 42 pick 2");
    }

    @Test
    void serialAndParallelBuildsInDifferentDirectoriesGiveTheSameBytes() throws Exception {
        // given: every native output, attached file and jar of the -T 1 build
        List<String> files = new ArrayList<>();
        for (String module : MODULES) {
            try (Stream<Path> jars = Files.list(serial.resolve(module).resolve("target"))) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
                        .forEach(p -> files.add(serial.relativize(p).toString()));
            }
        }
        for (String[] output : new String[][] {
            {"mm-core", "libmm_core.so"},
            {"mm-tool", "mm-tool"},
            {"mm-duo", "libmm_alpha.so"},
            {"mm-duo", "libmm_beta.so"}
        }) {
            files.add(serial.relativize(output(serial, output[0], output[1])).toString());
        }
        assertThat(files)
                .as("the -T 1 build's jars and outputs")
                .contains(
                        "mm-core/target/mm-core-1.0.jar",
                        "mm-core/target/mm-core-1.0-" + host + ".jar",
                        "mm-duo/target/mm-duo-1.0-beta-" + host + ".jar")
                .hasSize(9);

        // then: the -T 2 build in the other directory has the same bytes
        List<String> differences = SameBytes.differences(serial, parallel, files);
        assertThat(differences)
                .as("files that differ between " + serial + " (-T 1) and " + parallel + " (-T 2):\n"
                        + String.join("\n", differences))
                .isEmpty();
    }

    @Test
    void twoExecutionsWithTheSameClassifiersFailNamingBothAndTheParameter() throws Exception {
        // given: mm-duo with its second execution's prefix taken away
        Path project = ItSupport.projectAs("reactor", "reactor-clash");

        // when
        ItSupport.MavenResult result =
                maven(project, List.of("-pl", "mm-duo", "compile"), "rust.targets=" + host, "duo.betaPrefix=");

        // then
        result.assertFailure();
        assertThat(result.log())
                .contains("The rust:build executions 'default'")
                .contains("and 'beta' (crate " + project.resolve("mm-duo/src/main/rust/beta"))
                .contains("Set a different <classifierPrefix>")
                .contains("<classifierPrefix>beta</classifierPrefix>");
    }

    /** The artifact files the IT repository holds for a module (not Maven's own metadata files). */
    private static List<String> installedFiles(String module) throws Exception {
        try (Stream<Path> files =
                Files.list(installed(GROUP, module, "1.0", null, "pom").getParent())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(module + "-1.0"))
                    .toList();
        }
    }

    private static List<String> nativeEntries(Path jar) throws Exception {
        return HostBuildIT.jarEntries(jar).stream()
                .filter(e -> e.startsWith("META-INF/native/") && !e.endsWith("/"))
                .toList();
    }

    /** Where cargo left an output of a module: {@code target/cargo/<triple>/release/<name>}. */
    private static Path output(Path reactor, String module, String name) throws Exception {
        Path cargo = reactor.resolve(module).resolve("target/cargo");
        try (Stream<Path> files = Files.walk(cargo)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().equals(name)
                            && p.getParent().getFileName().toString().equals("release")
                            && Files.isRegularFile(p))
                    .toList();
            assertThat(found).as(name + " in " + cargo).hasSize(1);
            return found.get(0);
        }
    }

    private static void assertSameFile(Path installed, Path built) throws Exception {
        assertThat(installed).isRegularFile();
        assertThat(Files.readAllBytes(installed)).as(installed + " is " + built).isEqualTo(Files.readAllBytes(built));
    }
}
