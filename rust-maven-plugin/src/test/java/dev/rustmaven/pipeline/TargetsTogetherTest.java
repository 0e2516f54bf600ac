package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.cargo.CargoMessages;
import dev.rustmaven.triple.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One cargo for several targets: merging the targets' environments, and sorting what cargo built by target. */
class TargetsTogetherTest {

    private static final Target ARMV7 = Target.parse("armv7-unknown-linux-gnueabihf");
    private static final Target AARCH64 = Target.parse("aarch64-unknown-linux-gnu");
    private static final Target HOST = Target.parse("x86_64-unknown-linux-gnu");

    private static final dev.rustmaven.config.SettingNames NAMES = dev.rustmaven.plugin.MavenSettingNames.INSTANCE;

    @TempDir
    Path dir;

    @Test
    void targetSuffixedVariablesMergeAndSharedOnesMustAgree() {
        // given: what the plugin prepares for two targets it links and the host, which it leaves to cargo
        Map<String, String> armv7 = Map.of(
                "RUSTC", "/w/bin/rustc",
                "CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER", "rust-maven-linker-armv7",
                "CC_armv7_unknown_linux_gnueabihf", "/usr/bin/clang",
                "CFLAGS_armv7_unknown_linux_gnueabihf", "--target=armv7",
                "PATH", "/w/link:/usr/bin");
        Map<String, String> aarch64 = Map.of(
                "RUSTC", "/w/bin/rustc",
                "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER", "rust-maven-linker-aarch64",
                "CC_aarch64-unknown-linux-gnu", "/usr/bin/clang",
                "PATH", "/w/link:/usr/bin");
        Map<String, String> host = Map.of("RUSTC", "/w/bin/rustc");

        // when
        RustBuild.Together together = RustBuild.merge(List.of(ARMV7, AARCH64, HOST), List.of(armv7, aarch64, host));

        // then: PATH may be missing for the host (only the plugin's launchers, named by target, go in front)
        assertThat(together.whyNot()).isEmpty();
        assertThat(together.environment())
                .containsOnlyKeys(
                        "RUSTC",
                        "CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER",
                        "CC_armv7_unknown_linux_gnueabihf",
                        "CFLAGS_armv7_unknown_linux_gnueabihf",
                        "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
                        "CC_aarch64-unknown-linux-gnu",
                        "PATH")
                .containsEntry("PATH", "/w/link:/usr/bin")
                .containsEntry("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER", "rust-maven-linker-aarch64");
    }

    @Test
    void aSharedVariableThatDiffersOrIsMissingForATargetMeansOneCargoPerTarget() {
        // when / then: a value that differs
        RustBuild.Together differs = RustBuild.merge(
                List.of(ARMV7, AARCH64), List.of(Map.of("CFLAGS", "-march=armv7"), Map.of("CFLAGS", "-O2")));
        assertThat(differs.whyNot())
                .hasValue("CFLAGS differs between the targets (armv7-unknown-linux-gnueabihf=-march=armv7,"
                        + " aarch64-unknown-linux-gnu=-O2)");
        assertThat(differs.environment()).isEmpty();

        // a variable set for one target only (other than PATH), and a target's variable named for another target
        assertThat(RustBuild.merge(List.of(ARMV7, AARCH64), List.of(Map.of("AR", "/x/ar"), Map.of()))
                        .whyNot())
                .hasValue("AR is set for 1 of the 2 targets only");
        assertThat(RustBuild.merge(
                                List.of(ARMV7, AARCH64),
                                List.of(Map.of("CC_aarch64_unknown_linux_gnu", "/a"), Map.of()))
                        .whyNot())
                .hasValue("CC_aarch64_unknown_linux_gnu is set for 1 of the 2 targets only");
    }

