package dev.rustmaven.plugin;

import dev.rustmaven.config.InvalidSettingException;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.packaging.NativeJar;
import dev.rustmaven.pipeline.BuildException;
import dev.rustmaven.pipeline.BuildRequest;
import dev.rustmaven.pipeline.CSettings;
import dev.rustmaven.pipeline.LinkSetup;
import dev.rustmaven.pipeline.PackagingRequest;
import dev.rustmaven.pipeline.Pipeline;
import java.io.File;
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

    /**
     * Who links each target: {@code auto} (default: the plugin links every target that is not the host
     * and has no linker of the user's, from {@code CARGO_TARGET_<T>_LINKER} or {@code target.<t>.linker} in
     * {@code .cargo/config.toml}), {@code lld} (the plugin links every target, the host too) or {@code cargo}
     * (the plugin never touches linking). The plugin links with LLD and needs no C cross toolchain.
     * Example: {@code -Drust.linking=cargo}.
     */
    @Parameter(property = "rust.linking", defaultValue = "auto", required = true)
    private String linking;

    /**
     * The oldest glibc the outputs of gnu targets must load with: the plugin links against generated glibc
     * stubs of this version, so using anything newer fails the link. Default: 2.28 (Raspberry Pi OS buster
     * and newer); lowest 2.17 (Rust's own minimum). Example: {@code -Drust.glibc=2.31} (bullseye).
     */
    @Parameter(property = "rust.glibc", defaultValue = "2.28", required = true)
    private String glibc;

    /**
     * The glibc floor for single targets, overriding {@code glibc}. Example:
     * <code>&lt;glibcFloors&gt;&lt;aarch64-unknown-linux-gnu&gt;2.31&lt;/aarch64-unknown-linux-gnu&gt;&lt;/glibcFloors&gt;</code>.
     */
    @Parameter
    private Map<String, String> glibcFloors;

    /**
     * A root directory for the targets (an unpacked Raspberry Pi OS or Debian root with libc6-dev): the C
     * headers that build scripts compile C against, and the C start files executables for gnu targets link
     * with. Default: the plugin installs what is needed from Debian's packages for the target's architecture
     * (see {@code debianMirror}). Example: {@code -Drust.sysroot=/opt/pi-root}.
     */
    @Parameter(property = "rust.sysroot")
    private File sysroot;

    /**
     * The clang that compiles the C, C++ and assembly of build scripts (the {@code cc} crate) for the targets:
     * a path or a command name. clang is a cross compiler for every target, so no C cross toolchain is
     * needed. Default: {@code clang} on the PATH, else the newest {@code clang-<version>} there. Used only
     * when a crate of the build depends on {@code cc}, {@code cmake} or {@code bindgen}, and not for a target
     * whose {@code CC_<triple>} the user set. Example: {@code -Drust.cc=/usr/lib/llvm-16/bin/clang}.
     */
    @Parameter(property = "rust.cc")
    private String cc;

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
        try {
            Pipeline.BuildResult result =
                    Pipeline.create(settings(linkSettings()), log).build(request(), packaging());
            if (attach) {
                new ArtifactAttacher(projectHelper, log).attach(project, result.attachments());
            } else {
                result.attachments()
                        .forEach(a -> log.info("Built " + a.file() + " (not attached: rust.attach is false)"));
            }
        } catch (BuildException e) {
            Failures.raise(e, log);
        }
    }

    @Override
    protected CSettings cSettings() {
        return new CSettings(
                Optional.ofNullable(cc),
                Optional.ofNullable(debianMirror),
                Optional.ofNullable(debianSuite),
                Optional.ofNullable(debianKeyring).map(File::toPath));
    }

    private LinkSetup.Settings linkSettings() throws BuildException {
        try {
            return LinkSetup.Settings.parse(
                    linking,
                    glibc,
                    glibcFloors == null ? Map.of() : glibcFloors,
                    Optional.ofNullable(sysroot).map(File::toPath));
        } catch (InvalidSettingException e) {
            throw BuildException.invalid(e, MavenSettingNames.INSTANCE);
        }
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
                bundle ? Optional.of(Path.of(project.getBuild().getOutputDirectory())) : Optional.empty());
    }

    private BuildRequest request() {
        return new BuildRequest(
                crate.toPath(),
                splitCommas(targets),
                profile,
                splitCommas(features),
                allFeatures,
                noDefaultFeatures,
                cargoArgs == null ? List.of() : cargoArgs,
                environment == null ? Map.of() : environment,
                cargoParameter(),
                rustcParameter(),
                Path.of(project.getBuild().getDirectory(), "cargo"));
    }
}
