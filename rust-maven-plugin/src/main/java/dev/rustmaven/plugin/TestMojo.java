package dev.rustmaven.plugin;

import dev.rustmaven.log.BuildLog;
import dev.rustmaven.pipeline.BuildException;
import dev.rustmaven.pipeline.Pipeline;
import dev.rustmaven.pipeline.TestRequest;
import java.io.File;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Runs the crate's Rust tests ({@code #[test]}s of the library, binaries and {@code tests/}) in Maven's test
 * phase, on the host and, through qemu-user or another runner, on the target triples of the Pis. Compiles
 * with the same profile, features, cargo arguments and linking as {@code rust:build}, writes
 * Surefire-compatible reports to {@code target/surefire-reports} and fails the build when a test fails.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.TEST, threadSafe = true)
public class TestMojo extends AbstractCompileMojo {

    /**
     * The Rust target triples whose tests run. Default: the host triple that {@code rustc -vV} reports. A
     * target other than the host runs its tests through {@code runner}. On the command line,
     * comma-separated: {@code -Drust.testTargets=x86_64-unknown-linux-gnu,aarch64-unknown-linux-musl}.
     */
    @Parameter(property = "rust.testTargets")
    private List<String> testTargets;

    /**
     * The command that runs the test executables of every test target other than the host, split at
     * spaces, the executable and its arguments appended. Default: {@code CARGO_TARGET_<TRIPLE>_RUNNER} from
     * the environment, else {@code qemu-<arch>} or {@code qemu-<arch>-static} from the PATH (with
     * {@code -cpu arm1176} for {@code arm-} triples, and {@code -L <sysroot>} for gnu targets, which need
     * {@code sysroot}). Example: {@code -Drust.runner="/usr/bin/qemu-aarch64-static -cpu cortex-a72"}.
     */
    @Parameter(property = "rust.runner")
    private String runner;

    /**
     * Runs only the tests whose names contain this text (libtest's filter), like Surefire's {@code -Dtest=};
     * doc tests do not run when it is set. Default: none (every test). Example:
     * {@code -Drust.test.filter=parser::}.
     */
    @Parameter(property = "rust.test.filter")
    private String filter;

    /**
     * Where the Surefire-compatible XML reports are written, one {@code TEST-<triple>.<kind>.<name>.xml} per
     * test executable. No user property. Default: {@code ${project.build.directory}/surefire-reports}. Example:
     * <code>&lt;reportsDirectory&gt;${project.build.directory}/rust-reports&lt;/reportsDirectory&gt;</code>.
     */
    @Parameter(defaultValue = "${project.build.directory}/surefire-reports", required = true)
    private File reportsDirectory;

    /** Skips the Rust tests: they are neither built nor run. Example: {@code -Drust.test.skip}. Default: false. */
    @Parameter(property = "rust.test.skip", defaultValue = "false")
    private boolean testSkip;

    /** Maven's switch to skip running tests, honoured as by Surefire. Default: false. Example: {@code -DskipTests}. */
    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    /** Maven's switch to skip compiling and running tests. Default: false. Example: {@code -Dmaven.test.skip}. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean mavenTestSkip;

    @Inject
    public TestMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        BuildLog log = new MavenBuildLog(getLog());
        Optional<String> skipReason = skipReason(skip, testSkip, skipTests, mavenTestSkip);
        if (skipReason.isPresent()) {
            log.info("Skipping the Rust tests: " + skipReason.get());
            return;
        }
        try {
            TestRequest request = new TestRequest(
                    request(splitCommas(testTargets)),
                    Optional.ofNullable(filter).filter(f -> !f.isBlank()),
                    Optional.ofNullable(runner).filter(r -> !r.isBlank()),
                    reportsDirectory.toPath());
            Pipeline.create(settings(linkSettings()), log).test(request);
        } catch (BuildException e) {
            Failures.raise(e, log);
        }
    }

    /** Why the tests are skipped, naming the property that says so, if they are. */
    static Optional<String> skipReason(boolean rustSkip, boolean testSkip, boolean skipTests, boolean mavenTestSkip) {
        if (mavenTestSkip) {
            return Optional.of("maven.test.skip is true");
        }
        if (skipTests) {
            return Optional.of("skipTests is true");
        }
        if (testSkip) {
            return Optional.of("rust.test.skip is true");
        }
        if (rustSkip) {
            return Optional.of("rust.skip is true");
        }
        return Optional.empty();
    }
}