    @Test
    void variablesNamedForATargetAreCargosAndTheCcCratesSuffixedNames() {
        assertThat(RustBuild.namedFor("CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER", ARMV7))
                .isTrue();
        assertThat(RustBuild.namedFor("CXXFLAGS_armv7-unknown-linux-gnueabihf", ARMV7))
                .isTrue();
        assertThat(RustBuild.namedFor("AR_armv7_unknown_linux_gnueabihf", ARMV7))
                .isTrue();
        assertThat(RustBuild.namedFor("CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER", AARCH64))
                .isFalse();
        assertThat(RustBuild.namedFor("RUSTC", ARMV7)).isFalse();
        assertThat(RustBuild.namedFor("PATH", ARMV7)).isFalse();
    }

    @Test
    void severalTargetsNeedACargoOf164OrNewer() {
        assertThat(RustBuild.releaseAtLeast("1.96.0", "1.64")).isTrue();
        assertThat(RustBuild.releaseAtLeast("1.64.0", "1.64")).isTrue();
        assertThat(RustBuild.releaseAtLeast("1.80.0-nightly", "1.64")).isTrue();
        assertThat(RustBuild.releaseAtLeast("2.0.0", "1.64")).isTrue();
        assertThat(RustBuild.releaseAtLeast("1.63.0", "1.64")).isFalse();
        assertThat(RustBuild.releaseAtLeast("unknown", "1.64")).isFalse();
    }

    @Test
    void eachOutputBelongsToTheTargetWhoseDirectoryItIsIn() throws Exception {
        // given: what one cargo said for two targets, and a host build script (a proc-macro's dependency)
        Path manifest = Files.writeString(dir.resolve("Cargo.toml"), "[package]\nname = \"hello\"\n");
        Path targetDir = dir.resolve("target/rust");
        CargoMessages messages = new CargoMessages(manifest);
        messages.accept(artifact(manifest, targetDir.resolve(AARCH64 + "/release/libhello.so")));
        messages.accept(artifact(manifest, targetDir.resolve(ARMV7 + "/release/libhello.so")));
        messages.accept(script(targetDir.resolve(ARMV7 + "/release/build/z-1/out"), "z"));
        messages.accept(script(targetDir.resolve("release/build/host-1/out"), "hosttool"));

        // when
        Map<Target, RustBuild.TargetOutputs> built =
                RustBuild.attribute(messages, targetDir, List.of(ARMV7, AARCH64), NAMES);

        // then: in the order of the targets
        assertThat(built).containsOnlyKeys(ARMV7, AARCH64);
        assertThat(built.get(ARMV7).outputs()).singleElement().satisfies(o -> {
            assertThat(o.target()).isEqualTo(ARMV7);
            assertThat(o.output().file()).isEqualTo(targetDir.resolve(ARMV7 + "/release/libhello.so"));
        });
        assertThat(built.get(AARCH64).outputs())
                .singleElement()
                .satisfies(o -> assertThat(o.target()).isEqualTo(AARCH64));
        assertThat(built.get(ARMV7).declaredLibraries()).containsExactlyInAnyOrder("z", "hosttool");
        assertThat(built.get(AARCH64).declaredLibraries()).containsExactly("hosttool");
    }

    @Test
    void anOutputOutsideEveryTargetsDirectoryIsAnError() throws Exception {
        Path manifest = Files.writeString(dir.resolve("Cargo.toml"), "[package]\nname = \"hello\"\n");
        Path targetDir = dir.resolve("target/rust");
        CargoMessages messages = new CargoMessages(manifest);
        messages.accept(artifact(manifest, targetDir.resolve("release/libhello.so")));

        assertThatThrownBy(() -> RustBuild.attribute(messages, targetDir, List.of(ARMV7, AARCH64), NAMES))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("for none of the targets' directories")
                .hasMessageContaining("-Drust.parallelTargets=false");
    }

    private static String artifact(Path manifest, Path file) {
        return "{\"reason\":\"compiler-artifact\",\"manifest_path\":\"" + manifest + "\",\"target\":{\"name\":"
                + "\"hello\",\"kind\":[\"cdylib\"]},\"profile\":{\"test\":false},\"filenames\":[\"" + file + "\"]}";
    }

    private static String script(Path outDir, String library) {
        return "{\"reason\":\"build-script-executed\",\"package_id\":\"x\",\"linked_libs\":[\"" + library
                + "\"],\"out_dir\":\"" + outDir + "\"}";
    }
}
