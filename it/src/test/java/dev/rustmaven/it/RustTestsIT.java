package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * {@code rust:test}: a crate's Rust tests run in Maven's test phase on the host and, under the bench's
 * qemu-user, for the Pis; results in Surefire's XML; a failing test fails the build; the skip switches.
 */
class RustTestsIT {

    private static final String ARMV7_MUSL = "armv7-unknown-linux-musleabihf";
    private static final String AARCH64_MUSL = "aarch64-unknown-linux-musl";
    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    private static final String AARCH64 = "aarch64-unknown-linux-gnu";

    @RegisterExtension
    static final DistMirror server = new DistMirror();

    private static String[] props(String... more) {
        return Bench.buildProperties(server.url(), ItSupport.work().resolve("cache-rust-tests"), more);
    }

    /** The counts of a report: tests, failures, errors, skipped. */
    private static List<String> counts(Path project, String suite) throws Exception {
        Path report = project.resolve("target/surefire-reports/TEST-" + suite + ".xml");
        assertThat(report).isRegularFile();
        Element root = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(report.toFile())
                .getDocumentElement();
        assertThat(root.getAttribute("name")).isEqualTo(suite);
        return List.of(
                root.getAttribute("tests"),
                root.getAttribute("failures"),
                root.getAttribute("errors"),
                root.getAttribute("skipped"));
    }

    /** The crate's tests all passed on {@code triple}; on the host its doc test ran too. */
    private static void assertAllPassed(Path project, ItSupport.MavenResult result, String triple) throws Exception {
        boolean host = triple.equals(Bench.get("rust.host"));
        assertThat(counts(project, triple + ".lib.rust_tests")).containsExactly("4", "0", "0", "1");
        assertThat(counts(project, triple + ".test.pointer")).containsExactly("2", "0", "0", "0");
        assertThat(result.log())
                .contains("Rust tests for " + triple + ": "
                        + (host
                                ? "6 passed, 0 failed, 1 ignored in 3 test suites"
                                : "5 passed, 0 failed, 1 ignored in 2 test suites"))
                .contains("test tests::reads_the_gpio ... ignored, needs real hardware");
        if (host) {
            assertThat(counts(project, triple + ".doc.rust_tests")).containsExactly("1", "0", "0", "0");
        } else {
            assertThat(result.log()).contains("Doc tests run on the host only: not run for " + triple + ".");
            assertThat(project.resolve("target/surefire-reports/TEST-" + triple + ".doc.rust_tests.xml"))
                    .doesNotExist();
        }
    }

    @Test
    void hostTestsPassAndTheReportsCountThem() throws Exception {
        String host = Bench.get("rust.host");
        Path project = ItSupport.projectAs("rust-tests", "rust-tests-host");

        ItSupport.MavenResult result = maven(project, List.of("test"), props()).assertSuccess();

        assertAllPassed(project, result, host);
    }

    @Test
    void muslTestsRunOnBothPisThroughTheRunnerSetting() throws Exception {
        for (String[] target : List.of(
                new String[] {ARMV7_MUSL, Bench.get("qemu.arm")},
                new String[] {AARCH64_MUSL, Bench.get("qemu.aarch64")})) {
            Path project = ItSupport.projectAs("rust-tests", "rust-tests-" + target[0]);

            ItSupport.MavenResult result = maven(
                            project,
                            List.of("test"),
                            props("rust.testTargets=" + target[0], "rust.runner=" + target[1]))
                    .assertSuccess();

            assertAllPassed(project, result, target[0]);
            assertThat(result.log()).contains("Running the tests of " + target[0] + " through " + target[1]);
        }
    }

    @Test
    void gnuTestsRunOnBothPisUnderQemuFromThePathWithThePiRootAsSysroot() throws Exception {
        for (String[] target : List.of(
                new String[] {ARMV7, "qemu.arm", "pi.armhf.root"},
                new String[] {AARCH64, "qemu.aarch64", "pi.arm64.root"})) {
            Path qemu = Path.of(Bench.get(target[1]));
            String root = Bench.get(target[2]);
            Map<String, String> path = Map.of("PATH", qemu.getParent() + File.pathSeparator + System.getenv("PATH"));
            Path project = ItSupport.projectAs("rust-tests", "rust-tests-" + target[0]);

            ItSupport.MavenResult result = maven(
                            project,
                            List.of("test"),
                            false,
                            ItSupport.settings(),
                            path,
                            props("rust.testTargets=" + target[0], "rust.sysroot=" + root))
                    .assertSuccess();

            assertAllPassed(project, result, target[0]);
            assertThat(result.log())
                    .contains("through " + qemu + " -L " + root + " (" + qemu.getFileName() + " on the PATH)");
        }
    }

