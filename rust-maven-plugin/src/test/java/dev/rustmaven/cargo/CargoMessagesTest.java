package dev.rustmaven.cargo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CargoMessagesTest {

    @TempDir
    Path root;

    private List<String> recorded() throws IOException {
        return recorded("/cargo/recorded-messages.jsonl");
    }

    private List<String> recorded(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("@ROOT@", root.toString()).lines().toList();
        }
    }

    @Test
    void collectsTheCratesOwnNativeOutputsFromRecordedCargoOutput() throws Exception {
        // given
        Files.createDirectories(root.resolve("app"));
        Files.writeString(root.resolve("app/Cargo.toml"), "");
        CargoMessages messages = new CargoMessages(root.resolve("app/Cargo.toml"));

        // when
        recorded().forEach(messages::accept);

        // then: the dependency's rlib, the build script and the crate's own rlib are not outputs
        String dir = root + "/app/target/x86_64-unknown-linux-gnu/release/";
        assertThat(messages.outputs())
                .extracting(o -> o.kind(), o -> o.targetName(), o -> o.file().toString())
                .containsExactly(
                        tuple(CargoOutput.Kind.SHARED_LIBRARY, "recorded", dir + "librecorded.so"),
                        tuple(CargoOutput.Kind.STATIC_LIBRARY, "recorded", dir + "librecorded.a"),
                        tuple(CargoOutput.Kind.EXECUTABLE, "tool", dir + "tool"),
                        tuple(CargoOutput.Kind.EXECUTABLE, "recorded-app", dir + "recorded-app"));
        assertThat(messages.finishedSuccessfully()).contains(true);
    }

    @Test
    void anotherManifestSeesOnlyItsOwnArtifacts() throws Exception {
        Files.createDirectories(root.resolve("helper"));
        Files.writeString(root.resolve("helper/Cargo.toml"), "");
        CargoMessages messages = new CargoMessages(root.resolve("helper/Cargo.toml"));

        recorded().forEach(messages::accept);

        assertThat(messages.outputs()).isEmpty();
    }

    @Test
    void nonJsonLinesAreLeftForTheLog() {
        CargoMessages messages = new CargoMessages(root.resolve("Cargo.toml"));

        assertThat(messages.accept("hello from a build script")).isFalse();
        assertThat(messages.accept("{not json")).isFalse();
        assertThat(messages.accept("{\"reason\":\"build-finished\",\"success\":false}"))
                .isTrue();
        assertThat(messages.finishedSuccessfully()).contains(false);
    }

    @Test
    void sharedLibrariesDeclaredByBuildScriptsAreCollectedByLinkName() {
        // given
        CargoMessages messages = new CargoMessages(root.resolve("Cargo.toml"));

        // when: the cc crate's C++ runtime, a -sys crate's libz, static and framework libraries
        messages.accept("{\"reason\":\"build-script-executed\",\"package_id\":\"path+file:///a#cxx@1.0.0\","
                + "\"linked_libs\":[\"static=wrapper\",\"stdc++\"],\"linked_paths\":[]}");
        messages.accept(
                "{\"reason\":\"build-script-executed\",\"package_id\":\"path+file:///b#z-sys@1.0.0\","
                        + "\"linked_libs\":[\"dylib=z\",\"framework=Cocoa\",\"static:+whole-archive=glue\"],\"linked_paths\":[]}");

        // then
        assertThat(messages.declaredSharedLibraries()).containsExactlyInAnyOrder("stdc++", "z");
        assertThat(CargoMessages.sharedLibraryName("dylib:+verbatim=libfoo.so.1"))
                .contains("libfoo.so.1");
        assertThat(CargoMessages.sharedLibraryName("ssl:renamed")).contains("renamed");
    }

    @Test
    void windowsImportLibraryOfACdylibIsNotAStaticLibrary() {
        CargoMessages messages = new CargoMessages(root.resolve("Cargo.toml"));
        String manifest = root.resolve("Cargo.toml").toString().replace("\\", "\\\\");

        messages.accept("{\"reason\":\"compiler-artifact\",\"manifest_path\":\"" + manifest + "\","
                + "\"target\":{\"kind\":[\"cdylib\"],\"name\":\"x\"},"
                + "\"filenames\":[\"C:/t/x.dll\",\"C:/t/x.dll.lib\",\"C:/t/x.pdb\"],\"executable\":null}");

        assertThat(messages.outputs())
                .extracting(CargoOutput::kind, CargoOutput::fileName)
                .containsExactly(tuple(CargoOutput.Kind.SHARED_LIBRARY, "x.dll"));
    }

    @Test
    void testExecutablesOfCargoTestNoRunAreCollectedAndAreNoOutputs() throws Exception {
        // given what cargo 1.96 printed for cargo test --no-run of a library with an integration test, and a
        // binary's test harness
        Files.createDirectories(root.resolve("app"));
        Files.writeString(root.resolve("app/Cargo.toml"), "");
        CargoMessages messages = new CargoMessages(root.resolve("app/Cargo.toml"));
        String manifest = root.resolve("app/Cargo.toml").toString();
        List<String> lines = new java.util.ArrayList<>(recorded("/cargo/recorded-test-messages.jsonl"));
        lines.add("{\"reason\":\"compiler-artifact\",\"manifest_path\":\"" + manifest + "\","
                + "\"target\":{\"kind\":[\"bin\"],\"name\":\"tool\"},\"profile\":{\"test\":true},"
                + "\"filenames\":[\"/t/deps/tool-1\"],\"executable\":\"/t/deps/tool-1\"}");

        // when
        lines.forEach(messages::accept);

        // then: the lib's rlib is not a test, the three harnesses are, and none is an output to attach
        String deps = root + "/app/target/debug/deps/";
        assertThat(messages.testExecutables())
                .extracting(
                        TestExecutable::kind,
                        TestExecutable::targetName,
                        e -> e.file().toString())
                .containsExactly(
                        tuple("test", "pointer", deps + "pointer-44ab528177d323bc"),
                        tuple("lib", "rust_tests", deps + "rust_tests-ccbd22376e92c57d"),
                        tuple("bin", "tool", "/t/deps/tool-1"));
        assertThat(messages.outputs()).isEmpty();
    }

    @Test
    void aProcMacrosSharedLibraryIsNoOutput() {
        // given what cargo 1.95 printed for a proc-macro crate
        CargoMessages messages = new CargoMessages(root.resolve("Cargo.toml"));
        String manifest = root.resolve("Cargo.toml").toString().replace("\\", "\\\\");

        // when
        messages.accept("{\"reason\":\"compiler-artifact\",\"manifest_path\":\"" + manifest + "\","
                + "\"target\":{\"kind\":[\"proc-macro\"],\"crate_types\":[\"proc-macro\"],\"name\":\"pm\"},"
                + "\"profile\":{\"test\":false},\"filenames\":[\"/t/release/libpm.so\"],\"executable\":null}");

        // then
        assertThat(messages.outputs()).isEmpty();
    }
}
