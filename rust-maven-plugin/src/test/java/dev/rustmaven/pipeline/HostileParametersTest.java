package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.testing.Required;
import dev.rustmaven.toolchain.ExecutableFinder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameters holding what a shell would act on (spaces, quotes, {@code $()}, backticks, {@code ;}, newlines) reach
 * cargo as arguments, never through a shell: the build works, or fails naming the parameter. Runs the real cargo of
 * this machine through a wrapper that records the arguments it was given.
 */
class HostileParametersTest {

    /** A name no shell leaves alone: each of these would run {@code touch} if a shell saw it unquoted. */
    private static final String HOSTILE = "it's a \"dir\" $(touch dollar) `touch tick`; touch semi";

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();
    private Path cargo;
    private Path rustc;

    @BeforeEach
    void setUp() {
        ExecutableFinder finder = ExecutableFinder.forHost(HostSystem.current());
        Required.require(
                finder.find("cargo").isPresent() && finder.find("rustc").isPresent(),
                "cargo and rustc on the PATH or in ~/.cargo/bin");
        cargo = finder.find("cargo").orElseThrow();
        rustc = finder.find("rustc").orElseThrow();
    }

    private Path crate(Path where) throws IOException {
        Files.createDirectories(where.resolve("src"));
        Files.writeString(where.resolve("Cargo.toml"), """
                [package]
                name = "hostile"
                version = "0.1.0"
                edition = "2021"
                [lib]
                crate-type = ["cdylib"]
                [features]
                "simd+x.1" = []
                """);
        Files.writeString(where.resolve("src/lib.rs"), "#[no_mangle] pub extern \"C\" fn answer() -> i32 { 42 }\n");
        return where;
    }

    /** A cargo that appends each argument, NUL-terminated, to {@code record}, then runs the real cargo. */
    private Path recordingCargo(Path record) throws IOException {
        Path wrapper =
                Files.createDirectories(dir.resolve("wrapper " + HOSTILE)).resolve("cargo");
        Files.writeString(
                wrapper,
                "#!/bin/sh\nprintf '%s\\0' \"$@\" >> " + sh(record) + "\nexec " + sh(cargo) + " \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        return wrapper;
    }

    private static String sh(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    private BuildRequest request(
            Path crate, List<String> targets, List<String> features, List<String> cargoArgs, Optional<Path> cargo) {
        return new BuildRequest(
                crate,
                targets,
                "release",
                features,
                false,
                false,
                cargoArgs,
                Map.of(),
                cargo.map(Path::toString),
                cargo.map(c -> rustc.toString()),
                Optional.empty(),
                crate.resolveSibling("target " + HOSTILE));
    }

    private RustBuild.Result run(Path base, BuildRequest request) throws BuildException {
        Pipeline pipeline = Pipeline.create(TestPipelines.settings(base, Linking.CARGO), log);
        return pipeline.build(request, TestPipelines.packaging(base)).build();
    }

    /** No file a shell would have made exists anywhere under {@code dir} or in the working directory. */
    private void assertNoShellRan() throws IOException {
        for (String made : List.of("dollar", "tick", "semi", "x")) {
            assertThat(Path.of(made)).as("a shell ran in the working directory").doesNotExist();
            try (Stream<Path> files = Files.walk(dir)) {
                assertThat(files.filter(p -> p.getFileName().toString().equals(made)))
                        .as("a shell ran under " + dir)
                        .isEmpty();
            }
        }
    }

    @Test
    void aCratePathWorkDirectoryAndCargoArgumentsFullOfShellSyntaxBuildAndReachCargoUnchanged() throws Exception {
        // given: the crate, cargo's target directory, the plugin's work directory and cache and cargo itself under
        // hostile names, and cargo arguments with quotes, $(), backticks and ';'
        Path base = Files.createDirectories(dir.resolve("base " + HOSTILE));
        Path crate = crate(base.resolve("crate " + HOSTILE));
        Path record = dir.resolve("args");
        List<String> cargoArgs = List.of("--config", "env.HOSTILE = \"$(touch x); `touch x`; it's\\n\"");

        // when
        RustBuild.Result result = run(
                base, request(crate, List.of(), List.of("simd+x.1"), cargoArgs, Optional.of(recordingCargo(record))));

        // then: built, and cargo saw each value as one argument, byte for byte
        assertThat(result.outputs())
                .singleElement()
                .satisfies(o ->
                        assertThat(o.output().file()).exists().startsWith(crate.resolveSibling("target " + HOSTILE)));
        List<String> seen =
                Arrays.asList(Files.readString(record, StandardCharsets.UTF_8).split("\0"));
        assertThat(seen).containsSubsequence("--features", "simd+x.1");
        assertThat(seen).containsSubsequence(cargoArgs.get(0), cargoArgs.get(1));
        assertNoShellRan();
    }

    @Test
    void aCargoArgumentWithANewlineIsOneArgumentCargoRefusesNamingIt() throws Exception {
        // given
        Path crate = crate(dir.resolve("crate"));
        Path record = dir.resolve("args");

        // when / then: cargo gets "-j\n1" whole and says it is no number; nothing splits it at the newline
        assertThatThrownBy(() -> run(
                        dir,
                        request(
                                crate,
                                List.of(),
                                List.of(),
                                List.of("-j\n$(touch x)"),
                                Optional.of(recordingCargo(record)))))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("cargo build failed for target ");
        assertThat(Files.readString(record, StandardCharsets.UTF_8).split("\0")).contains("-j\n$(touch x)");
        assertNoShellRan();
    }

    @Test
    void aFeatureWithShellSyntaxIsRefusedNamingTheFeaturesParameter() throws Exception {
        // given
        Path crate = crate(dir.resolve("crate"));

        for (String feature : List.of("$(touch x)", "`touch x`", "simd; touch x", "a b", "a,b", "simd\ntouch x", "")) {
            // when / then
            assertThatThrownBy(() -> run(dir, request(crate, List.of(), List.of(feature), List.of(), Optional.empty())))
                    .isInstanceOf(BuildException.class)
                    .hasMessageStartingWith("<features> (rust.features): '" + feature.replace("\n", "\\n")
                            + "' is not a cargo feature name")
                    .hasMessageContaining("List each feature separately")
                    .satisfies(
                            e -> assertThat(((BuildException) e).kind()).isEqualTo(BuildException.Kind.CONFIGURATION));
        }
        assertThat(log.messages("INFO")).noneMatch(m -> m.startsWith("Building"));
        assertNoShellRan();
    }

    @Test
    void aTripleWithShellSyntaxIsRefusedNamingTheTargetsParameter() throws Exception {
        // given
        Path crate = crate(dir.resolve("crate"));

        for (String triple : List.of(
                "armv7 linux",
                "aarch64-unknown-linux-gnu; touch x",
                "$(touch x)-unknown-linux-gnu",
                "`touch x`-unknown-linux-gnu",
                "aarch64-unknown-linux-gnu\ntouch x",
                "aarch64-unknown-'linux'-gnu")) {
            // when / then
            assertThatThrownBy(() -> run(dir, request(crate, List.of(triple), List.of(), List.of(), Optional.empty())))
                    .isInstanceOf(BuildException.class)
                    .hasMessageStartingWith("<targets> (rust.targets): '" + triple + "' is not a target triple")
                    .hasMessageContaining("armv7-unknown-linux-gnueabihf");
        }
        assertThat(log.messages("INFO")).noneMatch(m -> m.startsWith("Building"));
        assertNoShellRan();
    }
}
