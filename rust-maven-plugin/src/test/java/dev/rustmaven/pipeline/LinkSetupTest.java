package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.config.InvalidSettingException;
import dev.rustmaven.glibc.GlibcAbi;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.plugin.MavenSettingNames;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.toolchain.RustcInfo;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.triple.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkSetupTest {

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();
    private final Toolchain toolchain = new Toolchain(
            Path.of("/r/cargo"),
            Path.of("/r/rustc"),
            new RustcInfo("rustc 1.95.0", "1.95.0", "59807616e", "2026-04-14", "x86_64-unknown-linux-gnu", ""),
            Path.of("/r"),
            List.of());

    private LinkPolicy policy(Linking linking, Map<String, String> environment) {
        return new LinkPolicy(
                linking,
                HostSystem.current().withEnvironment(environment).withUserHome(dir.resolve("home")),
                MavenSettingNames.INSTANCE);
    }

    private Optional<String> whyNot(LinkPolicy policy, String triple, Map<String, String> userEnvironment)
            throws Exception {
        return policy.whyNotLinking(
                Target.parse(triple), toolchain, Files.createDirectories(dir.resolve("crate")), userEnvironment);
    }

    @Test
    void autoLinksCrossTargetsButNotTheHost() throws Exception {
        LinkPolicy auto = policy(Linking.AUTO, Map.of());

        assertThat(whyNot(auto, "armv7-unknown-linux-gnueabihf", Map.of())).isEmpty();
        assertThat(whyNot(auto, "x86_64-unknown-linux-gnu", Map.of()))
                .hasValueSatisfying(r -> assertThat(r).contains("is the host"));
        assertThat(whyNot(policy(Linking.LLD, Map.of()), "x86_64-unknown-linux-gnu", Map.of()))
                .isEmpty();
        assertThat(whyNot(policy(Linking.CARGO, Map.of()), "armv7-unknown-linux-gnueabihf", Map.of()))
                .contains("<linking> (rust.linking) is cargo");
    }

    @Test
    void aLinkerOfTheUsersIsLeftAlone() throws Exception {
        String variable = "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER";

        assertThat(whyNot(
                        policy(Linking.AUTO, Map.of(variable, "aarch64-linux-gnu-gcc")),
                        "aarch64-unknown-linux-gnu",
                        Map.of()))
                .hasValueSatisfying(r -> assertThat(r).contains(variable));
        assertThat(whyNot(policy(Linking.AUTO, Map.of()), "aarch64-unknown-linux-gnu", Map.of(variable, "mine")))
                .hasValueSatisfying(r -> assertThat(r).contains("mine"));

        Files.createDirectories(dir.resolve("crate/.cargo"));
        Files.writeString(
                dir.resolve("crate/.cargo/config.toml"),
                "[target.aarch64-unknown-linux-gnu]\nlinker = \"clang-wrapper\"\n");
        assertThat(whyNot(policy(Linking.AUTO, Map.of()), "aarch64-unknown-linux-gnu", Map.of()))
                .hasValueSatisfying(r -> assertThat(r)
                        .contains("target.aarch64-unknown-linux-gnu.linker")
                        .contains("clang-wrapper"));
    }

    @Test
    void lldLinkingOfATargetThePluginDoesNotKnowIsAConfigurationError() throws Exception {
        LinkPolicy lld = policy(Linking.LLD, Map.of());

        assertThatThrownBy(() -> whyNot(lld, "powerpc64le-unknown-linux-gnu", Map.of()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("does not know how to link powerpc64le-unknown-linux-gnu");
        assertThat(whyNot(policy(Linking.AUTO, Map.of()), "powerpc64le-unknown-linux-gnu", Map.of()))
                .hasValueSatisfying(r -> assertThat(r).contains("no LLD emulation"));
    }

    @Test
    void perTargetFloorsOverrideTheDefault() {
        LinkSetup.Settings settings = new LinkSetup.Settings(
                Linking.AUTO,
                GlibcVersion.parse("2.28"),
                Map.of("aarch64-unknown-linux-gnu", GlibcVersion.parse("2.31")),
                Optional.empty());

        assertThat(settings.floor(Target.parse("aarch64-unknown-linux-gnu"))).isEqualTo(GlibcVersion.parse("2.31"));
        assertThat(settings.floor(Target.parse("armv7-unknown-linux-gnueabihf")))
                .isEqualTo(GlibcVersion.parse("2.28"));
    }

    @Test
    void startFilesAreFoundInTheDebianMultiarchDirectoryOfASysroot() throws Exception {
        Path root = dir.resolve("pi-root");
        Files.createDirectories(root.resolve("usr/lib/arm-linux-gnueabihf"));
        Files.writeString(root.resolve("usr/lib/arm-linux-gnueabihf/crt1.o"), "");
        Files.createDirectories(root.resolve("usr/lib/aarch64-linux-gnu"));
        Files.writeString(root.resolve("usr/lib/aarch64-linux-gnu/crt1.o"), "");

        assertThat(StartFiles.directory(
                        root, Target.parse("armv7-unknown-linux-gnueabihf"), MavenSettingNames.INSTANCE))
                .isEqualTo(root.resolve("usr/lib/arm-linux-gnueabihf"));
        assertThat(StartFiles.directory(root, Target.parse("aarch64-unknown-linux-gnu"), MavenSettingNames.INSTANCE))
                .isEqualTo(root.resolve("usr/lib/aarch64-linux-gnu"));
        assertThatThrownBy(() ->
                        StartFiles.directory(root, Target.parse("i686-unknown-linux-gnu"), MavenSettingNames.INSTANCE))
                .hasMessageContaining("<sysroot> (rust.sysroot)")
                .hasMessageContaining("has no crt1.o");
    }

    @Test
    void cargoFindsTheLinkerByNameOnPathSoNoCheckoutPathReachesRustcsArgumentsOrCargoVariables() {
        LinkSetup.Plan plan = new LinkSetup.Plan(
                Target.parse("aarch64-unknown-linux-gnu"),
                Path.of("/w/target/rust-maven/link/rust-maven-linker-aarch64-unknown-linux-gnu"),
                Optional.empty(),
                Optional.empty(),
                "<glibc> (rust.glibc)");

        assertThat(plan.environment(false, "/usr/local/bin:/usr/bin"))
                .containsOnly(
                        Map.entry(
                                "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
                                "rust-maven-linker-aarch64-unknown-linux-gnu"),
                        Map.entry("PATH", "/w/target/rust-maven/link:/usr/local/bin:/usr/bin"));
        assertThat(plan.environment(false, null)).containsEntry("PATH", "/w/target/rust-maven/link:/usr/bin:/bin");
        // rustc on Windows finds only .exe files by name: the .cmd launcher keeps its full path
        assertThat(plan.environment(true, "C:\\bin"))
                .containsOnly(Map.entry(
                        "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
                        "/w/target/rust-maven/link/rust-maven-linker-aarch64-unknown-linux-gnu"));
    }

    @Test
    void undefinedSymbolsOfAFailedLinkAreExplainedWithTheLowestFloorThatHasThem() {
        LinkSetup.Plan plan = new LinkSetup.Plan(
                Target.parse("aarch64-unknown-linux-gnu"),
                Path.of("/l"),
                Optional.of(GlibcVersion.parse("2.24")),
                Optional.of(GlibcAbi.load("aarch64")),
                "<glibc> (rust.glibc)");

        List<String> explained = UndefinedSymbols.explain(
                plan,
                List.of(
                        "  = note: rust-lld: error: undefined symbol: getrandom",
                        "          >>> referenced by lib.rs:7",
                        "rust-lld: error: undefined symbol: getrandom"));

        assertThat(explained)
                .containsExactly(
                        "`getrandom` does not exist at glibc 2.24; the lowest floor that has it is 2.25 (set <glibc>"
                                + " (rust.glibc) to 2.25 or higher, or avoid the function)");
    }

    @Test
    void linkingParameterValues() throws Exception {
        assertThat(Linking.parse(" LLD ")).isEqualTo(Linking.LLD);
        assertThatThrownBy(() -> Linking.parse("gold"))
                .isInstanceOfSatisfying(
                        InvalidSettingException.class,
                        e -> assertThat(e.render(MavenSettingNames.INSTANCE))
                                .startsWith("<linking> (rust.linking): 'gold' is not a way of linking"));
    }
}
