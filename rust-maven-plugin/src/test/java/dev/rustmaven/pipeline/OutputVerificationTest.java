package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.elf.OutputKind;
import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.triple.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutputVerificationTest {

    private static final Target ARMV7 = Target.parse("armv7-unknown-linux-gnueabihf");

    private final RecordingLog log = new RecordingLog();

    /** A committed ELF fixture (src/test/resources/elf, see its README) as cargo's output for ARMv7. */
    private static BuiltOutput armv7Library(String fixture) throws Exception {
        Path file = Path.of(OutputVerificationTest.class
                .getResource("/elf/armv7-hf/" + fixture)
                .toURI());
        return new BuiltOutput(ARMV7, new CargoOutput(CargoOutput.Kind.SHARED_LIBRARY, "jni", file));
    }

    @Test
    void checksEachKindOfCargoOutputAsTheMatchingElfOutput() {
        // when / then
        assertThat(OutputVerification.checkedAs(CargoOutput.Kind.SHARED_LIBRARY))
                .isEqualTo(OutputKind.SHARED_LIBRARY);
        assertThat(OutputVerification.checkedAs(CargoOutput.Kind.STATIC_LIBRARY))
                .isEqualTo(OutputKind.STATIC_LIBRARY);
        assertThat(OutputVerification.checkedAs(CargoOutput.Kind.EXECUTABLE)).isEqualTo(OutputKind.EXECUTABLE);
    }

    @Test
    void warnsOfAnOutputThePluginDidNotLinkAboveTheFloorAndRecordsTheFloorItReallyNeeds() throws Exception {
        // given: a library needing GLIBC_2.34, linked by a linker the user configured
        OutputVerification.TargetLinkage linkage = new OutputVerification.TargetLinkage(
                Optional.of(GlibcVersion.parse("2.28")),
                "<glibcFloors><armv7-unknown-linux-gnueabihf>",
                false,
                Optional.of("the plugin left its linking to cargo (CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER"
                        + " is set to arm-linux-gnueabihf-gcc): link it against a glibc 2.28 sysroot, or let the plugin"
                        + " link it against the glibc 2.28 stubs with -Drust.linking=lld"),
                Set.of());
        List<BuiltOutput> outputs = List.of(armv7Library("libnew.so"));

        // when
        Optional<GlibcVersion> holds = new OutputVerification(log).verify(outputs, linkage);

        // then: the floor recorded is the truth, and the warning says why and what to do
        assertThat(holds).contains(GlibcVersion.parse("2.34"));
        assertThat(log.messages("WARN"))
                .containsExactly("libnew.so needs GLIBC_2.34 (pthread_create) but the glibc floor of"
                        + " armv7-unknown-linux-gnueabihf is 2.28 (<glibcFloors><armv7-unknown-linux-gnueabihf>): a"
                        + " system with glibc older than 2.34 refuses to load it (\"version `GLIBC_2.34' not found\");"
                        + " the plugin left its linking to cargo (CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER is set"
                        + " to arm-linux-gnueabihf-gcc): link it against a glibc 2.28 sysroot, or let the plugin link it"
                        + " against the glibc 2.28 stubs with -Drust.linking=lld, or raise"
                        + " <glibcFloors><armv7-unknown-linux-gnueabihf> to 2.34. Its per-target jar records glibc 2.34"
                        + " as the floor, so the runtime loader does not offer it to older systems.");
        assertThat(log.messages("INFO"))
                .containsExactly(
                        "libnew.so  armv7-unknown-linux-gnueabihf  ELF32 ARM EABI5 hard-float  glibc>=2.34  2 KiB");
    }

    @Test
    void passesAnOutputWithinTheFloorWithoutRequiringASonameWhenThePluginDidNotLinkIt() throws Exception {
        // given
        OutputVerification.TargetLinkage linkage = new OutputVerification.TargetLinkage(
                Optional.of(GlibcVersion.parse("2.34")), "<glibc> (rust.glibc)", false, Optional.empty(), Set.of());

        // when
        new OutputVerification(log).verify(List.of(armv7Library("libnew.so")), linkage);

        // then
        assertThat(log.messages("INFO")).singleElement().asString().contains("glibc>=2.34");
    }
}
