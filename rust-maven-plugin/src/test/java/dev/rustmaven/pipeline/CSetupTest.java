package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.cargo.CargoOptions;
import dev.rustmaven.cc.CCompilerLocator;
import dev.rustmaven.cc.TargetHeaders;
import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.plugin.MavenSettingNames;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.testing.Required;
import dev.rustmaven.toolchain.ExecutableFinder;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.toolchain.ToolchainLocator;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the machine's real cargo ({@code cargo tree}) on crates whose C build helper is a local path crate
 * named {@code cc}, so nothing is downloaded; the compiler is a fake clang in a directory of its own.
 */
class CSetupTest {

    private static final Target ARMV7 = Target.parse("armv7-unknown-linux-gnueabihf");

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();
    private Toolchain toolchain;

    @BeforeEach
    void setUp() throws Exception {
        ExecutableFinder finder = ExecutableFinder.forHost(HostSystem.current());
        Required.require(
                finder.find("cargo").isPresent() && finder.find("rustc").isPresent(),
                "cargo and rustc on the PATH or in ~/.cargo/bin");
        toolchain = new ToolchainLocator(finder, new ProcessRunner(), MavenSettingNames.INSTANCE)
                .locate(Optional.empty(), Optional.empty(), dir);
    }

    private Path crate(String name, String dependencies) throws IOException {
        Path crate = dir.resolve(name);
        Files.createDirectories(crate.resolve("src"));
        Files.writeString(
                crate.resolve("Cargo.toml"),
                "[package]\nname = \"" + name + "\"\nversion = \"0.1.0\"\n" + "edition = \"2021\"\n" + dependencies);
        Files.writeString(crate.resolve("src/lib.rs"), "");
        return crate;
    }

    /** An application using ring (whose build script uses cc) and, for another platform only, a C crate. */
    private Path application() throws IOException {
        crate("cc", "");
        crate("ring", "[build-dependencies]\ncc = { path = \"../cc\" }\n");
        crate("wincrypt", "[build-dependencies]\ncc = { path = \"../cc\" }\n");
        return crate(
                "app",
                "[dependencies]\nring = { path = \"../ring\" }\n"
                        + "[target.'cfg(windows)'.dependencies]\nwincrypt = { path = \"../wincrypt\" }\n");
    }

    private CargoOptions options(Path crate) {
        return new CargoOptions(
                crate, "release", List.of(), false, false, List.of(), Map.of(), dir.resolve("target"), true);
    }

