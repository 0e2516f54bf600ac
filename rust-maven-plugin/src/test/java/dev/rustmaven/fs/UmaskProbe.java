package dev.rustmaven.fs;

import dev.rustmaven.distribution.DownloadListener;
import dev.rustmaven.distribution.DownloadSettings;
import dev.rustmaven.distribution.Downloader;
import dev.rustmaven.distribution.SafeExtractor;
import dev.rustmaven.distribution.TestTarballs;
import dev.rustmaven.link.LauncherWriter;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.toolchain.RustcShim;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Run in a JVM started under {@code umask 000} by {@link PermissionsUnderUmaskTest}: creates what the plugin
 * creates in its cache and work directories below {@code args[0]}, and prints the permissions of a temporary file
 * while it is being written.
 */
public final class UmaskProbe {

    private UmaskProbe() {}

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        Path cache = base.resolve("cache");
        AtomicPublish.replaceFile(cache.resolve("new/dirs/file.txt"), temporary -> {
            System.out.println("temporary " + PosixFilePermissions.toString(Files.getPosixFilePermissions(temporary)));
            Files.writeString(temporary, "x");
            return null;
        });
        AtomicPublish.publishDirectory(cache.resolve("tree"), AtomicPublish.IfPresent.KEEP_EXISTING, staging -> {
            Files.createDirectories(staging.resolve("d/e"));
            Files.writeString(staging.resolve("d/e/f"), "plain Files.writeString");
            return staging;
        });
        byte[] tar = new TestTarballs()
                .directory("pkg")
                .file("pkg/bin/tool", "#!/bin/sh\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0777)
                .file("pkg/lib/data", "data".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0666)
                .tar();
        SafeExtractor.extract(new ByteArrayInputStream(tar), cache.resolve("extracted"), name -> true, "probe.tar");
        Path source = Files.writeString(base.resolve("source.bin"), "downloaded");
        new Downloader(DownloadSettings.DEFAULTS, DownloadListener.NONE, BuildLog.SILENT)
                .download(source.toUri(), cache.resolve("downloads/file.bin"), null);
        HostSystem host = HostSystem.current();
        new LauncherWriter(host, List.of(base)).write(base.resolve("work/bin"), "aarch64-unknown-linux-gnu", base);
        RustcShim.write(
                base.resolve("work/shim"),
                Path.of("/usr/bin/rustc"),
                java.util.Map.of("aarch64-unknown-linux-gnu", base.resolve("sysroot")),
                false);
        Files.delete(source);
        // The installers end to end: a whole toolchain and a rust-std from a dist server on 127.0.0.1, with their
        // toolchains/, rust-std/ and locks/ directories and lock files.
        try (dev.rustmaven.distribution.LoopbackServer server = dev.rustmaven.distribution.LoopbackServer.start()) {
            new dev.rustmaven.distribution.FakeToolchainDist()
                    .toolchain(
                            "1.95.0",
                            "59807616e1b6bd4e4a0bfb3a1c1a4dc2cf2ba6d7",
                            "2026-04-14",
                            false,
                            "/dist/channel-rust-1.95.0.toml")
                    .serveOn(server);
            Downloader downloader = new Downloader(DownloadSettings.DEFAULTS, DownloadListener.NONE, BuildLog.SILENT);
            dev.rustmaven.distribution.DistServer dist = new dev.rustmaven.distribution.DistServer(server.root());
            new dev.rustmaven.distribution.ToolchainInstaller(
                            new dev.rustmaven.distribution.CacheLayout(cache), dist, downloader, false, BuildLog.SILENT)
                    .ensure(
                            dev.rustmaven.distribution.ToolchainSpec.parse("1.95.0", "x86_64-unknown-linux-gnu"),
                            "x86_64-unknown-linux-gnu");
            new dev.rustmaven.distribution.ComponentProvisioner(
                            new dev.rustmaven.distribution.CacheLayout(cache),
                            dist,
                            downloader,
                            dev.rustmaven.distribution.ComponentProvisioner.Options.ONLINE,
                            BuildLog.SILENT)
                    .ensure(
                            dev.rustmaven.distribution.CompilerRelease.of(
                                    "1.95.0", "59807616e1b6bd4e4a0bfb3a1c1a4dc2cf2ba6d7", "2026-04-14"),
                            "rust-std",
                            "x86_64-unknown-linux-gnu");
        }
        System.out.println("done");
    }
}
