package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.testing.Required;
import dev.rustmaven.toolchain.ExecutableFinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real cargo of this machine on small crates, for the host target. */
class RustBuildTest {

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();
    private final ProcessRunner runner = new ProcessRunner();
    private final ExecutableFinder finder = ExecutableFinder.forHost(HostSystem.current());
    private Pipeline build;

    @BeforeEach
    void setUp() {
        Required.require(
                finder.find("cargo").isPresent() && finder.find("rustc").isPresent(),
                "cargo and rustc on the PATH or in ~/.cargo/bin");
        // cargo links the host with the host's linker and glibc: the floor that holds for it is the host's.
        build = Pipeline.create(TestPipelines.settings(dir, Linking.AUTO, TestPipelines.hostGlibc()), log);
    }

    private RustBuild.Result run(Pipeline pipeline, BuildRequest request) throws BuildException {
        return pipeline.build(request, TestPipelines.packaging(dir)).build();
    }

    private Path crate(String cargoToml, String libRs) throws IOException {
        Path crate = dir.resolve("crate");
        Files.createDirectories(crate.resolve("src"));
        Files.writeString(crate.resolve("Cargo.toml"), cargoToml);
        Files.writeString(crate.resolve("src/lib.rs"), libRs);
        return crate;
    }

    private BuildRequest request(Path crate) {
        return BuildRequest.defaults(crate, dir.resolve("target/cargo"));
    }