    private Path bin(String... tools) throws IOException {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        for (String tool : tools) {
            Path p = bin.resolve(tool);
            Files.writeString(p, "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    private CSetup setup(Optional<String> configured, Path path) {
        CCompilerLocator locator =
                new CCompilerLocator(new ExecutableFinder(Map.of("PATH", path.toString()), dir.resolve("home"), false));
        return new CSetup(
                configured,
                locator,
                target -> new TargetHeaders(dir.resolve("roots").resolve(target.triple()), target.isMusl()),
                target -> dir.resolve("plugin-ar"),
                new ProcessRunner(),
                dir.resolve("work"),
                MavenSettingNames.INSTANCE,
                HostSystem.current().withEnvironment(Map.of()).withUserHome(dir.resolve("home")),
                log);
    }

    @Test
    void setsClangForTheTargetWhenACrateOfTheBuildCompilesC() throws Exception {
        Path app = application();
        Path bin = bin("clang-14", "clang++-14");

        CSetup.Prepared prepared = setup(Optional.empty(), bin)
                .prepare(ARMV7, toolchain, options(app), Map.of())
                .orElseThrow();

        assertThat(prepared.environment())
                .containsEntry(
                        "CC_armv7_unknown_linux_gnueabihf",
                        bin.resolve("clang-14").toString())
                .containsEntry(
                        "CXX_armv7_unknown_linux_gnueabihf",
                        bin.resolve("clang++-14").toString())
                .containsEntry(
                        "AR_armv7_unknown_linux_gnueabihf",
                        dir.resolve("plugin-ar").toString());
        assertThat(prepared.environment().get("CFLAGS_armv7_unknown_linux_gnueabihf"))
                .startsWith("--target=armv7-unknown-linux-gnueabihf -march=armv7-a")
                .endsWith("--sysroot=" + dir.resolve("roots/armv7-unknown-linux-gnueabihf"));
        assertThat(log.messages("INFO"))
                .anySatisfy(l -> assertThat(l)
                        .contains("C for armv7-unknown-linux-gnueabihf (ring v0.1.0 (through cc))")
                        .doesNotContain("wincrypt"));
    }

    @Test
    void oneCargoTreeForEveryTargetAnswersWhenNoTargetUsesC() throws Exception {
        // given: a crate without C, and one whose only C crate is for another platform (Windows)
        Path plain = crate("plain", "");
        crate("cc", "");
        crate("wincrypt", "[build-dependencies]\ncc = { path = \"../cc\" }\n");
        Path windowsOnly =
                crate("winapp", "[target.'cfg(windows)'.dependencies]\nwincrypt = { path = \"../wincrypt\" }\n");
        Target aarch64 = Target.parse("aarch64-unknown-linux-gnu");

        // when
        CSetup setup = setup(Optional.empty(), bin("clang"));
        Map<String, Set<String>> plainArmv7 = setup.cCrates(ARMV7, toolchain, options(plain), Map.of());
        Map<String, Set<String>> plainAarch64 =
                setup(Optional.empty(), bin("clang")).cCrates(aarch64, toolchain, options(plain), Map.of());
        boolean perTargetForPlain = Files.exists(setup.answersOf(plain).resolve(ARMV7.triple() + ".tree"))
                || Files.exists(setup.answersOf(plain).resolve(aarch64.triple() + ".tree"));
        Map<String, Set<String>> windowsOnlyArmv7 =
                setup(Optional.empty(), bin("clang")).cCrates(ARMV7, toolchain, options(windowsOnly), Map.of());

        // then: for the plain crate the query of every target answered, and no target was asked on its own;
        // where some target uses C, each target is asked, and Linux's has none here
        assertThat(plainArmv7).isEmpty();
        assertThat(plainAarch64).isEmpty();
        assertThat(setup.answersOf(plain).resolve("all.tree")).isRegularFile();
        assertThat(perTargetForPlain)
                .as("cargo tree run for a single target of the plain crate")
                .isFalse();
        assertThat(windowsOnlyArmv7).isEmpty();
        assertThat(setup.answersOf(windowsOnly).resolve(ARMV7.triple() + ".tree"))
                .isRegularFile();
        assertThat(Files.readString(setup.answersOf(windowsOnly).resolve("all.tree")))
                .contains("wincrypt");
    }

    @Test
    void keepsCargosAnswerAcrossBuildsUntilTheManifestLockFileOrCargoConfigurationChanges() throws Exception {
        Path app = application();
        CSetup setup = setup(Optional.empty(), bin("clang"));
        setup.cCrates(ARMV7, toolchain, options(app), Map.of());
        Path cached = setup.answersOf(app).resolve("armv7-unknown-linux-gnueabihf.tree");
        String first = Files.readString(cached);
        // A cached answer that says otherwise proves the cache is read rather than cargo asked again.
        Files.writeString(cached, first.replace("1ring v0.1.0", "1ringo v0.1.0"));

        assertThat(setup(Optional.empty(), bin("clang")).cCrates(ARMV7, toolchain, options(app), Map.of()))
                .as("another build (a new JVM, after mvn clean)")
                .containsOnlyKeys("ringo v0.1.0");

        Files.writeString(app.resolve("Cargo.toml"), Files.readString(app.resolve("Cargo.toml")) + "\n# changed\n");
        assertThat(setup.cCrates(ARMV7, toolchain, options(app), Map.of())).containsOnlyKeys("ring v0.1.0");

        // cargo's configuration: a [patch] could bring in C
        Files.writeString(cached, Files.readString(cached).replace("1ring v0.1.0", "1ringo v0.1.0"));
        Files.createDirectories(app.resolve(".cargo"));
        Files.writeString(app.resolve(".cargo/config.toml"), "[build]\njobs = 1\n");
        assertThat(setup.cCrates(ARMV7, toolchain, options(app), Map.of())).containsOnlyKeys("ring v0.1.0");
    }

    @Test
    void aKeptAnswerIsAskedAgainWhenAPathDependencysOwnManifestChanges() throws Exception {
        // given: app depends on sys, whose cc build dependency is for Windows only: no C for armv7
        crate("cc", "");
        Path sys = crate("sys", "[target.'cfg(windows)'.build-dependencies]\ncc = { path = \"../cc\" }\n");
        Path app = crate("app", "[dependencies]\nsys = { path = \"../sys\" }\n");
        assertThat(setup(Optional.empty(), bin("clang")).cCrates(ARMV7, toolchain, options(app), Map.of()))
                .isEmpty();

        // when: sys's own manifest (not app's) makes cc a build dependency everywhere
        Files.writeString(
                sys.resolve("Cargo.toml"),
                "[package]\nname = \"sys\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"
                        + "[build-dependencies]\ncc = { path = \"../cc\" }\n");

        // then
        assertThat(setup(Optional.empty(), bin("clang")).cCrates(ARMV7, toolchain, options(app), Map.of()))
                .containsOnlyKeys("sys v0.1.0");
    }

    @Test
    void anAnswerGivenWhileTheManifestWasSavedIsNotKept() throws Exception {
        // given: a cargo that saves the crate's manifest while it runs, as an editor might
        Path app = application();
        Path saving = dir.resolve("saving-cargo");
        Files.writeString(
                saving,
                "#!/bin/sh\necho '# saved' >> '" + app.resolve("Cargo.toml") + "'\nexec '" + toolchain.cargo()
                        + "' \"$@\"\n");
        Files.setPosixFilePermissions(saving, PosixFilePermissions.fromString("rwxr-xr-x"));
        Toolchain whileSaving =
                new Toolchain(saving, toolchain.rustc(), toolchain.info(), toolchain.sysroot(), toolchain.targetList());
        CSetup setup = setup(Optional.empty(), bin("clang"));

        // when
        Map<String, Set<String>> answer = setup.cCrates(ARMV7, whileSaving, options(app), Map.of());

        // then: answered, and not kept under either manifest's key
        assertThat(answer).containsOnlyKeys("ring v0.1.0");
        assertThat(setup.answersOf(app).resolve(ARMV7.triple() + ".tree")).doesNotExist();
    }

    @Test
    void withoutClangACrateWithCFailsBeforeCargoBuildsNamingTheCrateAndWhatToDo() throws Exception {
        Path app = application();

        assertThatThrownBy(() -> setup(Optional.empty(), bin("gcc")).prepare(ARMV7, toolchain, options(app), Map.of()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("ring v0.1.0 (through cc) compile C for armv7-unknown-linux-gnueabihf")
                .hasMessageContaining("no C compiler was found (looked for clang, clang-<N> on the PATH)")
                .hasMessageContaining("apt-get install clang")
                .hasMessageContaining("<cc> (rust.cc)");
    }

    @Test
    void aConfiguredCompilerThatIsNotThereIsAConfigurationError() throws Exception {
        Path app = application();

        assertThatThrownBy(() -> setup(Optional.of("/opt/none/clang"), bin("clang"))
                        .prepare(ARMV7, toolchain, options(app), Map.of()))
                .hasMessageStartingWith("<cc> (rust.cc): '/opt/none/clang' is not an executable file");
    }

    @Test
    void nothingIsSetForTheHostForACrateWithoutCOrWhenTheUserChoseACompiler() throws Exception {
        Path app = application();
        Path plain = crate("plain", "");
        CSetup setup = setup(Optional.empty(), bin("gcc"));

        assertThat(setup.prepare(ARMV7, toolchain, options(app), Map.of("CC_armv7-unknown-linux-gnueabihf", "arm-gcc")))
                .isEmpty();
        assertThat(setup.prepare(Target.parse(toolchain.host()), toolchain, options(app), Map.of()))
                .isEmpty();
        assertThat(dir.resolve("work"))
                .as("for the user's own compiler and the host, cargo is not even asked")
                .doesNotExist();
        assertThat(setup.prepare(ARMV7, toolchain, options(plain), Map.of())).isEmpty();
    }
}
