package dev.rustmaven.loader.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuxvTest {

    @Test
    void parsesThisProcesssOwnAuxiliaryVector() throws Exception {
        // given
        HostRequirement.require(Files.isReadable(Paths.get("/proc/self/auxv")), "/proc/self/auxv is not readable here");
        HostRequirement.require("64".equals(System.getProperty("sun.arch.data.model")), "needs a 64-bit JVM");
        byte[] data = Files.readAllBytes(Paths.get("/proc/self/auxv"));

        // when
        Map<Long, Long> entries = Auxv.parse(data, 8, ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);

        // then: AT_PAGESZ (6) is a power of two and AT_HWCAP (16) is present
        assertThat(entries).containsKey(ArmCpu.AT_HWCAP);
        long pageSize = entries.get(6L);
        assertThat(pageSize).isGreaterThanOrEqualTo(4096L);
        assertThat(Long.bitCount(pageSize)).isEqualTo(1);
    }

    @Test
    void stopsAtAtNull() {
        // given
        byte[] data = Samples.auxv32(0x81d7, null);

        // when
        Map<Long, Long> entries = Auxv.parse(data, 4, true);

        // then
        assertThat(entries).containsOnlyKeys(6L, 16L);
        assertThat(entries.get(16L)).isEqualTo(0x81d7L);
    }

    @Test
    void rejectsAWordSizeThatNoProcessHas() {
        assertThatThrownBy(() -> Auxv.parse(new byte[16], 2, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wordSize");
    }
}
