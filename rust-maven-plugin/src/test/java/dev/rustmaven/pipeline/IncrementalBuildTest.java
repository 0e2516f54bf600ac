package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.testing.Required;
import dev.rustmaven.toolchain.ExecutableFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second build with nothing changed runs no cargo and rewrites no jar; a change builds again. Real cargo. */
class IncrementalBuildTest {

    @TempDir
    Path dir;

    private Path crate;

    @BeforeEach
    void setUp() throws Exception {
        ExecutableFinder finder = ExecutableFinder.forHost(HostSystem.current());
        Required.require(
                finder.find("cargo").isPresent() && finder.find("rustc").isPresent(),
                "cargo and rustc on the PATH or in ~/.cargo/bin");
        crate = dir.resolve("crate");
        Files.createDirectories(crate.resolve("src"));
        Files.writeString(crate.resolve("Cargo.toml"), """
                [package]
                name = "inc"
                version = "0.1.0"
                edition = "2021"
                [lib]
                crate-type = ["cdylib"]
                """);
        Files.writeString(
                crate.resolve("src/lib.rs"), "mod more;\n#[no_mangle] pub extern \"C\" fn f() -> i32 { more::g() }\n");
        Files.writeString(crate.resolve("src/more.rs"), "pub fn g() -> i32 { 1 }\n");
    }

    /** One build as rust:build runs it, with its own log. */
    private RecordingLog build(BuildRequest request, boolean force) throws BuildException {
        RecordingLog log = new RecordingLog();
        Pipeline.BuildResult result = Pipeline.create(
                        TestPipelines.settings(dir, Linking.AUTO, TestPipelines.hostGlibc()), log)
                .build(
                        request,
                        TestPipelines.packaging(dir),
                        Optional.of(new Pipeline.Incremental("default", "1.0", force)));
        assertThat(result.attachments()).extracting(Attachment::type).containsExactlyInAnyOrder("so", "jar");
        return log;
    }

    private BuildRequest request() {
        return BuildRequest.defaults(crate, dir.resolve("target/cargo"));
    }

    private static boolean ranCargo(RecordingLog log) {
        return log.messages("INFO").stream().anyMatch(m -> m.startsWith("Building inc for "));
    }

    private Path jar() throws Exception {
        try (var jars = Files.list(dir.resolve("jars"))) {
            return jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

    @Test
    void aSecondBuildWithNothingChangedRunsNoCargoAndLeavesTheJarAlone() throws Exception {
        // given
        RecordingLog first = build(request(), false);
        assertThat(ranCargo(first)).isTrue();
        Path jar = jar();
        byte[] bytes = Files.readAllBytes(jar);
        FileTime written = Files.getLastModifiedTime(jar);

        // when
        RecordingLog second = build(request(), false);

        // then
        assertThat(ranCargo(second)).isFalse();
        assertThat(second.messages("INFO"))
                .anySatisfy(m -> assertThat(m)
                        .matches("Rust outputs are up to date \\(no change in \\d+ inputs\\); cargo not run"));
        assertThat(Files.getLastModifiedTime(jar)).isEqualTo(written);
        assertThat(Arrays.equals(Files.readAllBytes(jar), bytes)).isTrue();
    }

    @Test
    void aTouchedModuleBuildsAgainAndTheDebugLogNamesIt() throws Exception {
        // given
        build(request(), false);
        Path more = crate.resolve("src/more.rs");

        // when
        Files.writeString(more, "pub fn g() -> i32 { 2 }\n");
        RecordingLog again = build(request(), false);

        // then
        assertThat(ranCargo(again)).isTrue();
        assertThat(again.messages("DEBUG"))
                .anySatisfy(m -> assertThat(m)
                        .startsWith("Building: input ")
                        .contains("more.rs changed (size and modification time were ")
                        .endsWith(" since the last build"));
        assertThat(ranCargo(build(request(), false))).isFalse();
    }

    @Test
    void anotherEnvironmentParameterForceOrAMissingOutputBuildsAgain() throws Exception {
        build(request(), false);
        BuildRequest r = request();
        BuildRequest flags = new BuildRequest(
                r.crateDirectory(),
                r.targets(),
                r.profile(),
                r.features(),
                false,
                false,
                r.cargoArgs(),
                Map.of("RUSTFLAGS", "-C debuginfo=1"),
                r.cargo(),
                r.rustc(),
                r.rustVersion(),
                r.cargoTargetDirectory());

        RecordingLog changed = build(flags, false);
        assertThat(ranCargo(changed)).isTrue();
        assertThat(changed.messages("DEBUG"))
                .contains("Building: the setting environment.RUSTFLAGS changed since the last build");

        assertThat(ranCargo(build(flags, true))).isTrue();

        Files.delete(jar());
        assertThat(ranCargo(build(flags, false))).isTrue();
        assertThat(ranCargo(build(flags, false))).isFalse();
    }

    @Test
    void aFileABuildScriptReadsWithoutDeclaringItBuildsAgainWhenChanged() throws Exception {
        // given: a build script that reads a file and declares no rerun-if-changed (cargo then reruns it when
        // any file of the package changes, and its dep-info does not name the file)
        Files.writeString(crate.resolve("data.txt"), "1");
        Files.writeString(crate.resolve("build.rs"), """
                fn main() {
                    let n = std::fs::read_to_string("data.txt").unwrap();
                    let out = std::env::var("OUT_DIR").unwrap();
                    std::fs::write(format!("{out}/n.rs"), n).unwrap();
                }
                """);
        build(request(), false);
        assertThat(ranCargo(build(request(), false))).isFalse();

        // when
        Files.writeString(crate.resolve("data.txt"), "22");
        RecordingLog again = build(request(), false);

        // then
        assertThat(ranCargo(again)).isTrue();
        assertThat(again.messages("DEBUG"))
                .anySatisfy(m -> assertThat(m).contains("data.txt").contains("changed"));
    }

    @Test
    void aSourceSavedWhileCargoRanLeavesNoStamp() throws Exception {
        // given: a source whose modification time lies after the build's start, as for a save during the build
        Path more = crate.resolve("src/more.rs");
        Files.setLastModifiedTime(more, FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        // when
        RecordingLog first = build(request(), false);
        RecordingLog second = build(request(), false);

        // then
        assertThat(first.messages("DEBUG"))
                .anySatisfy(
                        m -> assertThat(m).contains("No build stamp").contains("more.rs changed while the build ran"));
        assertThat(ranCargo(second)).isTrue();
    }

    @Test
    void aFailedBuildLeavesNoStampSoTheNextBuildRunsCargo() throws Exception {
        build(request(), false);
        Files.writeString(crate.resolve("src/more.rs"), "pub fn g() -> i32 { \"not a number\" }\n");
        try {
            build(request(), false);
        } catch (BuildException expected) {
            // the build fails; the stamp of the build before must not survive it
        }
        assertThat(List.of(dir.resolve("work").toFile().list())).noneMatch(n -> n.endsWith(".stamp"));
    }
}
