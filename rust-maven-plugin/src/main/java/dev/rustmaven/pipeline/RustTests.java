package dev.rustmaven.pipeline;

import dev.rustmaven.cargo.CargoManifest;
import dev.rustmaven.cargo.CargoMessages;
import dev.rustmaven.cargo.TestExecutable;
import dev.rustmaven.config.Setting;
import dev.rustmaven.libtest.LibtestOutput;
import dev.rustmaven.libtest.SurefireReport;
import dev.rustmaven.libtest.TestCaseResult;
import dev.rustmaven.libtest.TestSuiteResult;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.log.Secrets;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.toolchain.ExecutableFinder;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a crate's Rust tests for each test target: builds the test executables with {@code cargo test
 * --no-run} (prepared for the target as a build is), runs each on the host or through the target's
 * {@link TestRunner}, reads libtest's output, writes a Surefire-compatible report per executable and logs
 * one summary line per target.
 */
public final class RustTests {

    private final RustBuild rustBuild;
    private final ProcessRunner runner;
    private final PipelineSettings settings;
    private final BuildLog log;

    RustTests(RustBuild rustBuild, ProcessRunner runner, PipelineSettings settings, BuildLog log) {
        this.rustBuild = rustBuild;
        this.runner = runner;
        this.settings = settings;
        this.log = log;
    }

    /** The results of one target's tests. */
    public record TargetResult(Target target, List<TestSuiteResult> suites, double seconds) {
        public TargetResult {
            suites = List.copyOf(suites);
        }

        public long count(TestCaseResult.Status status) {
            return suites.stream().mapToLong(s -> s.count(status)).sum();
        }

        /** One line for the build's summary. */
        public String summary() {
            long failed = count(TestCaseResult.Status.FAILED);
            long crashed = suites.stream().filter(s -> s.crash().isPresent()).count();
            return String.format(
                    Locale.ROOT,
                    "Rust tests for %s: %d passed, %d failed, %d ignored%s in %d test suite%s, %.1f s",
                    target.triple(),
                    count(TestCaseResult.Status.PASSED),
                    failed,
                    count(TestCaseResult.Status.IGNORED),
                    crashed == 0 ? "" : ", " + crashed + " test suites did not finish",
                    suites.size(),
                    suites.size() == 1 ? "" : "s",
                    seconds);
        }
    }

    /**
     * Builds and runs the tests of every target of the request.
     *
     * @throws BuildException of kind {@link BuildException.Kind#BUILD_FAILED} naming the failed tests when a
     *     test failed, after all targets ran and their reports were written
     */
    public List<TargetResult> test(TestRequest request) throws BuildException {
        BuildRequest build = request.build();
        CargoManifest manifest = rustBuild.checkManifest(build, false);
        Toolchain toolchain = rustBuild.toolchain(build);
        List<Target> targets = rustBuild.targets(build, toolchain);
        List<TargetResult> results = new ArrayList<>();
        for (Target target : targets) {
            results.add(testTarget(request, manifest, toolchain, target));
        }
        results.forEach(r -> log.info(r.summary()));
        List<String> failures = new ArrayList<>();
        for (TargetResult r : results) {
            for (TestSuiteResult suite : r.suites()) {
                suite.failedNames().forEach(n -> failures.add(suite.name() + ": " + n));
                suite.crash().ifPresent(why -> failures.add(suite.name() + ": " + why));
            }
        }
        if (!failures.isEmpty()) {
            throw new BuildException(
                    BuildException.Kind.BUILD_FAILED,
                    "Rust tests failed:" + System.lineSeparator() + "    "
                            + String.join(System.lineSeparator() + "    ", failures) + System.lineSeparator()
                            + "The reports are in " + request.reportsDirectory()
                            + "; each test's output is in the log above.");
        }
        return results;
    }

    private TargetResult testTarget(TestRequest request, CargoManifest manifest, Toolchain toolchain, Target target)
            throws BuildException {
        BuildRequest build = request.build();
        TestRunner testRunner = TestRunner.choose(
                target,
                toolchain.host(),
                request.runner(),
                name -> Optional.ofNullable(build.environment().get(name))
                        .or(() -> Optional.ofNullable(
                                settings.host().environment().get(name)))
                        .filter(v -> !v.isBlank()),
                settings.linking().sysroot(),
                ExecutableFinder.forHost(settings.host())::find,
                settings.names());
        RustBuild.Prepared prepared = rustBuild.prepare(build, manifest, toolchain, target, true);
        log.info("Building the tests of " + manifest.packageName() + " for " + target.triple() + " (" + build.profile()
                + ")");
        CargoMessages messages = rustBuild.runCargo(
                List.of("test", "--no-run"),
                build,
                manifest,
                toolchain,
                target,
                prepared.environment(),
                prepared.plan());
        List<TestExecutable> executables = messages.testExecutables();
        if (executables.isEmpty()) {
            log.warn("cargo built no test executables for " + target + ": the crate has no tests to run.");
        }
        if (!target.triple().equals(toolchain.host())) {
            log.info("Running the tests of " + target.triple() + " through " + String.join(" ", testRunner.prefix())
                    + " (" + testRunner.description() + ")");
        }
        long start = System.nanoTime();
        List<TestSuiteResult> suites = new ArrayList<>();
        for (TestExecutable executable : executables) {
            TestSuiteResult suite = run(request, manifest, target, testRunner, executable);
            writeReport(suite, request);
            suites.add(suite);
        }
        if (hasDocTests(manifest)) {
            if (!target.triple().equals(toolchain.host())) {
                log.info("Doc tests run on the host only: not run for " + target.triple() + ".");
            } else if (request.filter().isPresent()) {
                log.info("Doc tests are not run when a test filter is set.");
            } else {
                Optional<TestSuiteResult> doc = docTests(request, manifest, toolchain, target, prepared);
                if (doc.isPresent()) {
                    writeReport(doc.get(), request);
                    suites.add(doc.get());
                }
            }
        }
        return new TargetResult(target, suites, (System.nanoTime() - start) / 1e9);
    }

