package dev.rustmaven.loader.platform;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Facts recorded from Raspberry Pis, as the kernel prints them. */
final class Samples {

    private Samples() {}

    /** Pi Zero W, Raspberry Pi OS 32-bit: an ARM1176 that says "CPU architecture: 7". */
    static final String PI_ZERO_CPUINFO = ""
            + "processor\t: 0\n"
            + "model name\t: ARMv6-compatible processor rev 7 (v6l)\n"
            + "BogoMIPS\t: 697.95\n"
            + "Features\t: half thumb fastmult vfp edsp java tls \n"
            + "CPU implementer\t: 0x41\n"
            + "CPU architecture: 7\n"
            + "CPU variant\t: 0x0\n"
            + "CPU part\t: 0xb76\n"
            + "CPU revision\t: 7\n"
            + "\n"
            + "Hardware\t: BCM2835\n"
            + "Revision\t: 9000c1\n"
            + "Serial\t\t: 00000000a1b2c3d4\n"
            + "Model\t\t: Raspberry Pi Zero W Rev 1.1\n";

    /** Pi 3 B, Raspberry Pi OS 32-bit with a 32-bit kernel. */
    static final String PI_3_CPUINFO = ""
            + "processor\t: 0\n"
            + "model name\t: ARMv7 Processor rev 4 (v7l)\n"
            + "BogoMIPS\t: 38.40\n"
            + "Features\t: half thumb fastmult vfp edsp neon vfpv3 tls vfpv4 idiva idivt vfpd32 lpae evtstrm crc32 \n"
            + "CPU implementer\t: 0x41\n"
            + "CPU architecture: 7\n"
            + "CPU variant\t: 0x0\n"
            + "CPU part\t: 0xd03\n"
            + "CPU revision\t: 4\n"
            + "\n"
            + "processor\t: 1\n"
            + "model name\t: ARMv7 Processor rev 4 (v7l)\n"
            + "BogoMIPS\t: 38.40\n"
            + "Features\t: half thumb fastmult vfp edsp neon vfpv3 tls vfpv4 idiva idivt vfpd32 lpae evtstrm crc32 \n"
            + "CPU implementer\t: 0x41\n"
            + "CPU architecture: 7\n"
            + "CPU variant\t: 0x0\n"
            + "CPU part\t: 0xd03\n"
            + "CPU revision\t: 4\n"
            + "\n"
            + "Hardware\t: BCM2835\n"
            + "Revision\t: a02082\n"
            + "Model\t\t: Raspberry Pi 3 Model B Rev 1.2\n";

    /** Pi 4 B with the 64-bit kernel, read by a 32-bit process (the kernel prints the compat view). */
    static final String PI_4_COMPAT_CPUINFO = ""
            + "processor\t: 0\n"
            + "model name\t: ARMv8 Processor rev 3 (v8l)\n"
            + "BogoMIPS\t: 108.00\n"
            + "Features\t: half thumb fastmult vfp edsp neon vfpv3 tls vfpv4 idiva idivt vfpd32 lpae evtstrm crc32 \n"
            + "CPU implementer\t: 0x41\n"
            + "CPU architecture: 8\n"
            + "CPU variant\t: 0x0\n"
            + "CPU part\t: 0xd08\n"
            + "CPU revision\t: 3\n"
            + "\n"
            + "Hardware\t: BCM2835\n"
            + "Revision\t: c03114\n"
            + "Model\t\t: Raspberry Pi 4 Model B Rev 1.4\n";

    /** AT_HWCAP of the Pi Zero: swp half thumb fastmult vfp edsp java tls. */
    static final long PI_ZERO_HWCAP = 1 | 2 | 4 | 16 | 64 | 128 | 256 | (1 << 15);

    /** AT_HWCAP of a Pi 3 in 32-bit mode: adds neon vfpv3 vfpv4 idiva idivt vfpd32 lpae evtstrm. */
    static final long PI_3_HWCAP = PI_ZERO_HWCAP & ~1L
            | (1 << 12)
            | (1 << 13)
            | (1 << 16)
            | (1 << 17)
            | (1 << 18)
            | (1 << 19)
            | (1 << 20)
            | (1 << 21);

    /** A 32-bit little-endian auxiliary vector: AT_PAGESZ, AT_HWCAP, [AT_HWCAP2], AT_NULL. */
    static byte[] auxv32(long hwcap, Long hwcap2) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(6).putInt(4096).putInt(16).putInt((int) hwcap);
        if (hwcap2 != null) {
            b.putInt(26).putInt(hwcap2.intValue());
        }
        b.putInt(0).putInt(0);
        return b.array();
    }
}
