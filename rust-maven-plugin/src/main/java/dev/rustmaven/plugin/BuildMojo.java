package dev.rustmaven.plugin;

import dev.rustmaven.log.BuildLog;
import dev.rustmaven.packaging.NativeJar;
import dev.rustmaven.pipeline.BuildException;
import dev.rustmaven.pipeline.BuildSummary;
import dev.rustmaven.pipeline.PackagingRequest;
import dev.rustmaven.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.rtinfo.RuntimeInformation;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Builds the project's Rust crate with cargo for each target triple and attaches every native output
 * (shared libraries, static libraries, executables) to the project, classified by its triple, so that
 * {@code mvn install} and {@code mvn deploy} publish them next to the jar.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class BuildMojo extends AbstractCompileMojo {

    /**
     * The Rust target triples to build for, with one cargo for all of them (see {@code parallelTargets}). Default: the host triple that
     * {@code rustc -vV} reports. On the command line, comma-separated:
     * {@code -Drust.targets=armv7-unknown-linux-gnueabihf,aarch64-unknown-linux-gnu}.
     */
    @Parameter(property = "rust.targets")
    private List<String> targets;

    /**
     * Whether to attach the outputs to the project (classifier = target triple). Default: true.
     * Example: {@code -Drust.attach=false} to only build.
     */
    @Parameter(property = "rust.attach", defaultValue = "true")
    private boolean attach;

    /**
     * Puts the shared libraries into the project's main jar ({@code META-INF/native/<triple>/}) instead
     * of one jar per target, for single-jar deployment. Default: false. Example: {@code -Drust.bundle}.
     */
    @Parameter(property = "rust.bundle", defaultValue = "false")
    private boolean bundle;

    /**
     * Put before the classifier of everything this execution attaches, and into the names of its per-target
     * jars: {@code <prefix>-<triple>} instead of {@code <triple>}. Needed when one project builds several
     * crates with several executions of this goal (each with its own {@code <crate>}): their attachments
     * would otherwise have the same classifiers, and the build fails saying so. Default: none. Example:
     * {@code <classifierPrefix>parser</classifierPrefix>} attaches {@code parser-aarch64-unknown-linux-gnu}.
     */
    @Parameter
    private String classifierPrefix;

    /**
     * Builds even when nothing changed since the last build. Without it, a build whose crate sources, Cargo
     * files, configuration, toolchain and environment are unchanged since the last successful build, and
     * whose outputs are still there, runs no cargo and repacks nothing: it attaches the outputs of that build
     * again. Default: false. Example: {@code -Drust.force}.
     */
    @Parameter(property = "rust.force", defaultValue = "false")
    private boolean force;

    /**
     * Builds all targets with one cargo ({@code cargo build --target a --target b ...}): host tools such as build
     * scripts and proc-macros are compiled once, and all cores stay busy while a target links. The plugin still
     * uses one cargo per target, one after the other, when the targets need environments that differ in more
     * than their target-named variables (the debug log, {@code -X}, says why). The outputs are the same either
     * way. Default: true. Example: {@code -Drust.parallelTargets=false} for one cargo per target.
     */
    @Parameter(property = "rust.parallelTargets", defaultValue = "true")
    private boolean parallelTargets;

    /** The time stored in the jars this goal writes, for reproducible builds. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
    private String outputTimestamp;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    private final MavenProjectHelper projectHelper;
    private final RuntimeInformation runtime;

    @Inject
    public BuildMojo(
            MavenProjectHelper projectHelper, SettingsDecrypter settingsDecrypter, RuntimeInformation runtime) {
        super(settingsDecrypter);
        this.projectHelper = projectHelper;
        this.runtime = runtime;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        BuildLog log = new MavenBuildLog(getLog());
        if (skip) {
            log.info("Skipping the Rust build: rust.skip is true");
            return;
        }
        BuildCacheInputs.warning(
                        BuildCacheInputs.build(session, project, runtime.getMavenVersion()),
                        BuildCacheInputs.module(project, crate.toPath(), plugin.getPluginLookupKey()))
                .ifPresent(log::warn);
        try {
            PackagingRequest packaging = packaging();
            // Maven names every execution; a caller without one (a test harness) is the default execution
            String executionId = mojoExecution == null ? "default" : mojoExecution.getExecutionId();
            ClassifierClaims.claim(project, packaging.classifierPrefix(), executionId, crate.toPath());
            Pipeline.BuildResult result = Pipeline.create(settings(linkSettings()), log)
                    .build(
                            request(splitCommas(targets)),
                            packaging,
                            Optional.of(new Pipeline.Incremental(executionId, plugin.getVersion(), force)));
            BuildSummary.lines(result).forEach(log::info);
            if (attach) {
                new ArtifactAttacher(projectHelper, log).attach(project, result.attachments());
            } else {
                result.attachments().forEach(a -> log.debug("Built " + a.file()));
                log.info("Attached nothing: rust.attach is false");
            }
        } catch (BuildException e) {
            Failures.raise(e, log);
        }
    }

    @Override
    protected boolean parallelTargets() {
        return parallelTargets;
    }

    private PackagingRequest packaging() throws BuildException {
        Optional<java.time.Instant> timestamp;
        try {
            timestamp = NativeJar.outputTimestamp(outputTimestamp);
        } catch (IllegalArgumentException e) {
            throw BuildException.configuration("project.build.outputTimestamp: " + e.getMessage());
        }
        return new PackagingRequest(
                Path.of(project.getBuild().getDirectory()),
                project.getBuild().getFinalName(),
                timestamp,
                bundle ? Optional.of(Path.of(project.getBuild().getOutputDirectory())) : Optional.empty(),
                PackagingRequest.checkedPrefix(classifierPrefix));
    }
}
