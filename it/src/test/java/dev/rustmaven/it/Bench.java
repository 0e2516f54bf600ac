package dev.rustmaven.it;

import dev.rustmaven.testing.Required;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The test bench that {@code it/bench/setup.sh} installs: a Rust compiler with rust-std for the Pi
 * targets, a local dist-server mirror, qemu-user and Debian's arm JVMs. Its facts are read from
 * {@code bench.properties} in the bench's cache directory.
 */
final class Bench {

    static final Path DEBIAN_CRATES = Path.of("/usr/share/cargo/registry");
    private static final String SETUP = " (run: bash it/bench/setup.sh)";

    private static Properties properties;

    private Bench() {}

    /** The bench's cache directory, as setup.sh computes it. */
    static Path root() {
        String explicit = System.getenv("RUST_MAVEN_BENCH");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("rust-maven-plugin-bench");
    }

    /** The bench's facts; the calling test is skipped (failed on CI) when the bench is not set up. */
    static synchronized Properties require() {
        if (properties == null) {
            Path file = root().resolve("bench.properties");
            Required.require(Files.isRegularFile(file), "the test bench " + file + SETUP);
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
            properties = p;
        }
        return properties;
    }

    /** A fact of the bench, which must be there. */
    static String get(String key) {
        String value = require().getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("bench.properties has no " + key + SETUP);
        }
        return value;
    }

    static Path path(String key) {
        return Path.of(get(key));
    }

    /**
     * The {@code -D} properties that make a build use the bench's compiler, a dist server and a plugin
     * cache of the test's own.
     */
    static String[] buildProperties(String distServer, Path cache, String... more) {
        List<String> props = new ArrayList<>(List.of(
                "rust.rustc=" + get("rust.rustc"),
                "rust.cargo=" + get("rust.cargo"),
                "rust.distServer=" + distServer,
                "rust.cacheDirectory=" + cache,
                // Target headers and start files come from the bench's copy of the Debian archive, never
                // from the network.
                "rust.debianMirror=" + get("debian.mirror"),
                "rust.debianSuite=" + get("debian.suite"),
                "rust.debianKeyring=" + get("debian.keyring")));
        props.addAll(List.of(more));
        return props.toArray(String[]::new);
    }

    /**
     * Build properties naming no cargo and no rustc: the toolchain comes from {@code rust.version} or a
     * toolchain file, fetched from {@code distServer} into {@code cache}.
     */
    static String[] toolchainlessProperties(String distServer, Path cache, String... more) {
        List<String> props = new ArrayList<>(List.of(buildProperties(distServer, cache, more)));
        props.removeIf(p -> p.startsWith("rust.rustc=") || p.startsWith("rust.cargo="));
        return props.toArray(String[]::new);
    }

    /** The tarball of a target's rust-std as the dist server names it (path part of its URL). */
    static String stdTarball(String triple) {
        return "rust-std-" + get("dist.release") + "-" + triple + ".tar.xz";
    }

    /** Debian's packaged crate sources (regex, serde, serde_json) used by test crates instead of crates.io. */
    static void requireDebianCrates() {
        boolean present = Files.isDirectory(DEBIAN_CRATES)
                && hasCrate("regex-")
                && hasCrate("serde_json-")
                && hasCrate("serde_derive-");
        Required.require(present, "Debian's packaged crate sources in " + DEBIAN_CRATES + SETUP);
    }

    private static boolean hasCrate(String prefix) {
        try (var entries = Files.list(DEBIAN_CRATES)) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
        } catch (IOException e) {
            return false;
        }
    }

    /** An emulated Raspberry Pi: qemu-user and a root directory holding Debian's JVM for that architecture. */
    enum Pi {
        /** 32-bit Raspberry Pi OS (armhf): Pi 2/3/4/5, and with {@code -cpu arm1176} a Pi Zero / Pi 1. */
        ARMHF("qemu.arm", "pi.armhf.root", "pi.armhf.java"),
        /** 64-bit Raspberry Pi OS (arm64). */
        ARM64("qemu.aarch64", "pi.arm64.root", "pi.arm64.java");

        private final String qemuKey;
        private final String rootKey;
        private final String javaKey;

        Pi(String qemuKey, String rootKey, String javaKey) {
            this.qemuKey = qemuKey;
            this.rootKey = rootKey;
            this.javaKey = javaKey;
        }

        /** The command line that runs {@code program} on this Pi, optionally on a specific CPU model. */
        List<String> command(String cpu, String program, List<String> args) {
            List<String> cmd = new ArrayList<>(List.of(get(qemuKey)));
            if (cpu != null) {
                cmd.addAll(List.of("-cpu", cpu));
            }
            cmd.addAll(List.of("-L", get(rootKey), program));
            cmd.addAll(args);
            return cmd;
        }

        /** Runs Debian's JVM of this Pi under qemu with the given arguments. */
        ItSupport.ProgramResult java(String cpu, List<String> args) throws Exception {
            return java(cpu, args, Map.of());
        }

        /** The same with these environment variables added. */
        ItSupport.ProgramResult java(String cpu, List<String> args, Map<String, String> environment) throws Exception {
            return ItSupport.run(command(cpu, get(javaKey), args), 300, environment);
        }

        /** Runs a (static) executable of this Pi's architecture under qemu. */
        ItSupport.ProgramResult run(String cpu, Path executable, List<String> args) throws Exception {
            return ItSupport.run(command(cpu, executable.toString(), args), 120);
        }
    }
}
