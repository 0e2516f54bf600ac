package dev.rustmaven.plugin;

import dev.rustmaven.build.Attachment;
import dev.rustmaven.build.BuildException;
import dev.rustmaven.build.BuildRequest;
import dev.rustmaven.build.RustBuild;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.packaging.NativeJar;
import dev.rustmaven.packaging.NativePackaging;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.toolchain.ExecutableFinder;
import dev.rustmaven.toolchain.ToolchainLocator;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Builds the project's Rust crate with cargo for each target triple and attaches every native output
 * (shared libraries, static libraries, executables) to the project, classified by its triple, so that
 * {@code mvn install} and {@code mvn deploy} publish them next to the jar.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class BuildMojo extends AbstractMojo {

    /**
     * The directory holding the crate's {@code Cargo.toml}. Cargo runs there, so the crate's own
     * {@code .cargo/config.toml} applies. Example:
     * <code>&lt;crate&gt;${project.basedir}/native&lt;/crate&gt;</code>.
     */
    @Parameter(property = "rust.crate", defaultValue = "${project.basedir}/src/main/rust", required = true)
    private File crate;

    /**
     * The Rust target triples to build for; cargo runs once per triple. Default: the host triple that
     * {@code rustc -vV} reports. On the command line, comma-separated:
     * {@code -Drust.targets=armv7-unknown-linux-gnueabihf,aarch64-unknown-linux-gnu}.
     */
    @Parameter(property = "rust.targets")
    private List<String> targets;

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
     * The cargo executable. Default: the {@code CARGO} environment variable, else {@code cargo} on the
     * PATH, else {@code ~/.cargo/bin/cargo}. Example: {@code -Drust.cargo=/opt/rust/bin/cargo}.
     */
    @Parameter(property = "rust.cargo")
    private String cargo;

    /**
     * The rustc executable, handed to cargo as {@code RUSTC} so both agree. Default: the {@code RUSTC}
     * environment variable, else the rustc next to a configured {@code cargo}, else {@code rustc} on the
     * PATH or in {@code ~/.cargo/bin}. Example: {@code -Drust.rustc=/opt/rust/bin/rustc}.
     */
    @Parameter(property = "rust.rustc")
    private String rustc;

    /** Skips the goal. Example: {@code -Drust.skip}. Default: false. */
    @Parameter(property = "rust.skip", defaultValue = "false")
    private boolean skip;

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

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    private final MavenProjectHelper projectHelper;

    @Inject
    public BuildMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        BuildLog log = new MavenBuildLog(getLog());
        if (skip) {
            log.info("Skipping the Rust build: rust.skip is true");
            return;
        }
        ProcessRunner runner = new ProcessRunner();
        RustBuild build = new RustBuild(new ToolchainLocator(ExecutableFinder.forThisHost(), runner), runner, log);
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
                environment == null ? Map.of() : environment, Optional.ofNullable(cargo).filter(s -> !s.isBlank()),
                Optional.ofNullable(rustc).filter(s -> !s.isBlank()),
                Path.of(project.getBuild().getDirectory(), "cargo"), session.isOffline());
    }

    /** Accepts both list elements and comma-separated values (as given with -D on the command line). */
    static List<String> splitCommas(List<String> values) {
        List<String> result = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v != null) {
                    Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(result::add);
                }
            }
        }
        return result;
    }
}
