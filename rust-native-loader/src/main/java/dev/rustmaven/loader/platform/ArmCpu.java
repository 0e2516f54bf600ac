package dev.rustmaven.loader.platform;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a 32-bit ARM process may execute: the architecture version (6, 7, 8) and NEON, read from
 * {@code /proc/cpuinfo} or from the kernel's AT_HWCAP in {@code /proc/self/auxv}.
 *
 * <p>Errs towards ARMv6: an ARMv6 library runs on every later core, while an ARMv7 library dies
 * with SIGILL on the ARM1176 of a Pi 1 / Zero. That core reports {@code CPU architecture: 7} in
 * {@code /proc/cpuinfo} (the revised CPUID scheme), so that field alone is never trusted.
 */
public final class ArmCpu {

    /** AT_HWCAP key in the auxiliary vector. */
    public static final long AT_HWCAP = 16;
    /** AT_HWCAP2 key in the auxiliary vector. */
    public static final long AT_HWCAP2 = 26;
    /** ARM HWCAP_NEON. */
    public static final long HWCAP_NEON = 1L << 12;
    /** ARM HWCAP_VFPv3. */
    public static final long HWCAP_VFPV3 = 1L << 13;
    /** ARM HWCAP_VFPv3D16. */
    public static final long HWCAP_VFPV3D16 = 1L << 14;
    /** ARM HWCAP_VFPv4. */
    public static final long HWCAP_VFPV4 = 1L << 16;
    /** ARM HWCAP_IDIVA. */
    public static final long HWCAP_IDIVA = 1L << 17;
    /** ARM HWCAP_LPAE. */
    public static final long HWCAP_LPAE = 1L << 20;
    /** ARM HWCAP2_CRC32: only ARMv8 cores in AArch32 state have it. */
    public static final long HWCAP2_CRC32 = 1L << 4;

    private static final long V7_HWCAPS =
            HWCAP_NEON | HWCAP_VFPV3 | HWCAP_VFPV3D16 | HWCAP_VFPV4 | HWCAP_IDIVA | HWCAP_LPAE;
    /** cpuinfo feature names that no ARMv6 core has. */
    private static final Set<String> V7_FEATURES = new HashSet<>(
            Arrays.asList("neon", "vfpv3", "vfpv3d16", "vfpv4", "idiva", "idivt", "lpae", "vfpd32", "asimd"));
    /** CPU part numbers (implementer 0x41) of ARM11 cores: ARM11 MPCore, 1136, 1156, 1176. */
    private static final Set<String> ARM11_PARTS = new HashSet<>(Arrays.asList("0xb02", "0xb36", "0xb56", "0xb76"));

    private final int version;
    private final boolean neon;
    private final String evidence;

    private ArmCpu(int version, boolean neon, String evidence) {
        this.version = version;
        this.neon = neon;
        this.evidence = evidence;
    }

    /** Architecture version: 6, 7 or 8 (8 = an ARMv8 core running 32-bit code); 0 if unknown. */
    public int version() {
        return version;
    }

    /** True if the core has Advanced SIMD (NEON). */
    public boolean neon() {
        return neon;
    }

    /** Where the answer came from, for error messages. */
    public String evidence() {
        return evidence;
    }

    /** Nothing known. */
    public static ArmCpu unknown(String why) {
        return new ArmCpu(0, false, why);
    }

