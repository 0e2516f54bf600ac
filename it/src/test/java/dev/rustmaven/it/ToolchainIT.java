package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.elf.ElfFile;
import dev.rustmaven.elf.ElfHeader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code rust.version}: Maven builds on a machine whose PATH holds no cargo and no rustc. The plugin fetches
 * whole host toolchains from the bench's dist mirror (served on 127.0.0.1): 1.95.0 repackaged from rustup's
 * own files, and the bench compiler's release, which also has rust-std for the Pi targets.
 */
class ToolchainIT {

    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";

    @RegisterExtension
    static final DistMirror server = new DistMirror();

    private static String host;
    private static String upstream;
    private static String cross;
    private static Map<String, String> noRust;

    @BeforeAll
    static void bench() throws Exception {
        host = ItSupport.hostTriple();
        upstream = Bench.get("dist.toolchain.upstream");
        cross = Bench.get("dist.toolchain.cross");
        Path emptyCargoHome = Files.createDirectories(ItSupport.work().resolve("cargo-home-without-tools"));
        String path = Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .filter(dir -> !Files.exists(Path.of(dir, "cargo")) && !Files.exists(Path.of(dir, "rustc")))
                .collect(Collectors.joining(File.pathSeparator));
        noRust = Map.of("PATH", path, "CARGO_HOME", emptyCargoHome.toString());
        assertThat(path.split(File.pathSeparator))
                .as("the PATH of the builds")
                .noneMatch(dir -> Files.exists(Path.of(dir, "cargo")) || Files.exists(Path.of(dir, "rustc")));
    }

    private static long requestsFor(String suffix) {
        return server.requests().stream().filter(r -> r.endsWith(suffix)).count();
    }

    private static ItSupport.MavenResult build(Path project, boolean offline, String... props) throws Exception {
        return maven(project, List.of("clean", "package"), offline, ItSupport.settings(), noRust, props);
    }

    @Test
    void aPinnedToolchainBuildsForTheHostAndAPiWithNoRustOnThePathThenOfflineFromTheCache() throws Exception {
        // given
        Path project = ItSupport.example("jni-hello", "jni-hello-pinned");
        Path cache = ItSupport.work().resolve("cache-toolchain-cross");
        ItSupport.deleteRecursively(cache);
        String[] props = Bench.toolchainlessProperties(
                server.url(), cache, "rust.version=" + cross, "rust.targets=" + host + "," + ARMV7);
        String rustc = "/rustc-" + cross + "-" + host + ".tar";
        String cargo = "/cargo-" + cross + "-" + host + ".tar";
        long rustcBefore = requestsFor(rustc + ".gz") + requestsFor(rustc + ".xz");
        long cargoBefore = requestsFor(cargo + ".gz") + requestsFor(cargo + ".xz");
        long stdBefore = requestsFor(Bench.stdTarball(ARMV7));

        // when
        ItSupport.MavenResult online = build(project, false, props).assertSuccess();

        // then: rustc, cargo and the host's rust-std came once each, the Pi's rust-std once, and LLD is the
        // provisioned rustc's own (no second download of the rustc component)
        assertThat(online.log())
                .contains("Using Rust toolchain '" + cross + "': rustc " + cross)
                .contains("<version> (rust.version) = " + cross + "; downloaded from " + server.url())
                .contains("Using LLD " + cache.resolve("toolchains"))
                .contains("Using rust-std for " + ARMV7 + " from " + cache);
        assertThat(requestsFor(rustc + ".gz") + requestsFor(rustc + ".xz") - rustcBefore)
                .isEqualTo(1);
        assertThat(requestsFor(cargo + ".gz") + requestsFor(cargo + ".xz") - cargoBefore)
                .isEqualTo(1);
        assertThat(requestsFor(Bench.stdTarball(ARMV7)) - stdBefore).isEqualTo(1);
        Path armLib = project.resolve("target/cargo/" + ARMV7 + "/release/libjni_hello.so");
        assertThat(ElfFile.read(armLib).header().machine()).isEqualTo(ElfHeader.EM_ARM);
        assertThat(project.resolve("target/cargo/" + host + "/release/libjni_hello.so"))
                .isRegularFile();

        // when: again, offline
        int before = server.requests().size();
        ItSupport.MavenResult offline = build(project, true, props).assertSuccess();

        // then
        assertThat(server.requests()).hasSize(before);
        assertThat(offline.log())
                .contains("Using Rust toolchain '" + cross + "'")
                .contains("cached in " + cache);
    }

