package dev.rustmaven.pipeline;

import dev.rustmaven.config.SettingNames;
import dev.rustmaven.distribution.DistServer;
import dev.rustmaven.distribution.DownloadSettings;
import dev.rustmaven.system.HostSystem;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What one goal execution gives the pipeline besides the request: the host, where things are written
 * and cached, where rust-std comes from and how, and how linking is done (the defaults for
 * {@code rust:fetch}). Made once per execution by the caller (a goal, or a test) and handed to
 * {@link Pipeline#create}.
 *
 * @param host the machine the build runs on
 * @param workDirectory where the plugin writes what it prepares for cargo (sysroots, launchers, stubs)
 * @param cacheRoot the cache of fetched and generated files, shared by all projects of the user
 * @param distServer where rust-std and rust-lld come from
 * @param offline whether nothing may be downloaded (cargo then gets {@code --offline} too)
 * @param download timeouts, retries and proxies of downloads
 * @param showProgress whether download progress is logged
 * @param linker the LLD the user configured, if any
 * @param linking how targets are linked
 * @param c how C code of build scripts is compiled for targets
 * @param names how the user names the settings, for messages
 * @param sharedJobs whether other builds may run cargo in this JVM at the same time (Maven's {@code -T}): then
 *     every cargo joins one jobserver with as many jobs as the machine has cores
 * @param parallelTargets whether one cargo may build all targets of a build together (else one cargo per target)
 */
public record PipelineSettings(
        HostSystem host,
        Path workDirectory,
        Path cacheRoot,
        DistServer distServer,
        boolean offline,
        DownloadSettings download,
        boolean showProgress,
        Optional<Path> linker,
        LinkSetup.Settings linking,
        CSettings c,
        SettingNames names,
        boolean sharedJobs,
        boolean parallelTargets) {}
