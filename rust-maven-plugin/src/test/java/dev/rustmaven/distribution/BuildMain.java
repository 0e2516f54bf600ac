package dev.rustmaven.distribution;

import dev.rustmaven.glibc.GlibcStubs;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.packaging.NativeJar;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a build does with the cache, in its own JVM, so that tests can run several at once or kill one with
 * SIGKILL: provisions rust-std for a target and the host's rust-lld from a dist server, generates glibc stubs
 * into the cache, and writes a native jar. Arguments: cache root, server root, jar to write, target triple.
 * Prints {@code phase <name>} on stdout as each step starts (std, lld, stubs, jar, done) and logs on stderr.
 */
public final class BuildMain {

    static final String HOST = "x86_64-unknown-linux-gnu";
    static final List<String> PHASES = List.of("std", "lld", "stubs", "jar");
    static final GlibcVersion FLOOR = GlibcVersion.parse("2.31");
    static final Instant TIMESTAMP = Instant.parse("2026-11-30T00:00:00Z");

    private BuildMain() {}

    public static void main(String[] args) throws Exception {
        try {
            run(Path.of(args[0]), URI.create(args[1]), Path.of(args[2]), args[3], System.out, System.err);
        } catch (DistException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** Runs the build; {@code phases} hears each step as it starts. */
    static void run(Path cacheRoot, URI server, Path jar, String triple, PrintStream phases, PrintStream err)
            throws IOException, DistException {
        BuildLog log = new ProvisionMain.StderrLog(err);
        ComponentProvisioner provisioner = new ComponentProvisioner(
                new CacheLayout(cacheRoot),
                new DistServer(server),
                new Downloader(
                        DownloadSettings.DEFAULTS
                                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
                                .withRetries(2, Duration.ofMillis(100)),
                        DownloadListener.NONE,
                        log),
                ComponentProvisioner.Options.ONLINE,
                log);
        CompilerRelease compiler = FakeDist.stable();
        phase(phases, "std");
        Path std = provisioner.ensure(compiler, "rust-std", triple);
        phase(phases, "lld");
        provisioner.ensure(compiler, "rustc", HOST, PayloadFilter.linker(HOST));
        phase(phases, "stubs");
        GlibcStubs.StubSet stubs = new GlibcStubs(cacheRoot.resolve("glibc"), log).stubs(Target.parse(triple), FLOOR);
        phase(phases, "jar");
        List<NativeJar.Library> libraries;
        try (Stream<Path> rlibs = Files.list(std.resolve("lib/rustlib/" + triple + "/lib"))) {
            libraries = Stream.concat(
                            rlibs.sorted(), Stream.of(stubs.directory().resolve("libc.so.6")))
                    .map(file -> new NativeJar.Library(triple, file, Map.of("glibc.floor", FLOOR.toString())))
                    .toList();
        }
        NativeJar.write(jar, libraries, Optional.of(TIMESTAMP));
        phase(phases, "done");
    }

    private static void phase(PrintStream out, String name) {
        out.println("phase " + name);
        out.flush();
    }
}
