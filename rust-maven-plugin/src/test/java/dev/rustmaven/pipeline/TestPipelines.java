package dev.rustmaven.pipeline;

import dev.rustmaven.distribution.DistServer;
import dev.rustmaven.distribution.DownloadSettings;
import dev.rustmaven.elf.ElfFile;
import dev.rustmaven.elf.VersionDefinition;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.plugin.MavenSettingNames;
import dev.rustmaven.system.HostSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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
        return settings(dir, linking, GlibcVersion.parse("2.28"));
    }

    /** {@link #settings(Path, Linking)} with another glibc floor. */
    static PipelineSettings settings(Path dir, Linking linking, GlibcVersion floor) {
        return new PipelineSettings(
                HostSystem.current(),
                dir.resolve("work"),
                dir.resolve("cache"),
                new DistServer(dir.resolve("empty-mirror").toUri()),
                false,
                DownloadSettings.DEFAULTS,
                false,
                Optional.empty(),
                new LinkSetup.Settings(linking, floor, Map.of(), Optional.empty()),
                CSettings.defaults(),
                MavenSettingNames.INSTANCE,
                false,
                true);
    }

    /**
     * The glibc of this host: the newest {@code GLIBC_} version its {@code libc.so.6} defines. Outputs that
     * cargo links with the host's own linker need up to this version, so it is the floor that holds for them.
     */
    static GlibcVersion hostGlibc() {
        for (String path : List.of(
                "/lib/x86_64-linux-gnu/libc.so.6",
                "/lib/aarch64-linux-gnu/libc.so.6",
                "/lib64/libc.so.6",
                "/usr/lib64/libc.so.6",
                "/lib/libc.so.6")) {
            Path libc = Path.of(path);
            if (Files.isRegularFile(libc)) {
                try {
                    return ElfFile.read(libc).versionDefinitions().stream()
                            .map(VersionDefinition::name)
                            .filter(GlibcVersion::isSymbolVersionName)
                            .map(GlibcVersion::parse)
                            .max(Comparator.naturalOrder())
                            .orElseThrow();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("no libc.so.6 found on this host");
    }

    /** Per-target jars written under {@code dir/jars}. */
    static PackagingRequest packaging(Path dir) {
        return new PackagingRequest(dir.resolve("jars"), "test-0", Optional.empty(), Optional.empty());
    }

    /** {@code base} on a host whose environment is {@code environment}. */
    static PipelineSettings withEnvironment(PipelineSettings base, Map<String, String> environment) {
        return new PipelineSettings(
                base.host().withEnvironment(environment),
                base.workDirectory(),
                base.cacheRoot(),
                base.distServer(),
                base.offline(),
                base.download(),
                base.showProgress(),
                base.linker(),
                base.linking(),
                base.c(),
                base.names(),
                base.sharedJobs(),
                base.parallelTargets());
    }
}