    @Test
    void buildsACdylibForTheHostAndReportsItFromCargosMessages() throws Exception {
        // given
        Path crate = crate("""
                [package]
                name = "host-lib"
                version = "0.1.0"
                edition = "2021"
                [lib]
                crate-type = ["cdylib", "staticlib"]
                """, "#[no_mangle] pub extern \"C\" fn answer() -> i32 { 42 }\n");

        // when
        RustBuild.Result result = run(build, request(crate));

        // then
        String host = result.toolchain().host();
        assertThat(result.targets()).extracting(t -> t.triple()).containsExactly(host);
        assertThat(result.outputs())
                .extracting(o -> o.output().kind(), o -> o.output().fileName())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(CargoOutput.Kind.SHARED_LIBRARY, "libhost_lib.so"),
                        org.assertj.core.groups.Tuple.tuple(CargoOutput.Kind.STATIC_LIBRARY, "libhost_lib.a"));
        for (BuiltOutput o : result.outputs()) {
            assertThat(o.output().file()).exists().startsWith(dir.resolve("target/cargo/" + host));
        }
        assertThat(log.messages("INFO"))
                .anySatisfy(m -> assertThat(m).startsWith("[" + host + "]").contains("Compiling host-lib"));
        assertThat(log.messages("INFO"))
                .anySatisfy(m -> assertThat(m).startsWith("libhost_lib.so  " + host + "  ELF"))
                .anySatisfy(m -> assertThat(m).startsWith("libhost_lib.a  " + host + "  ELF"));
    }

    @Test
    void warnsOfAHostLibraryAboveTheFloorSaysHowToKeepItAndRecordsWhatItNeeds() throws Exception {
        // given: the default floor 2.28, older than what the host's linker and glibc give a cdylib
        GlibcVersion floor = GlibcVersion.parse("2.28");
        Path crate = crate(
                """
                [package]
                name = "above"
                version = "0.1.0"
                edition = "2021"
                [lib]
                crate-type = ["cdylib"]
                """,
                "#[no_mangle] pub extern \"C\" fn answer() -> i32 { std::thread::spawn(|| 42).join().unwrap() }\n");
        Pipeline auto = Pipeline.create(TestPipelines.settings(dir, Linking.AUTO, floor), log);
        Pipeline cargo = Pipeline.create(TestPipelines.settings(dir, Linking.CARGO, floor), log);
        dev.rustmaven.testing.Required.require(
                TestPipelines.hostGlibc().isNewerThan(GlibcVersion.parse("2.33")),
                "a host glibc of 2.34 or newer (it gives std's threads GLIBC_2.34 symbols)");

        // when: the host under auto
        RustBuild.Result result = run(auto, request(crate));

        // then: attached with a warning, and the floor recorded for the jar is what the library needs
        GlibcVersion recorded = result.glibcFloors().values().iterator().next();
        assertThat(recorded.isNewerThan(GlibcVersion.parse("2.33"))).isTrue();
        assertThat(log.messages("WARN"))
                .anySatisfy(w -> assertThat(w)
                        .contains("libabove.so needs GLIBC_2.")
                        .contains("-unknown-linux-gnu is 2.28 (<glibc> (rust.glibc)): a system with glibc older than")
                        .contains("-unknown-linux-gnu against the glibc 2.28 stubs too with -Drust.linking=lld,"
                                + " or raise <glibc> (rust.glibc) to 2.")
                        .contains("Its per-target jar records glibc " + recorded + " as the floor"));

        // and: linking left to cargo
        run(cargo, request(crate));
        assertThat(log.messages("WARN"))
                .anySatisfy(w -> assertThat(w)
                        .contains("; the plugin left its linking to cargo (<linking> (rust.linking) is cargo): link it"
                                + " against a glibc 2.28 sysroot, or let the plugin link it against the glibc 2.28 stubs"
                                + " with -Drust.linking=lld, or raise <glibc> (rust.glibc) to 2."));
    }

    @Test
    void linkingTheHostWithLldAgainstGlibcStubsGivesALibraryTheTestJvmLoadsAndCalls() throws Exception {
        // given: a JNI library using threads, collections and formatting (many glibc functions)
        Path crate = crate("""
                [package]
                name = "answer"
                version = "0.1.0"
                edition = "2021"
                [lib]
                crate-type = ["cdylib"]
                """, """
                use std::collections::HashMap;
                #[no_mangle]
                pub extern "system" fn Java_dev_rustmaven_pipeline_NativeAnswer_digitsOfSum(
                    _env: *mut std::ffi::c_void, _class: *mut std::ffi::c_void, n: i32) -> i32 {
                    let parts: Vec<_> = (0..4).map(|p| std::thread::spawn(move || {
                        (1..=n as i64).filter(|i| i % 4 == p).sum::<i64>()
                    })).collect();
                    let sum: i64 = parts.into_iter().map(|t| t.join().unwrap()).sum();
                    let mut counts = HashMap::new();
                    for c in format!("{sum}").chars() { *counts.entry(c).or_insert(0) += 1; }
                    counts.values().sum()
                }
                """);
        Pipeline lld = Pipeline.create(TestPipelines.settings(dir, Linking.LLD), log);

        // when
        RustBuild.Result result = run(lld, request(crate));

        // then
        Path so = result.outputs().get(0).output().file();
        dev.rustmaven.elf.ElfFile elf = dev.rustmaven.elf.ElfFile.read(so);
        assertThat(elf.highestGlibcVersion())
                .hasValueSatisfying(
                        v -> assertThat(v.compareTo(GlibcVersion.parse("2.28"))).isLessThanOrEqualTo(0));
        assertThat(elf.soname()).contains("libanswer.so");
        assertThat(log.messages("INFO"))
                .anySatisfy(m -> assertThat(m)
                        .startsWith(
                                "Linking " + result.toolchain().host() + " with rust-lld against glibc 2.28 stubs"));
        System.load(so.toAbsolutePath().toString());
        assertThat(NativeAnswer.digitsOfSum(100_000)).isEqualTo(10);
    }

    @Test
    void failingRustCodeFailsWithTheTargetAndTheFirstErrorLines() throws Exception {
        Path crate = crate("""
                [package]
                name = "broken"
                version = "0.1.0"
                edition = "2021"
                [lib]
                crate-type = ["cdylib"]
                """, "pub fn f() -> i32 { undefined_value }\n");

        assertThatThrownBy(() -> run(build, request(crate)))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("cargo build failed for target ")
                .hasMessageContaining("error[E0425]")
                .hasMessageContaining("undefined_value")
                .satisfies(e -> assertThat(((BuildException) e).kind()).isEqualTo(BuildException.Kind.BUILD_FAILED));
        assertThat(log.messages("ERROR")).anySatisfy(m -> assertThat(m).contains("error[E0425]"));
    }

    @Test
    void anUnknownTripleIsRejectedBeforeCargoRunsWithTheClosestTriples() throws Exception {
        Path crate = crate("""
                [package]
                name = "x"
                version = "0.1.0"
                [lib]
                crate-type = ["cdylib"]
                """, "");

        assertThatThrownBy(() -> run(build, request(crate).withTargets(List.of("armv7-unknown-linux-gnueabhf"))))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("Unknown target triple 'armv7-unknown-linux-gnueabhf'")
                .hasMessageContaining("rust.targets")
                .hasMessageContaining("Did you mean armv7-unknown-linux-gnueabihf");
        assertThat(log.messages("INFO")).noneMatch(m -> m.startsWith("Building"));
    }

    @Test
    void aVirtualWorkspaceIsRejectedNamingItsMembers() throws Exception {
        Path crate = dir.resolve("ws");
        Files.createDirectories(crate);
        Files.writeString(crate.resolve("Cargo.toml"), "[workspace]\nmembers = [\"jni\"]\n");

        assertThatThrownBy(() -> run(build, request(crate)))
                .hasMessageContaining("workspace root without a [package]")
                .hasMessageContaining("members: jni")
                .hasMessageContaining("<crate>");
    }

    @Test
    void aCrateWithNothingToAttachBuildsWithAWarning() throws Exception {
        Path crate = crate("""
                [package]
                name = "only-rlib"
                version = "0.1.0"
                """, "pub fn f() {}\n");

        RustBuild.Result result = run(build, request(crate));

        assertThat(result.outputs()).isEmpty();
        assertThat(log.messages("WARN"))
                .anySatisfy(
                        m -> assertThat(m).contains("builds nothing to attach").contains("crate-type = [\"cdylib\"]"));
    }

    @Test
    void aCargoParameterPointingNowhereNamesTheParameter() throws Exception {
        Path crate = crate("[package]\nname = \"x\"\nversion = \"0.1.0\"\n", "");
        BuildRequest request = new BuildRequest(
                crate,
                List.of(),
                "release",
                List.of(),
                false,
                false,
                List.of(),
                java.util.Map.of(),
                Optional.of(dir.resolve("no/cargo").toString()),
                Optional.empty(),
                Optional.empty(),
                dir.resolve("t"));

        assertThatThrownBy(() -> run(build, request))
                .hasMessageContaining("<cargo> (rust.cargo) was not found")
                .hasMessageContaining(dir.resolve("no/cargo").toString());
    }

    @Test
    void aRenamedLibraryIsBuiltAndAttachedUnderItsOwnName() throws Exception {
        // given
        Path crate = crate("""
                [package]
                name = "package-name"
                version = "0.1.0"
                edition = "2021"
                [lib]
                name = "other"
                crate-type = ["cdylib"]
                """, "#[no_mangle] pub extern \"C\" fn answer() -> i32 { 42 }\n");

        // when
        RustBuild.Result result = run(build, request(crate));

        // then
        assertThat(result.outputs()).singleElement().satisfies(o -> {
            assertThat(o.output().fileName()).isEqualTo("libother.so");
            assertThat(o.output().file()).exists();
        });
    }

    @Test
    void aProcMacroCrateBuildsAndAttachesNothingSayingWhy() throws Exception {
        // given: cargo reports the macro's libpm.so; it is for the compiler, not for Java
        Path crate = crate(
                """
                [package]
                name = "pm"
                version = "0.1.0"
                edition = "2021"
                [lib]
                proc-macro = true
                """,
                "extern crate proc_macro;\n#[proc_macro] pub fn m(i: proc_macro::TokenStream)"
                        + " -> proc_macro::TokenStream { i }\n");

        // when
        RustBuild.Result result = run(build, request(crate));

        // then
        assertThat(result.outputs()).isEmpty();
        assertThat(log.messages("WARN"))
                .anySatisfy(m -> assertThat(m)
                        .contains("Cargo.toml: crate 'pm' builds nothing to attach: it is a proc-macro crate")
                        .contains("crate-type = [\"cdylib\"]"));
    }

    @Test
    void aCrateWithNeitherLibraryNorExecutableFailsNamingCargoTomlBeforeCargoRuns() throws Exception {
        // given
        Path crate = dir.resolve("empty");
        Files.createDirectories(crate);
        Files.writeString(crate.resolve("Cargo.toml"), "[package]\nname = \"empty\"\nversion = \"0.1.0\"\n");

        // when / then
        assertThatThrownBy(() -> run(build, request(crate)))
                .isInstanceOf(BuildException.class)
                .hasMessageStartingWith(
                        crate.resolve("Cargo.toml") + ": crate 'empty' has neither a library nor an" + " executable")
                .hasMessageContaining("add src/lib.rs and crate-type = [\"cdylib\"] under [lib]")
                .hasMessageContaining("<crate> (rust.crate)")
                .satisfies(e -> assertThat(((BuildException) e).kind()).isEqualTo(BuildException.Kind.CONFIGURATION));
        assertThat(log.messages("INFO")).noneMatch(m -> m.startsWith("Building"));
    }

    @Test
    void aCargoTomlWithoutPackageOrWorkspaceFailsNamingIt() throws Exception {
        Path crate = dir.resolve("nothing");
        Files.createDirectories(crate);
        Files.writeString(crate.resolve("Cargo.toml"), "[dependencies]\n");

        assertThatThrownBy(() -> run(build, request(crate)))
                .hasMessageStartingWith(crate.resolve("Cargo.toml") + " has no [package] table")
                .hasMessageContaining("<crate> (rust.crate)");
    }

    @Test
    void aFailingBuildScriptFailsTheBuildWithWhatItPrinted() throws Exception {
        // given
        Path crate = crate("""
                [package]
                name = "script"
                version = "0.1.0"
                edition = "2021"
                [lib]
                crate-type = ["cdylib"]
                """, "");
        Files.writeString(crate.resolve("build.rs"), """
                fn main() {
                    eprintln!("libfoo was not found: install libfoo-dev");
                    std::process::exit(3);
                }
                """);

        // when / then
        assertThatThrownBy(() -> run(build, request(crate)))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("cargo build failed for target ")
                .hasMessageContaining("failed to run custom build command for `script")
                .hasMessageContaining("the build script's standard error:")
                .hasMessageContaining("libfoo was not found: install libfoo-dev")
                .satisfies(e -> assertThat(((BuildException) e).kind()).isEqualTo(BuildException.Kind.BUILD_FAILED));
    }

    @Test
    void megabytesOfWarningsAreCutFromTheLogWithACountAndTheBuildSucceeds() throws Exception {
        // given: a build script that makes cargo print 30,000 warning lines (about 3 MB), and a log without debug
        Path crate = crate("""
                [package]
                name = "noisy"
                version = "0.1.0"
                edition = "2021"
                [lib]
                crate-type = ["cdylib"]
                """, "#[no_mangle] pub extern \"C\" fn answer() -> i32 { 42 }\n");
        Files.writeString(crate.resolve("build.rs"), """
                fn main() {
                    let filler = "x".repeat(80);
                    for i in 0..30000 { println!("cargo:warning=noise {i} {filler}"); }
                }
                """);
        RecordingLog quiet = RecordingLog.withoutDebug();
        Pipeline pipeline =
                Pipeline.create(TestPipelines.settings(dir, Linking.CARGO, TestPipelines.hostGlibc()), quiet);

        // when
        RustBuild.Result result = run(pipeline, request(crate));

        // then
        assertThat(result.outputs()).hasSize(1);
        long noise = quiet.lines().stream()
                .filter(l -> l.message().contains(" noise "))
                .count();
        assertThat(noise).isBetween(1000L, (long) CargoOutputLog.SHOWN_LINES);
        assertThat(quiet.messages("WARN"))
                .anySatisfy(m -> assertThat(m)
                        .matches("\\[[^]]+\\] \\d+ more lines \\(\\d+ characters\\) of cargo's output were left out of"
                                + " the log after the first 5000 lines; .*"));
    }
}
