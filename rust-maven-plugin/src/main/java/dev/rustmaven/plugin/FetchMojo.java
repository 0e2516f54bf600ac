package dev.rustmaven.plugin;

import dev.rustmaven.pipeline.BuildException;
import dev.rustmaven.pipeline.RustBuild;
import dev.rustmaven.pipeline.StdProvisioning;
import dev.rustmaven.distribution.ComponentProvisioner;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.triple.Target;
import dev.rustmaven.toolchain.Toolchain;
import java.nio.file.Path;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Only provisions the targets: fetches (or finds in the cache) the rust-std of every target the
 * toolchain lacks, and LLD when the machine has none, without building anything. Handy to warm a CI cache, or before going offline:
 * {@code mvn rust:fetch -Drust.targets=armv7-unknown-linux-gnueabihf,aarch64-unknown-linux-gnu}.
 */
@Mojo(name = "fetch", requiresProject = false, threadSafe = true)
public class FetchMojo extends AbstractRustMojo {

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
            Toolchain toolchain = toolchainLocator().locate(cargoParameter(), rustcParameter(), toolchainDirectory());
            ComponentProvisioner provisioner = provisioner(log);
            StdProvisioning std = stdProvisioning(provisioner, log);
            for (Target target : RustBuild.resolveTargets(splitCommas(targets), toolchain)) {
                Optional<Path> fetched = std.ensure(toolchain, target);
                log.info(target + ": " + fetched.map(p -> "rust-std in " + p)
                        .orElse("the toolchain has its own rust-std (" + toolchain.targetLibDir(target.triple()) + ")"));
            }
            // Linking needs LLD too: make sure a later offline build has it.
            lldProvisioning(provisioner, log).lld(toolchain);
        } catch (BuildException e) {
            Failures.raise(e, log);
        }
    }
}