    @Test
    void armv7TestExecutablesDieOnTheArmv6CpuOfAPiZeroAndFailTheBuild() throws Exception {
        Path project = ItSupport.projectAs("rust-tests", "rust-tests-arm1176");

        ItSupport.MavenResult result = maven(
                        project,
                        List.of("test"),
                        props(
                                "rust.testTargets=" + ARMV7_MUSL,
                                "rust.runner=" + Bench.get("qemu.arm") + " -cpu arm1176"))
                .assertFailure();

        // ARMv7 code is an illegal instruction on the ARMv6 CPU: the executable dies before libtest's result
        assertThat(result.log())
                .contains(ARMV7_MUSL + ".lib.rust_tests: the test binary ended (exit code")
                .contains("before libtest reported a result");
        assertThat(counts(project, ARMV7_MUSL + ".lib.rust_tests").get(2)).isEqualTo("1");
    }

    @Test
    void theTestsOfACdylibOnlyCrateRunToo() throws Exception {
        String host = Bench.get("rust.host");
        Path project = ItSupport.projectAs("rust-tests", "rust-tests-cdylib");
        Path crate = project.resolve("src/main/rust");
        // A JNI library's crate: only a cdylib, so no integration tests (they need an rlib) and no doc tests.
        Files.writeString(
                crate.resolve("Cargo.toml"),
                Files.readString(crate.resolve("Cargo.toml")) + "\n[lib]\ncrate-type = [\"cdylib\"]\n");
        ItSupport.deleteRecursively(crate.resolve("tests"));

        ItSupport.MavenResult result = maven(project, List.of("test"), props()).assertSuccess();

        assertThat(counts(project, host + ".lib.rust_tests")).containsExactly("4", "0", "0", "1");
        assertThat(result.log())
                .contains("Rust tests for " + host + ": 3 passed, 0 failed, 1 ignored in 1 test suite,");
        assertThat(project.resolve("target/surefire-reports/TEST-" + host + ".doc.rust_tests.xml"))
                .doesNotExist();
    }

    @Test
    void aFailingTestFailsTheBuildAndIsNamedInTheLogAndTheReport() throws Exception {
        String host = Bench.get("rust.host");
        Path project = ItSupport.projectAs("rust-tests", "rust-tests-failing");

        ItSupport.MavenResult result =
                maven(project, List.of("test"), props("rust.features=failing")).assertFailure();

        assertThat(result.log())
                .contains("Rust tests for " + host + ": 6 passed, 1 failed, 1 ignored")
                .contains("Rust tests failed:")
                .contains(host + ".lib.rust_tests: tests::wrong_sum")
                .contains("The reports are in " + project.resolve("target/surefire-reports"));
        assertThat(counts(project, host + ".lib.rust_tests")).containsExactly("5", "1", "0", "1");
        assertThat(java.nio.file.Files.readString(
                        project.resolve("target/surefire-reports/TEST-" + host + ".lib.rust_tests.xml")))
                .contains("two and two")
                .contains("computing 2 + 2 on 64 bits");
    }

    @Test
    void eachSkipSwitchRunsNoTestAndSaysWhy() throws Exception {
        for (String property : List.of("skipTests", "maven.test.skip", "rust.test.skip")) {
            Path project = ItSupport.projectAs("rust-tests", "rust-tests-skip-" + property);

            ItSupport.MavenResult result =
                    maven(project, List.of("test"), props(property + "=true")).assertSuccess();

            assertThat(result.log()).contains("Skipping the Rust tests: " + property + " is true");
            assertThat(result.log()).doesNotContain("Rust tests for ");
            assertThat(project.resolve("target/surefire-reports")).doesNotExist();
        }
    }
}