    /** Whether cargo runs doc tests for the crate: only a Rust library has them, not a {@code cdylib}-only one. */
    static boolean hasDocTests(CargoManifest manifest) {
        return manifest.library()
                && (manifest.libCrateTypes().contains("lib")
                        || manifest.libCrateTypes().contains("rlib"));
    }

    private static void writeReport(TestSuiteResult suite, TestRequest request) throws BuildException {
        try {
            SurefireReport.write(suite, request.reportsDirectory());
        } catch (IOException e) {
            throw BuildException.environment(
                    "Could not write the test report into " + request.reportsDirectory() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the library's doc tests on the host with {@code cargo test --doc}, whose standard output is
     * libtest's; empty when the library has none cargo can run (a {@code cdylib}-only library).
     */
    private Optional<TestSuiteResult> docTests(
            TestRequest request,
            CargoManifest manifest,
            Toolchain toolchain,
            Target target,
            RustBuild.Prepared prepared)
            throws BuildException {
        String name = target.triple() + ".doc." + manifest.libName();
        log.info("Running " + name);
        LibtestOutput output = new LibtestOutput();
        long start = System.nanoTime();
        Map<String, String> environment = new HashMap<>(prepared.environment());
        // cargo takes rustdoc from the PATH, which may belong to another toolchain than the configured rustc.
        Path rustdoc = toolchain.rustc().resolveSibling("rustdoc");
        if (!settings.host().environment().containsKey("RUSTDOC") && Files.isExecutable(rustdoc)) {
            environment.put("RUSTDOC", rustdoc.toString());
        }
        RustBuild.CargoRun run = rustBuild.runCargo(
                List.of("test", "--doc"),
                request.build(),
                manifest,
                toolchain,
                target,
                environment,
                prepared.plan(),
                output::accept,
                false);
        if (!output.started()) {
            if (run.exitCode() != 0) {
                throw new BuildException(
                        BuildException.Kind.BUILD_FAILED,
                        "cargo test --doc failed for " + target.triple() + " (exit code " + run.exitCode()
                                + ") before running a doc test; cargo's output is in the log above, each line"
                                + " prefixed with [" + target.triple() + "].");
            }
            return Optional.empty();
        }
        return Optional.of(output.result(name, run.exitCode(), (System.nanoTime() - start) / 1e9));
    }

    /** The name of an executable's suite in reports: {@code <triple>.<kind>.<target name>}. */
    static String suiteName(Target target, TestExecutable executable) {
        return target.triple() + "." + executable.kind() + "." + executable.targetName();
    }

    private TestSuiteResult run(
            TestRequest request, CargoManifest manifest, Target target, TestRunner testRunner, TestExecutable exe)
            throws BuildException {
        String name = suiteName(target, exe);
        List<String> arguments = new ArrayList<>();
        request.filter().ifPresent(arguments::add);
        List<String> command = testRunner.command(exe.file(), arguments);
        String prefix = "[" + target.triple() + " " + exe.kind() + " " + exe.targetName() + "] ";
        log.info("Running " + name);
        if (log.isDebugEnabled()) {
            log.debug(prefix + Secrets.commandLine(command));
        }
        LibtestOutput output = new LibtestOutput();
        long start = System.nanoTime();
        int exit;
        try {
            exit = runner.run(
                    new ProcessRunner.Command(
                            command,
                            request.build().crateDirectory(),
                            // what cargo test sets for a test binary at run time
                            Map.of(
                                    "CARGO_MANIFEST_DIR",
                                            request.build().crateDirectory().toString(),
                                    "CARGO_PKG_NAME", manifest.packageName()),
                            List.of()),
                    line -> {
                        output.accept(line);
                        log.info(prefix + line);
                    },
                    line -> log.info(prefix + line));
        } catch (ProcessRunner.StartFailedException e) {
            throw BuildException.configuration("Could not run the tests of " + target.triple() + " with "
                    + String.join(" ", command) + ": " + e.getMessage() + ". Check "
                    + settings.names().name(Setting.RUNNER) + ".");
        } catch (IOException e) {
            throw BuildException.environment("Reading the output of " + exe.file() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(BuildException.Kind.ENVIRONMENT, "Interrupted while running " + exe.file(), e);
        }
        return output.result(name, exit, (System.nanoTime() - start) / 1e9);
    }
}
