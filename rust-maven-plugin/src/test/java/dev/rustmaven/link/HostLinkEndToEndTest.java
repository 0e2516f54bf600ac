package dev.rustmaven.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.system.HostSystem;
import dev.rustmaven.testing.Required;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links a real cdylib and a real executable for this machine (x86_64 glibc) through the generated
 * launcher, with cargo and rustc from rustup stable and the compiler's rust-lld, against the host's own
 * glibc and start files; then runs the executable and loads the library into this JVM.
 */
class HostLinkEndToEndTest {

    private static final String TRIPLE = "x86_64-unknown-linux-gnu";
    private static final Path HOST_LIB = Path.of("/usr/lib/x86_64-linux-gnu");
    private static final Path HOST_LIB2 = Path.of("/lib/x86_64-linux-gnu");
    /** Passed as {@code --build-id=0x...}: finding it in an output proves the front end linked it. */
    private static final String MARKER = "7275737420206d6176656e206c696e6b";

    @TempDir
    static Path work;

    private static Path lld;

    @BeforeAll
    static void needsTheHostToolchain() {
        Required.require(
                System.getProperty("os.name", "").equals("Linux")
                        && System.getProperty("os.arch", "").equals("amd64"),
                "an x86_64 Linux machine");
        Optional<Path> sysroot = HostToolchain.sysroot();
        Required.require(
                sysroot.isPresent() && HostToolchain.run("cargo", "--version").isPresent(),
                "rustc and cargo (rustup stable) on PATH");
        Required.require(HostToolchain.host().equals(TRIPLE), "a rustc whose host is " + TRIPLE);
        Required.require(
                Files.isRegularFile(HOST_LIB.resolve("Scrt1.o"))
                        && Files.isRegularFile(HOST_LIB.resolve("libc.so"))
                        && Files.isRegularFile(HOST_LIB2.resolve("libgcc_s.so.1")),
                "the host's glibc development files (libc6-dev: Scrt1.o, libc.so) and libgcc_s.so.1");
        lld = LldLocator.forHost(HostSystem.current())
                .locate(Optional.empty(), sysroot, TRIPLE)
                .map(LldLocator.Located::path)
                .orElse(null);
        Required.require(lld != null, "rust-lld in the rustup toolchain");
    }

    private static native long sumOfSquares(int n);

    @Test
    void linksARunnableExecutableAndALoadableJniLibrary() throws Exception {
        // given
        Path crate = copyCrate(work.resolve("crate"));
        Path launcher = launcher(work.resolve("release"));

        // when
        String log = cargo(crate, launcher, "--release");

        // then
        Path out = crate.resolve("target").resolve(TRIPLE).resolve("release");
        Path bin = out.resolve("link-e2e");
        Path lib = out.resolve("liblink_e2e.so");
        assertThat(containsMarker(bin))
                .as("the executable was linked by the front end\n" + log)
                .isTrue();
        assertThat(containsMarker(lib))
                .as("the library was linked by the front end\n" + log)
                .isTrue();
        assertThat(run(bin, "pi", "zero", "w1"))
                .isEqualTo("linked by the front end: pi+zero+w1 (2 distinct lengths)\n");

        System.load(lib.toString());
        assertThat(sumOfSquares(10)).isEqualTo(385L);
    }

    @Test
    void linksThroughAResponseFileForLld() throws Exception {
        // given: a launcher that always hands LLD its arguments in a response file
        Path crate = copyCrate(work.resolve("crate-rsp"));
        Path plain = launcher(work.resolve("rsp"));
        Path launcher = plain.resolveSibling("with-response-file");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + plain + "' --response-file-threshold 0 \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

        // when
        String log = cargo(crate, launcher, "--profile", "dev");

        // then
        Path bin = crate.resolve("target").resolve(TRIPLE).resolve("debug").resolve("link-e2e");
        assertThat(containsMarker(bin)).as(log).isTrue();
        assertThat(run(bin, "a b")).isEqualTo("linked by the front end: a b (1 distinct lengths)\n");
    }

    private static Path launcher(Path dir) throws IOException {
        Path gccS = Files.createDirectories(dir.resolve("libgcc_s"));
        // -lgcc_s wants libgcc_s.so; outside gcc's own directory the host has only the runtime's libgcc_s.so.1,
        // so a one-line linker script (what gcc's libgcc_s.so is, too) points at it.
        Files.writeString(gccS.resolve("libgcc_s.so"), "INPUT ( " + HOST_LIB2.resolve("libgcc_s.so.1") + " )\n");
        LinkerConfig config = LinkerConfigs.forTarget(Target.parse(TRIPLE), lld)
                .withSearchDirs(List.of(HOST_LIB, HOST_LIB2, gccS))
                .withStartFilesDir(Optional.of(HOST_LIB))
                .withExtraArgs(List.of("--build-id=0x" + MARKER));
        Path configFile = dir.resolve("link.properties");
        config.store(configFile);
        return new LauncherWriter(HostSystem.current(), List.of(LauncherWriter.codeSourceOf(LinkerMain.class)))
                .write(dir.resolve("bin"), TRIPLE, configFile);
    }

    private static String cargo(Path crate, Path launcher, String... profile) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("cargo", "build", "--offline", "--target", TRIPLE));
        command.addAll(List.of(profile));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(crate.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("RUSTFLAGS");
        env.remove("CARGO_ENCODED_RUSTFLAGS");
        env.remove("CARGO_BUILD_TARGET_DIR");
        env.remove("CARGO_TARGET_DIR");
        env.put("CARGO_TARGET_" + Target.parse(TRIPLE).cargoEnvName() + "_LINKER", launcher.toString());
        Process p = builder.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("cargo build failed:\n" + log).isZero();
        return log;
    }

    private static String run(Path program, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean containsMarker(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] marker = HexFormat.of().parseHex(MARKER);
        outer:
        for (int i = 0; i + marker.length <= bytes.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (bytes[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static Path copyCrate(Path target) throws IOException, URISyntaxException {
        Path source = Path.of(HostLinkEndToEndTest.class
                        .getResource("/link/host-crate/Cargo.toml")
                        .toURI())
                .getParent();
        try (Stream<Path> files = Files.walk(source)) {
            files.forEach(from -> {
                try {
                    Path to = target.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }
}
