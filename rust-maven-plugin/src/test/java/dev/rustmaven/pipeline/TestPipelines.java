package dev.rustmaven.pipeline;

import dev.rustmaven.distribution.DistServer;
import dev.rustmaven.distribution.DownloadSettings;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.plugin.MavenSettingNames;
import dev.rustmaven.system.HostSystem;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The pipeline as the goals wire it, for tests: everything under one temporary directory. */
final class TestPipelines {

    private TestPipelines() {}

    /**
     * Settings for this host, with the work directory and cache under {@code dir} and a dist server that is
     * an empty directory (host builds never reach it: an empty mirror proves it).
     */
    static PipelineSettings settings(Path dir, Linking linking) {
        return new PipelineSettings(
                HostSystem.current(),
                dir.resolve("work"),
                dir.resolve("cache"),
                new DistServer(dir.resolve("empty-mirror").toUri()),
                false,
                DownloadSettings.DEFAULTS,
                false,
                Optional.empty(),
                new LinkSetup.Settings(linking, GlibcVersion.parse("2.28"), Map.of(), Optional.empty()),
                CSettings.defaults(),
                MavenSettingNames.INSTANCE);
    }

    /** Per-target jars written under {@code dir/jars}. */
    static PackagingRequest packaging(Path dir) {
        return new PackagingRequest(dir.resolve("jars"), "test-0", Optional.empty(), Optional.empty());
    }
}