    /**
     * Reads the first processor's entries of {@code /proc/cpuinfo} text.
     *
     * @return the CPU, or {@link #unknown} if the text names no ARM architecture
     */
    public static ArmCpu fromCpuInfo(String cpuinfo) {
        String model = null;
        String architecture = null;
        String implementer = null;
        String part = null;
        String featureLine = null;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (key.equals("model name") && model == null) {
                model = value;
            } else if (key.equals("cpu architecture") && architecture == null) {
                architecture = value;
            } else if (key.equals("cpu implementer") && implementer == null) {
                implementer = value.toLowerCase(Locale.ROOT);
            } else if (key.equals("cpu part") && part == null) {
                part = value.toLowerCase(Locale.ROOT);
            } else if (key.equals("features") && featureLine == null) {
                featureLine = value;
            }
        }
        Set<String> features = new HashSet<>();
        if (featureLine != null) {
            addWords(featureLine.toLowerCase(Locale.ROOT), features);
        }
        boolean neon = features.contains("neon") || features.contains("asimd");
        String lowerModel = model == null ? "" : model.toLowerCase(Locale.ROOT);
        if (lowerModel.contains("armv6") || lowerModel.contains("(v6")) {
            return new ArmCpu(6, neon, "/proc/cpuinfo model name '" + model + "'");
        }
        if ("0x41".equals(implementer) && part != null && ARM11_PARTS.contains(part)) {
            return new ArmCpu(6, neon, "/proc/cpuinfo CPU part " + part + " (an ARM11 core)");
        }
        if (lowerModel.contains("armv8") || lowerModel.contains("(v8")) {
            return new ArmCpu(8, neon, "/proc/cpuinfo model name '" + model + "'");
        }
        if (lowerModel.contains("armv7") || lowerModel.contains("(v7")) {
            return new ArmCpu(7, neon, "/proc/cpuinfo model name '" + model + "'");
        }
        if (architecture == null) {
            return unknown("/proc/cpuinfo has no 'model name' or 'CPU architecture'");
        }
        int declared = leadingNumber(architecture);
        if (architecture.toLowerCase(Locale.ROOT).startsWith("aarch64")) {
            declared = 8;
        }
        if (declared >= 7) {
            for (String f : features) {
                if (V7_FEATURES.contains(f)) {
                    return new ArmCpu(
                            declared,
                            neon,
                            "/proc/cpuinfo CPU architecture " + architecture + " with ARMv7 feature '" + f + "'");
                }
            }
            return new ArmCpu(
                    6,
                    neon,
                    "/proc/cpuinfo CPU architecture " + architecture
                            + " but no ARMv7-only feature (as on an ARM1176): treated as ARMv6");
        }
        if (declared > 0) {
            return new ArmCpu(declared, neon, "/proc/cpuinfo CPU architecture " + architecture);
        }
        return unknown("/proc/cpuinfo CPU architecture '" + architecture + "' not understood");
    }

    /**
     * Reads AT_HWCAP (and AT_HWCAP2) from the auxiliary vector.
     *
     * @return the CPU, or {@link #unknown} if the vector has no AT_HWCAP
     */
    public static ArmCpu fromAuxv(Map<Long, Long> auxv) {
        Long hwcap = auxv.get(AT_HWCAP);
        if (hwcap == null) {
            return unknown("/proc/self/auxv has no AT_HWCAP");
        }
        Long hwcap2 = auxv.get(AT_HWCAP2);
        boolean neon = (hwcap & HWCAP_NEON) != 0;
        String bits = "AT_HWCAP 0x" + Long.toHexString(hwcap)
                + (hwcap2 == null ? "" : ", AT_HWCAP2 0x" + Long.toHexString(hwcap2));
        if ((hwcap & V7_HWCAPS) == 0) {
            return new ArmCpu(6, neon, "/proc/self/auxv " + bits + " has no ARMv7-only capability");
        }
        if (hwcap2 != null && (hwcap2 & HWCAP2_CRC32) != 0) {
            return new ArmCpu(8, neon, "/proc/self/auxv " + bits + " (crc32: ARMv8)");
        }
        return new ArmCpu(7, neon, "/proc/self/auxv " + bits);
    }

    /** Adds the words of {@code line}, split at white space (by hand: no regex on the start path). */
    private static void addWords(String line, Set<String> words) {
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean space = i == line.length() || isSpace(line.charAt(i));
            if (space && start >= 0) {
                words.add(line.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
    }

    /** The white space of the regex {@code \s}: space, tab, line feed, vertical tab, form feed, return. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    private static int leadingNumber(String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i == 0 ? 0 : Integer.parseInt(s.substring(0, i));
    }
}
