package dev.rustmaven.plugin;

import dev.rustmaven.log.BuildLog;
import dev.rustmaven.pipeline.BuildException;
import dev.rustmaven.pipeline.BuildRequest;
import dev.rustmaven.pipeline.LinkSetup;
import dev.rustmaven.pipeline.Pipeline;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Only provisions: installs the toolchain of {@code rust.version} (or of the crate's {@code rust-toolchain.toml})
 * when one is named, and fetches (or finds in the cache) the rust-std of every target the
 * toolchain lacks, LLD when the machine has none, and, for a cross target the crate compiles C for (or has
 * gnu executables for), the target root with its C headers and start files, without building anything.
 * Handy to warm a CI cache, or before going offline:
 * {@code mvn rust:fetch -Drust.targets=armv7-unknown-linux-gnueabihf,aarch64-unknown-linux-gnu}.
 */
@Mojo(name = "fetch", requiresProject = false, threadSafe = true)
public class FetchMojo extends AbstractRustMojo {

    /**
     * The Rust target triples to fetch rust-std (and, where needed, a target root) for, as {@code rust:build}
     * would build them. Default: the host triple that {@code rustc -vV} reports. On the command line,
     * comma-separated:
     * {@code -Drust.targets=armv7-unknown-linux-gnueabihf,aarch64-unknown-linux-gnu}.
     */
    @Parameter(property = "rust.targets")
    private List<String> targets;

    @Inject
    public FetchMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        BuildLog log = new MavenBuildLog(getLog());
        if (skip) {
            log.info("Skipping rust:fetch: rust.skip is true");
            return;
        }
        try {
            Pipeline pipeline = Pipeline.create(settings(LinkSetup.Settings.defaults()), log);
            BuildRequest request = BuildRequest.forToolchain(
                    toolchainDirectory(), splitCommas(targets), cargoParameter(), rustcParameter(), versionParameter());
            pipeline.provision(request).forEach(p -> log.info(p.describe()));
        } catch (BuildException e) {
            Failures.raise(e, log);
        }
    }
}
