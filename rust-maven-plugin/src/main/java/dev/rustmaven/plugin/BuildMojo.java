package dev.rustmaven.plugin;

import dev.rustmaven.build.Attachment;
import dev.rustmaven.build.BuildException;
import dev.rustmaven.build.BuildRequest;
import dev.rustmaven.build.RustBuild;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.packaging.NativeJar;
import dev.rustmaven.packaging.NativePackaging;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Builds the project's Rust crate with cargo for each target triple and attaches every native output
 * (shared libraries, static libraries, executables) to the project, classified by its triple, so that
 * {@code mvn install} and {@code mvn deploy} publish them next to the jar.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class BuildMojo extends AbstractRustMojo {

    /**
     * The cargo profile: {@code release} (the default, {@code --release}), {@code dev}, or a custom
     * profile from Cargo.toml ({@code --profile <name>}). Example: {@code -Drust.profile=dev}.
     */
    @Parameter(property = "rust.profile", defaultValue = "release", required = true)
    private String profile;

    /** Cargo features to enable ({@code --features}). Example: {@code <features><feature>simd</feature></features>}. */
    @Parameter(property = "rust.features")
    private List<String> features;

    /** Enables all features ({@code --all-features}). Default: false. */
    @Parameter(property = "rust.allFeatures", defaultValue = "false")
    private boolean allFeatures;

    /** Disables the default features ({@code --no-default-features}). Default: false. */
    @Parameter(property = "rust.noDefaultFeatures", defaultValue = "false")
    private boolean noDefaultFeatures;

    /**
     * Extra arguments appended to {@code cargo build}. Example:
     * {@code <cargoArgs><arg>--locked</arg></cargoArgs>}.
     */
    @Parameter(property = "rust.cargoArgs")
    private List<String> cargoArgs;

    /**
     * Extra environment variables for cargo, applied last. Example:
     * {@code <environment><RUSTFLAGS>-C target-cpu=cortex-a72</RUSTFLAGS></environment>}.
     */
    @Parameter
    private Map<String, String> environment;

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

    /** The time stored in the jars this goal writes, for reproducible builds. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
    private String outputTimestamp;

    private final MavenProjectHelper projectHelper;

    @Inject
    public BuildMojo(MavenProjectHelper projectHelper, SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
        this.projectHelper = projectHelper;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        BuildLog log = new MavenBuildLog(getLog());
        if (skip) {
            log.info("Skipping the Rust build: rust.skip is true");
            return;
        }
        RustBuild build = new RustBuild(toolchainLocator(), runner, stdProvisioning(log), log);
        try {
            RustBuild.Result result = build.build(request());
            List<Attachment> attachments = Attachment.plan(result.outputs());
            List<NativePackaging.TargetJar> jars = new NativePackaging(log).pack(result.outputs(),
                    Path.of(project.getBuild().getDirectory()), project.getBuild().getFinalName(),
                    NativeJar.outputTimestamp(outputTimestamp), output -> Map.of(),
                    bundle ? Optional.of(Path.of(project.getBuild().getOutputDirectory())) : Optional.empty());
            ArtifactAttacher attacher = new ArtifactAttacher(projectHelper, log);
            if (attach) {
                attacher.attach(project, attachments);
                attacher.attachJars(project, jars);
            } else {
                attachments.forEach(a -> log.info("Built " + a.file() + " (not attached: rust.attach is false)"));
            }
        } catch (BuildException e) {
            Failures.raise(e, log);
        } catch (IOException e) {
            throw new MojoExecutionException("Packing the native libraries failed: " + e.getMessage(), e);
        }
    }

    private BuildRequest request() {
        return new BuildRequest(crate.toPath(), splitCommas(targets), profile, splitCommas(features), allFeatures,
                noDefaultFeatures, cargoArgs == null ? List.of() : cargoArgs,
                environment == null ? Map.of() : environment, cargoParameter(), rustcParameter(),
                Path.of(project.getBuild().getDirectory(), "cargo"), workDirectory(), session.isOffline());
    }
}
