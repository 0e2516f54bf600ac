package dev.rustmaven.pipeline;

import static dev.rustmaven.distribution.FakeToolchainDist.HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.distribution.CacheLayout;
import dev.rustmaven.distribution.DistServer;
import dev.rustmaven.distribution.DownloadListener;
import dev.rustmaven.distribution.DownloadSettings;
import dev.rustmaven.distribution.Downloader;
import dev.rustmaven.distribution.FakeToolchainDist;
import dev.rustmaven.distribution.LoopbackServer;
import dev.rustmaven.distribution.ToolchainInstaller;
import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.plugin.MavenSettingNames;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.toolchain.ExecutableFinder;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.toolchain.ToolchainLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The choice of cargo and rustc, with toolchains from a loopback dist server whose rustc is a script. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake rustc is a POSIX shell script")
class ToolchainProvisioningTest {

    private static final String HASH = "59807616e1b6bd4e4a0bfb3a1c1a4dc2cf2ba6d7";
    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";

    @TempDir
    Path temp;

    private LoopbackServer server;
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void startServer() throws Exception {
        server = LoopbackServer.start();
        new FakeToolchainDist()
                .toolchain(
                        "1.95.0",
                        HASH,
                        "2026-04-14",
                        false,
                        "/dist/channel-rust-1.95.0.toml",
                        "/dist/channel-rust-stable.toml")
                .serveOn(server);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** A provisioning whose PATH holds no cargo and no rustc at all. */
    private ToolchainProvisioning provisioning() {
        return provisioning(Map.of("PATH", temp.resolve("empty-path").toString()), Optional.empty(), "cache");
    }

    /**
     * A provisioning of a machine with this environment (also what the locator searches) and rustup, installing
     * into {@code cache} under the test's directory.
     */
    private ToolchainProvisioning provisioning(Map<String, String> env, Optional<Path> rustup, String cache) {
        return new ToolchainProvisioning(
                new ToolchainLocator(
                        new ExecutableFinder(env, temp, false), new ProcessRunner(), MavenSettingNames.INSTANCE),
                new ToolchainInstaller(
                        new CacheLayout(temp.resolve(cache)),
                        new DistServer(server.root()),
                        new Downloader(DownloadSettings.DEFAULTS, DownloadListener.NONE, log),
                        false,
                        log),
                Optional.of(HOST),
                rustup,
                env,
                false,
                MavenSettingNames.INSTANCE,
                log);
    }

    private Path crate() throws Exception {
        return Files.createDirectories(temp.resolve("project/src/main/rust"));
    }

    private BuildRequest request(Path crate, List<String> targets, Optional<String> rustc, Optional<String> version) {
        return BuildRequest.forToolchain(crate, targets, Optional.empty(), rustc, version);
    }

    @Test
    void theVersionSettingInstallsTheToolchainAndLogsItsChoiceOnce() throws Exception {
        ToolchainProvisioning provisioning = provisioning();
        BuildRequest request = request(crate(), List.of(), Optional.empty(), Optional.of("stable"));

        Toolchain first = provisioning.select(request).toolchain();
        Toolchain second = provisioning.select(request).toolchain();

        assertThat(second).isSameAs(first);
        assertThat(first.rustc()).isEqualTo(temp.resolve("cache/toolchains/1.95.0-59807616e-" + HOST + "/bin/rustc"));
        assertThat(first.cargo()).hasFileName("cargo").startsWith(temp.resolve("cache/toolchains"));
        assertThat(first.sysroot()).isEqualTo(first.rustc().getParent().getParent());
        assertThat(log.messages("INFO").stream().filter(m -> m.startsWith("Using Rust toolchain")))
                .containsExactly("Using Rust toolchain 'stable': rustc 1.95.0 (59807616e 2026-04-14) (<version>"
                        + " (rust.version) = stable; downloaded from " + server.root() + ")");
    }

    @Test
    void aToolchainFilesChannelIsInstalledAndItsTargetsAreBuiltWhenNoneAreSet() throws Exception {
        crate();
        Files.writeString(
                temp.resolve("project/rust-toolchain.toml"),
                "[toolchain]\nchannel = \"1.95.0\"\ntargets = [\"" + ARMV7 + "\"]\n");
        ToolchainProvisioning provisioning = provisioning();

        Toolchain toolchain = provisioning
                .select(request(crate(), List.of(), Optional.empty(), Optional.empty()))
                .toolchain();

        assertThat(toolchain.info().release()).isEqualTo("1.95.0");
        assertThat(provisioning.targets(request(crate(), List.of(), Optional.empty(), Optional.empty())))
                .containsExactly(HOST, ARMV7);
        assertThat(provisioning.targets(
                        request(crate(), List.of("aarch64-unknown-linux-gnu"), Optional.empty(), Optional.empty())))
                .containsExactly("aarch64-unknown-linux-gnu");
        assertThat(log.messages("INFO"))
                .anySatisfy(m -> assertThat(m)
                        .contains("channel = \"1.95.0\" in " + temp.resolve("project/rust-toolchain.toml")))
                .anySatisfy(m -> assertThat(m).contains("<targets> (rust.targets) is set and wins"));
    }

    @Test
    void onAMachineWithRustupAToolchainFileIsLeftToRustup() throws Exception {
        // given a machine whose PATH holds rustup's proxies (here: the fake toolchain, installed once)
        Toolchain installed = provisioning()
                .select(request(crate(), List.of(), Optional.empty(), Optional.of("1.95.0")))
                .toolchain();
        Files.writeString(temp.resolve("project/rust-toolchain.toml"), "[toolchain]\nchannel = \"1.80.0\"\n");
        Path rustup = temp.resolve("bin/rustup");
        ToolchainProvisioning provisioning = provisioning(
                Map.of("PATH", installed.cargo().getParent().toString()), Optional.of(rustup), "other-cache");
        int before = server.totalHits();

        // when
        Toolchain toolchain = provisioning
                .select(request(crate(), List.of(), Optional.empty(), Optional.empty()))
                .toolchain();

        // then: the PATH's tools, nothing fetched
        assertThat(toolchain.cargo()).isEqualTo(installed.cargo());
        assertThat(server.totalHits()).isEqualTo(before);
        assertThat(log.messages("INFO"))
                .anySatisfy(m -> assertThat(m).contains("is left to rustup (" + rustup + "), which honours it"));
    }

    @Test
    void rustcInTheEnvironmentWinsOverAToolchainFileAndAPathWithoutToolsIsNamed() throws Exception {
        // given: an installed toolchain named by RUSTC, and a toolchain file asking for another release
        Toolchain installed = provisioning()
                .select(request(crate(), List.of(), Optional.empty(), Optional.of("1.95.0")))
                .toolchain();
        Files.writeString(temp.resolve("project/rust-toolchain.toml"), "[toolchain]\nchannel = \"1.80.0\"\n");
        Map<String, String> env = Map.of(
                "PATH",
                installed.cargo().getParent().toString(),
                "RUSTC",
                installed.rustc().toString());
        ToolchainProvisioning provisioning = provisioning(env, Optional.empty(), "other-cache");

        // when
        Toolchain toolchain = provisioning
                .select(request(crate(), List.of(), Optional.empty(), Optional.empty()))
                .toolchain();

        // then
        assertThat(toolchain.rustc()).isEqualTo(installed.rustc());
        assertThat(log.messages("INFO"))
                .anySatisfy(m -> assertThat(m).contains("is not used: the environment variable RUSTC is set and wins"));

        // and: a toolchain file whose path holds no tools says so, naming the file
        Files.writeString(temp.resolve("project/rust-toolchain.toml"), "[toolchain]\npath = \"/nonexistent/rust\"\n");
        assertThatThrownBy(() -> provisioning().select(request(crate(), List.of(), Optional.empty(), Optional.empty())))
                .hasMessageStartingWith("The toolchain file " + temp.resolve("project/rust-toolchain.toml")
                        + ": path /nonexistent/rust has no executable bin/cargo");
    }

    @Test
    void theVersionSettingWinsOverAToolchainFileAndExplicitToolsWinOverItToo() throws Exception {
        crate();
        Files.writeString(temp.resolve("project/rust-toolchain"), "nightly-2026-05-19\n");
        ToolchainProvisioning provisioning = provisioning();
        Toolchain pinned = provisioning
                .select(request(crate(), List.of(), Optional.empty(), Optional.of("1.95.0")))
                .toolchain();

        Toolchain explicit = provisioning
                .select(BuildRequest.forToolchain(
                        crate(),
                        List.of(),
                        Optional.of(pinned.cargo().toString()),
                        Optional.of(pinned.rustc().toString()),
                        Optional.empty()))
                .toolchain();

        assertThat(explicit.rustc()).isEqualTo(pinned.rustc());
        assertThat(log.messages("INFO"))
                .anySatisfy(m -> assertThat(m).contains("is not used: <version> (rust.version) is set and wins"))
                .anySatisfy(m -> assertThat(m).contains("is not used: <cargo> (rust.cargo) is set and wins"));
    }

    @Test
    void aVersionTogetherWithARustcIsRefusedNamingBoth() throws Exception {
        BuildRequest request = request(crate(), List.of(), Optional.of("/opt/rustc"), Optional.of("1.95.0"));

        assertThatThrownBy(() -> provisioning().select(request))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("<version> (rust.version): '1.95.0' asks for a toolchain the plugin installs")
                .hasMessageContaining("<rustc> (rust.rustc) names a toolchain too");
    }

    @Test
    void badNamesAreRefusedNamingWhereTheyCameFrom() throws Exception {
        assertThatThrownBy(() ->
                        provisioning().select(request(crate(), List.of(), Optional.empty(), Optional.of("latest"))))
                .hasMessageStartingWith("<version> (rust.version): 'latest' is not a Rust toolchain name");

        Files.writeString(temp.resolve("project/rust-toolchain.toml"), "[toolchain]\nchannel = \"newest\"\n");
        assertThatThrownBy(() -> provisioning().select(request(crate(), List.of(), Optional.empty(), Optional.empty())))
                .hasMessageContaining("The toolchain file " + temp.resolve("project/rust-toolchain.toml"))
                .hasMessageContaining("'newest' is not a Rust toolchain name");
    }

    @Test
    void aVersionTheServerLacksNamesTheSettingAndWhatTheServerHas() throws Exception {
        assertThatThrownBy(() ->
                        provisioning().select(request(crate(), List.of(), Optional.empty(), Optional.of("1.99.0"))))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining(
                        "Could not provide the Rust toolchain '1.99.0' (<version> (rust.version) = 1.99.0)")
                .hasMessageContaining("stable is 1.95.0 (59807616e 2026-04-14)")
                .extracting(e -> ((BuildException) e).kind())
                .isEqualTo(BuildException.Kind.CONFIGURATION);
    }
}
