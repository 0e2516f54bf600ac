package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.toolchain.RustcInfo;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.triple.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stamp that lets a build with nothing changed skip cargo: what counts as a change, and its file. */
class BuildStampTest {

    @TempDir
    Path dir;

    private Path source;
    private Path output;
    private Path jar;
    private Path stampFile;

    @BeforeEach
    void setUp() throws Exception {
        source = Files.writeString(
                Files.createDirectories(dir.resolve("crate/src")).resolve("lib.rs"), "fn a() {}\n");
        output = Files.writeString(
                Files.createDirectories(dir.resolve("cargo/release")).resolve("libx.so"), "ELF");
        jar = Files.writeString(dir.resolve("x-1.0-x86_64-unknown-linux-gnu.jar"), "PK");
        stampFile = dir.resolve("work/build-default.stamp");
    }

    private static Toolchain toolchain(String version, String commit) {
        return new Toolchain(
                Path.of("/rust/bin/cargo"),
                Path.of("/rust/bin/rustc"),
                new RustcInfo("rustc " + version, version, commit, "2026-01-01", "x86_64-unknown-linux-gnu", "20"),
                Path.of("/rust"),
                List.of("x86_64-unknown-linux-gnu"));
    }

    private StampKey.Context context(Toolchain toolchain, Map<String, String> environment) {
        PipelineSettings base = TestPipelines.settings(dir, Linking.AUTO);
        PipelineSettings settings = TestPipelines.withEnvironment(base, environment);
        return new StampKey.Context(
                "1.0.0",
                Optional.empty(),
                toolchain,
                List.of(Target.parse("x86_64-unknown-linux-gnu")),
                TestPipelines.packaging(dir),
                settings);
    }

    private BuildRequest request() {
        return BuildRequest.defaults(dir.resolve("crate"), dir.resolve("cargo"));
    }

    private SortedMap<String, String> key(BuildRequest request, StampKey.Context context) {
        return StampKey.of(request, context, List.of("HELLO_LEVEL"));
    }

    private BuildStamp stamp(SortedMap<String, String> key) {
        return new BuildStamp(
                key,
                BuildStamp.states(List.of(source, dir.resolve("crate/.cargo/config.toml")))
                        .orElseThrow(),
                BuildStamp.states(List.of(output, jar)).orElseThrow(),
                List.of(new BuildStamp.Built("x86_64-unknown-linux-gnu", CargoOutput.Kind.SHARED_LIBRARY, "x", output)),
                new TreeMap<>(Map.of("x86_64-unknown-linux-gnu", jar)),
                new TreeMap<>(Map.of("x86_64-unknown-linux-gnu", "2.28")));
    }

    private final Map<String, String> env = Map.of("RUSTFLAGS", "-C opt-level=3", "PATH", "/usr/bin", "TERM", "xterm");

    @Test
    void nothingChangedIsNoChangeAndTheStampReadsBackAsWritten() throws Exception {
        // given
        BuildStamp written = stamp(key(request(), context(toolchain("1.95.0", "abc"), env)));

        // when
        assertThat(written.write(stampFile)).isTrue();
        BuildStamp read = BuildStamp.read(stampFile).orElseThrow();

        // then
        assertThat(read).isEqualTo(written);
        assertThat(read.firstChange(key(request(), context(toolchain("1.95.0", "abc"), env))))
                .isEmpty();
    }

