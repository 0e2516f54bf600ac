package dev.rustmaven.loader.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArmCpuTest {

    @Test
    void piZeroIsArmv6AlthoughItReportsCpuArchitecture7() {
        // when
        ArmCpu cpu = ArmCpu.fromCpuInfo(Samples.PI_ZERO_CPUINFO);

        // then
        assertThat(cpu.version()).isEqualTo(6);
        assertThat(cpu.neon()).isFalse();
        assertThat(cpu.evidence()).contains("ARMv6-compatible");
    }

    @Test
    void arm1176WithoutModelNameIsStillArmv6ByItsPartNumber() {
        // given: some kernels print no model name line
        String cpuinfo = Samples.PI_ZERO_CPUINFO.replace("model name\t: ARMv6-compatible processor rev 7 (v6l)\n", "");

        // when
        ArmCpu cpu = ArmCpu.fromCpuInfo(cpuinfo);

        // then
        assertThat(cpu.version()).isEqualTo(6);
        assertThat(cpu.evidence()).contains("0xb76");
    }

    @Test
    void cpuArchitecture7WithoutAnyArmv7FeatureIsTreatedAsArmv6() {
        // given
        String cpuinfo = "processor\t: 0\nFeatures\t: half thumb fastmult vfp edsp tls\nCPU implementer\t: 0x41\n"
                + "CPU architecture: 7\nCPU part\t: 0x123\n";

        // when
        ArmCpu cpu = ArmCpu.fromCpuInfo(cpuinfo);

        // then
        assertThat(cpu.version()).isEqualTo(6);
        assertThat(cpu.evidence()).contains("treated as ARMv6");
    }

    @Test
    void cpuArchitecture7WithArmv7FeaturesIsArmv7() {
        // given
        String cpuinfo = "Features\t: half thumb vfp vfpv3d16 tls\nCPU implementer\t: 0x41\nCPU architecture: 7\n";

        // when
        ArmCpu cpu = ArmCpu.fromCpuInfo(cpuinfo);

        // then
        assertThat(cpu.version()).isEqualTo(7);
        assertThat(cpu.neon()).isFalse();
    }

    @Test
    void pi3In32BitModeIsArmv7WithNeon() {
        // when
        ArmCpu cpu = ArmCpu.fromCpuInfo(Samples.PI_3_CPUINFO);

        // then
        assertThat(cpu.version()).isEqualTo(7);
        assertThat(cpu.neon()).isTrue();
    }

    @Test
    void pi4With64BitKernelAnd32BitUserlandIsArmv8WithNeon() {
        // when
        ArmCpu cpu = ArmCpu.fromCpuInfo(Samples.PI_4_COMPAT_CPUINFO);

        // then
        assertThat(cpu.version()).isEqualTo(8);
        assertThat(cpu.neon()).isTrue();
    }

    @Test
    void x86CpuinfoNamesNoArmVersion() {
        // given
        String cpuinfo =
                "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU\nflags\t\t: fpu sse2\n";

        // when
        ArmCpu cpu = ArmCpu.fromCpuInfo(cpuinfo);

        // then
        assertThat(cpu.version()).isZero();
    }

    @Test
    void piZeroHwcapIsArmv6() {
        // given
        byte[] auxv = Samples.auxv32(Samples.PI_ZERO_HWCAP, null);

        // when
        ArmCpu cpu = ArmCpu.fromAuxv(Auxv.parse(auxv, 4, true));

        // then
        assertThat(cpu.version()).isEqualTo(6);
        assertThat(cpu.neon()).isFalse();
        assertThat(cpu.evidence()).contains("AT_HWCAP 0x81d7");
    }

    @Test
    void pi3HwcapIsArmv7WithNeonAndCrc32MakesItArmv8() {
        // given
        byte[] armv7 = Samples.auxv32(Samples.PI_3_HWCAP, 0L);
        byte[] armv8 = Samples.auxv32(Samples.PI_3_HWCAP, ArmCpu.HWCAP2_CRC32);

        // when
        ArmCpu v7 = ArmCpu.fromAuxv(Auxv.parse(armv7, 4, true));
        ArmCpu v8 = ArmCpu.fromAuxv(Auxv.parse(armv8, 4, true));

        // then
        assertThat(v7.version()).isEqualTo(7);
        assertThat(v7.neon()).isTrue();
        assertThat(v8.version()).isEqualTo(8);
    }

    @Test
    void auxvWithoutHwcapIsUnknown() {
        // given
        byte[] auxv = {6, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

        // when
        ArmCpu cpu = ArmCpu.fromAuxv(Auxv.parse(auxv, 4, true));

        // then
        assertThat(cpu.version()).isZero();
        assertThat(cpu.evidence()).contains("no AT_HWCAP");
    }
}
