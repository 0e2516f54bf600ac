package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.elf.OutputKind;
import org.junit.jupiter.api.Test;

class OutputVerificationTest {

    @Test
    void checksEachKindOfCargoOutputAsTheMatchingElfOutput() {
        // when / then
        assertThat(OutputVerification.checkedAs(CargoOutput.Kind.SHARED_LIBRARY))
                .isEqualTo(OutputKind.SHARED_LIBRARY);
        assertThat(OutputVerification.checkedAs(CargoOutput.Kind.STATIC_LIBRARY))
                .isEqualTo(OutputKind.STATIC_LIBRARY);
        assertThat(OutputVerification.checkedAs(CargoOutput.Kind.EXECUTABLE)).isEqualTo(OutputKind.EXECUTABLE);
    }
}