    @Test
    void aSourceWithAnotherSizeOrModificationTimeIsAChangeNamingIt() throws Exception {
        // given
        SortedMap<String, String> key = key(request(), context(toolchain("1.95.0", "abc"), env));
        BuildStamp stamp = stamp(key);

        // when: same size, touched
        Files.setLastModifiedTime(source, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

        // then
        assertThat(stamp.firstChange(key))
                .hasValueSatisfying(c -> assertThat(c).startsWith("input " + source + " changed"));

        // and when: edited
        stamp = stamp(key);
        Files.writeString(source, "fn a() { let _ = 1; }\n");
        assertThat(stamp.firstChange(key)).hasValueSatisfying(c -> assertThat(c).startsWith("input " + source));
    }

    @Test
    void aConfigurationFileThatAppearsIsAChange() throws Exception {
        SortedMap<String, String> key = key(request(), context(toolchain("1.95.0", "abc"), env));
        BuildStamp stamp = stamp(key);

        Files.writeString(Files.createDirectories(dir.resolve("crate/.cargo")).resolve("config.toml"), "[build]\n");

        assertThat(stamp.firstChange(key)).hasValue("input " + dir.resolve("crate/.cargo/config.toml") + " appeared");
    }

    @Test
    void anotherProfileFeatureOrEnvironmentParameterIsAChangeNamingTheSetting() {
        BuildStamp stamp = stamp(key(request(), context(toolchain("1.95.0", "abc"), env)));
        BuildRequest r = request();
        BuildRequest dev = new BuildRequest(
                r.crateDirectory(),
                r.targets(),
                "dev",
                r.features(),
                false,
                false,
                r.cargoArgs(),
                r.environment(),
                r.cargo(),
                r.rustc(),
                r.rustVersion(),
                r.cargoTargetDirectory());
        BuildRequest featured = new BuildRequest(
                r.crateDirectory(),
                r.targets(),
                "release",
                List.of("simd"),
                false,
                false,
                r.cargoArgs(),
                r.environment(),
                r.cargo(),
                r.rustc(),
                r.rustVersion(),
                r.cargoTargetDirectory());
        BuildRequest environment = new BuildRequest(
                r.crateDirectory(),
                r.targets(),
                "release",
                r.features(),
                false,
                false,
                r.cargoArgs(),
                Map.of("RUSTFLAGS", "-C target-cpu=native"),
                r.cargo(),
                r.rustc(),
                r.rustVersion(),
                r.cargoTargetDirectory());

        StampKey.Context same = context(toolchain("1.95.0", "abc"), env);
        assertThat(stamp.firstChange(key(dev, same))).hasValue("the setting profile changed");
        assertThat(stamp.firstChange(key(featured, same))).hasValue("the setting features changed");
        assertThat(stamp.firstChange(key(environment, same))).hasValue("the setting environment.RUSTFLAGS changed");
    }

    @Test
    void anotherToolchainOrPluginVersionIsAChange() {
        BuildStamp stamp = stamp(key(request(), context(toolchain("1.95.0", "abc"), env)));

        assertThat(stamp.firstChange(key(request(), context(toolchain("1.95.0", "def"), env))))
                .hasValue("the toolchain's commit changed");
        StampKey.Context c = context(toolchain("1.95.0", "abc"), env);
        StampKey.Context newerPlugin =
                new StampKey.Context("1.1.0", c.pluginCode(), c.toolchain(), c.targets(), c.packaging(), c.settings());
        assertThat(stamp.firstChange(key(request(), newerPlugin))).hasValue("the plugin changed");
    }

    @Test
    void aChangedSetOrUnsetBuildVariableIsAChangeButAnUnrelatedOneIsNot() {
        BuildStamp stamp = stamp(key(request(), context(toolchain("1.95.0", "abc"), env)));

        Map<String, String> otherFlags = Map.of("RUSTFLAGS", "-C opt-level=2", "PATH", "/usr/bin", "TERM", "xterm");
        Map<String, String> wrapper =
                Map.of("RUSTFLAGS", "-C opt-level=3", "PATH", "/usr/bin", "TERM", "xterm", "RUSTC_WRAPPER", "sccache");
        Map<String, String> scriptVariable =
                Map.of("RUSTFLAGS", "-C opt-level=3", "PATH", "/usr/bin", "TERM", "xterm", "HELLO_LEVEL", "3");
        Map<String, String> otherTerminal = Map.of("RUSTFLAGS", "-C opt-level=3", "PATH", "/usr/bin", "TERM", "dumb");

        assertThat(stamp.firstChange(key(request(), context(toolchain("1.95.0", "abc"), otherFlags))))
                .hasValue("environment variable RUSTFLAGS changed");
        assertThat(stamp.firstChange(key(request(), context(toolchain("1.95.0", "abc"), wrapper))))
                .hasValue("environment variable RUSTC_WRAPPER changed");
        assertThat(stamp.firstChange(key(request(), context(toolchain("1.95.0", "abc"), scriptVariable))))
                .hasValue("environment variable HELLO_LEVEL changed");
        assertThat(stamp.firstChange(key(request(), context(toolchain("1.95.0", "abc"), otherTerminal))))
                .isEmpty();
    }

    @Test
    void aMissingOrReplacedOutputIsAChange() throws Exception {
        SortedMap<String, String> key = key(request(), context(toolchain("1.95.0", "abc"), env));
        BuildStamp stamp = stamp(key);

        Files.delete(jar);
        assertThat(stamp.firstChange(key)).hasValue("output " + jar + " is missing");

        Files.writeString(jar, "PK, another one");
        assertThat(stamp.firstChange(key))
                .hasValueSatisfying(c -> assertThat(c).startsWith("output " + jar + " changed"));
    }

    @Test
    void secretsOfTheEnvironmentAreNotWrittenToTheStamp() throws Exception {
        Map<String, String> secret = Map.of("CARGO_REGISTRY_TOKEN", "s3cr3t-t0ken", "PATH", "/usr/bin");
        BuildStamp stamp = stamp(key(request(), context(toolchain("1.95.0", "abc"), secret)));

        stamp.write(stampFile);

        assertThat(Files.readString(stampFile))
                .contains("env.CARGO_REGISTRY_TOKEN")
                .doesNotContain("s3cr3t");
    }

    @Test
    void aMissingForeignOrDamagedStampIsNoStamp() throws Exception {
        assertThat(BuildStamp.read(stampFile)).isEmpty();

        Files.createDirectories(stampFile.getParent());
        Files.writeString(stampFile, "something else\n");
        assertThat(BuildStamp.read(stampFile)).isEmpty();

        Files.writeString(stampFile, BuildStamp.HEADER + "\nkey\tplugin\n");
        assertThat(BuildStamp.read(stampFile)).isEmpty();

        Files.writeString(stampFile, BuildStamp.HEADER + "\nbuilt\tx86_64-unknown-linux-gnu NOT_A_KIND x\t/x\n");
        assertThat(BuildStamp.read(stampFile)).isEmpty();
    }

    @Test
    void aPathWithATabCannotBeStampedSoTheBuildRunsEveryTime() throws Exception {
        Path odd = Files.writeString(dir.resolve("with\ttab.rs"), "");
        BuildStamp stamp = new BuildStamp(
                key(request(), context(toolchain("1.95.0", "abc"), env)),
                BuildStamp.states(List.of(odd)).orElseThrow(),
                BuildStamp.states(List.of(output)).orElseThrow(),
                List.of(),
                new TreeMap<>(),
                new TreeMap<>());

        assertThat(stamp.write(stampFile)).isFalse();
        assertThat(stampFile).doesNotExist();
    }

    @Test
    void aCrateLinkRepointedToAnotherCheckoutIsAnotherKey() throws Exception {
        Path first = Files.createDirectories(dir.resolve("checkout-1/crate"));
        Path second = Files.createDirectories(dir.resolve("checkout-2/crate"));
        Path link = Files.createSymbolicLink(dir.resolve("linked-crate"), first);
        BuildRequest request = BuildRequest.defaults(link, dir.resolve("cargo"));
        SortedMap<String, String> before = key(request, context(toolchain("1.95.0", "abc"), env));

        Files.delete(link);
        Files.createSymbolicLink(link, second);
        SortedMap<String, String> after = key(request, context(toolchain("1.95.0", "abc"), env));

        assertThat(after).isNotEqualTo(before);
        assertThat(after.get("config.crate")).isEqualTo(before.get("config.crate"));
    }

    @Test
    void theConfigurationFilesOfALinkedCrateDirectoryAreThoseAboveWhereItReallyIs(@TempDir Path temp) throws Exception {
        Path dir = temp.toRealPath();
        Path real = Files.createDirectories(dir.resolve("rust/crate"));
        Path link = Files.createSymbolicLink(
                Files.createDirectories(dir.resolve("app")).resolve("crate"), real);

        List<Path> files = Pipeline.configurationFiles(link, dir.resolve("cargo-home"));

        assertThat(files)
                .contains(
                        real.resolve("Cargo.toml"),
                        dir.resolve("rust/.cargo/config.toml"),
                        dir.resolve("rust/rust-toolchain.toml"),
                        dir.resolve("cargo-home/config.toml"))
                .doesNotContain(dir.resolve("app/.cargo/config.toml"), dir.resolve("app/rust-toolchain.toml"));
    }

    @Test
    void theConfigurationFilesOfACrateAreThoseOfItsDirectoryAndEveryParentAndCargoHome() {
        List<Path> files = Pipeline.configurationFiles(Path.of("/p/native"), Path.of("/opt/cargo"));

        assertThat(files)
                .contains(
                        Path.of("/p/native/Cargo.toml"),
                        Path.of("/p/native/Cargo.lock"),
                        Path.of("/p/Cargo.lock"),
                        Path.of("/p/.cargo/config.toml"),
                        Path.of("/.cargo/config"),
                        Path.of("/p/native/rust-toolchain.toml"),
                        Path.of("/opt/cargo/config.toml"));
    }
}
