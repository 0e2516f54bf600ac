package dev.rustmaven.pipeline;

import dev.rustmaven.config.InvalidSettingException;
import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.distribution.ComponentProvisioner;
import dev.rustmaven.distribution.DistException;
import dev.rustmaven.distribution.PayloadFilter;
import dev.rustmaven.link.LldLocator;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.toolchain.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds LLD once per build: the {@code linker} parameter, {@code rust-lld} in the compiler's sysroot,
 * {@code rust-lld} or {@code ld.lld} on the PATH, else rust-lld from the host's rustc component fetched
 * from the dist server (verified and cached like rust-std).
 */
public final class LldProvisioning {

    private final LldLocator locator;
    private final ComponentProvisioner provisioner;
    private final HostSystem host;
    private final Optional<Path> explicit;
    private final SettingNames names;
    private final BuildLog log;
    private LldLocator.Located found;

    public LldProvisioning(
            LldLocator locator,
            ComponentProvisioner provisioner,
            HostSystem host,
            Optional<Path> explicit,
            SettingNames names,
            BuildLog log) {
        this.locator = locator;
        this.provisioner = provisioner;
        this.host = host;
        this.explicit = explicit;
        this.names = names;
        this.log = log;
    }

    /** The LLD to link with, logged with where it came from the first time. */
    public synchronized Path lld(Toolchain toolchain) throws BuildException {
        if (found == null) {
            try {
                found = locator.locate(explicit, Optional.of(toolchain.sysroot()), toolchain.host())
                        .map(l -> l.origin().equals(LldLocator.EXPLICIT)
                                ? new LldLocator.Located(l.path(), names.name(Setting.LINKER))
                                : l)
                        .orElse(null);
            } catch (IllegalArgumentException e) {
                throw BuildException.invalid(
                        new InvalidSettingException(Setting.LINKER, null, e.getMessage(), e), names);
            }
            if (found == null) {
                found = fetch(toolchain);
            }
            log.info("Using LLD " + found.path() + " (from " + found.origin() + ")");
        }
        return found.path();
    }

    private LldLocator.Located fetch(Toolchain toolchain) throws BuildException {
        try {
            Path installed = provisioner.ensure(
                    StdProvisioning.release(toolchain),
                    "rustc",
                    toolchain.host(),
                    PayloadFilter.linker(toolchain.host()));
            Path path = installed
                    .resolve("lib/rustlib")
                    .resolve(toolchain.host())
                    .resolve("bin")
                    .resolve("rust-lld" + host.exeSuffix());
            if (!Files.isExecutable(path)) {
                throw BuildException.environment(
                        "The rustc component fetched into " + installed + " has no" + " executable rust-lld at " + path
                                + ". Set " + names.name(Setting.LINKER) + " to an LLD.",
                        null);
            }
            return new LldLocator.Located(
                    path,
                    "the rustc component of " + toolchain.info().versionLine() + ", fetched from the dist server");
        } catch (DistException e) {
            throw new BuildException(
                    e.reason().userFixable() ? BuildException.Kind.CONFIGURATION : BuildException.Kind.ENVIRONMENT,
                    "No LLD was found (not in " + names.name(Setting.LINKER)
                            + ", the compiler's sysroot or the PATH) and fetching rust-lld failed: " + e.getMessage()
                            + " Set " + names.name(Setting.LINKER) + " to rust-lld or ld.lld.",
                    e);
        }
    }
}