    @Test
    void anUpstreamToolchainNamedByAToolchainFileBuildsAndVersionsLiveSideBySide() throws Exception {
        // given: a crate whose rust-toolchain.toml names the release repackaged from rustup's files
        Path project = ItSupport.example("jni-hello", "jni-hello-toolchain-file");
        Files.writeString(
                project.resolve("src/main/rust/rust-toolchain.toml"), "[toolchain]\nchannel = \"" + upstream + "\"\n");
        Path cache = ItSupport.work().resolve("cache-toolchain-file");
        ItSupport.deleteRecursively(cache);
        String[] props = Bench.toolchainlessProperties(server.url(), cache, "rust.targets=" + host);

        // when
        ItSupport.MavenResult fromFile = build(project, false, props).assertSuccess();

        // then
        assertThat(fromFile.log())
                .contains("Using Rust toolchain '" + upstream + "': "
                        + Bench.get("dist.toolchain.upstream.version").replaceFirst("^", "rustc "))
                .contains("channel = \"" + upstream + "\" in " + project.resolve("src/main/rust/rust-toolchain.toml"));
        assertThat(project.resolve("target/cargo/" + host + "/release/libjni_hello.so"))
                .isRegularFile();

        // when: rust.version names another release, which wins over the file
        ItSupport.MavenResult pinned = build(
                        project,
                        false,
                        Bench.toolchainlessProperties(
                                server.url(), cache, "rust.targets=" + host, "rust.version=" + cross))
                .assertSuccess();

        // then: both toolchains are in the cache
        assertThat(pinned.log()).contains("is not used: <version> (rust.version) is set and wins");
        try (var builds = Files.list(cache.resolve("toolchains"))) {
            assertThat(builds.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith(upstream + "-"))
                    .anyMatch(n -> n.startsWith(cross + "-"));
        }
    }

    @Test
    void rustFetchInstallsTheToolchainSoThatAnOfflineBuildNeedsNothingElse() throws Exception {
        Path project = ItSupport.example("jni-hello", "jni-hello-fetch-toolchain");
        Path cache = ItSupport.work().resolve("cache-toolchain-fetch");
        ItSupport.deleteRecursively(cache);
        String[] props =
                Bench.toolchainlessProperties(server.url(), cache, "rust.version=" + upstream, "rust.targets=" + host);

        ItSupport.MavenResult fetched = maven(
                        project, List.of(ItSupport.fetchGoal()), false, ItSupport.settings(), noRust, props)
                .assertSuccess();
        assertThat(fetched.log()).contains("Installed Rust rustc " + upstream);
        int before = server.requests().size();

        build(project, true, props).assertSuccess();
        assertThat(server.requests()).hasSize(before);
    }

    @Test
    void aVersionTheServerLacksFailsNamingWhatItHas() throws Exception {
        Path project = ItSupport.example("jni-hello", "jni-hello-bad-version");
        String[] props = Bench.toolchainlessProperties(
                server.url(),
                ItSupport.work().resolve("cache-toolchain-bad"),
                "rust.version=1.0.99",
                "rust.targets=" + host);

        ItSupport.MavenResult result = build(project, false, props).assertFailure();

        assertThat(result.log())
                .contains("Could not provide the Rust toolchain '1.0.99' (<version> (rust.version) = 1.0.99)")
                .contains("has no toolchain '1.0.99'")
                .contains("stable is " + Bench.get("dist.stable") + " (");
    }

    @Test
    void twoBuildsAtOnceInstallTheToolchainOnce() throws Exception {
        Path cache = ItSupport.work().resolve("cache-toolchain-concurrent");
        ItSupport.deleteRecursively(cache);
        Path first = ItSupport.example("jni-hello", "jni-hello-toolchain-a");
        Path second = ItSupport.example("jni-hello", "jni-hello-toolchain-b");
        String[] props =
                Bench.toolchainlessProperties(server.url(), cache, "rust.version=stable", "rust.targets=" + host);
        long before = requestsFor("/cargo-" + Bench.get("dist.stable") + "-" + host + ".tar.gz");

        CompletableFuture<ItSupport.MavenResult> a = CompletableFuture.supplyAsync(() -> quietly(first, props));
        CompletableFuture<ItSupport.MavenResult> b = CompletableFuture.supplyAsync(() -> quietly(second, props));

        a.get().assertSuccess();
        b.get().assertSuccess();
        assertThat(requestsFor("/cargo-" + Bench.get("dist.stable") + "-" + host + ".tar.gz") - before)
                .isEqualTo(1);
    }

    private static ItSupport.MavenResult quietly(Path project, String[] props) {
        try {
            return build(project, false, props);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
