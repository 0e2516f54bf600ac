package dev.rustmaven.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The file-level ARM build attributes of the {@code aeabi} subsection of {@code .ARM.attributes}:
 * which architecture, FPU and calling convention the code was built for (see "Addenda to, and
 * Errata in, the ABI for the Arm Architecture", build attributes). An attribute that is absent has
 * the value 0, as the ABI defines.
 *
 * @param numbers the numeric attributes by tag
 * @param strings the string attributes by tag
 */
public record ArmAttributes(Map<Integer, Long> numbers, Map<Integer, String> strings) {

    public static final int TAG_CPU_RAW_NAME = 4;
    public static final int TAG_CPU_NAME = 5;
    public static final int TAG_CPU_ARCH = 6;
    public static final int TAG_CPU_ARCH_PROFILE = 7;
    public static final int TAG_ARM_ISA_USE = 8;
    public static final int TAG_THUMB_ISA_USE = 9;
    public static final int TAG_FP_ARCH = 10;
    public static final int TAG_ADVANCED_SIMD_ARCH = 12;
    public static final int TAG_ABI_VFP_ARGS = 28;
    public static final int TAG_COMPATIBILITY = 32;
    public static final int TAG_CONFORMANCE = 67;

    /** {@code Tag_CPU_arch} values, indexed by value. */
    private static final List<String> CPU_ARCH_NAMES = List.of(
            "Pre-v4",
            "v4",
            "v4T",
            "v5T",
            "v5TE",
            "v5TEJ",
            "v6",
            "v6KZ",
            "v6T2",
            "v6K",
            "v7",
            "v6-M",
            "v6S-M",
            "v7E-M",
            "v8-A",
            "v8-R",
            "v8-M.baseline",
            "v8-M.mainline",
            "v8.1-A",
            "v8.2-A",
            "v8.3-A",
            "v8.1-M.mainline",
            "v9-A");

    public static final int CPU_ARCH_V6 = 6;
    public static final int CPU_ARCH_V6KZ = 7;
    public static final int CPU_ARCH_V6T2 = 8;
    public static final int CPU_ARCH_V6K = 9;
    public static final int CPU_ARCH_V7 = 10;

    /** {@code Tag_FP_arch} values, indexed by value. */
    private static final List<String> FP_ARCH_NAMES =
            List.of("none", "VFPv1", "VFPv2", "VFPv3", "VFPv3-D16", "VFPv4", "VFPv4-D16", "FP-ARMv8", "FP-ARMv8-D16");

    /** {@code Tag_ABI_VFP_args}: floating point arguments in core registers (the base AAPCS, soft-float). */
    public static final int VFP_ARGS_BASE = 0;
    /** {@code Tag_ABI_VFP_args}: floating point arguments in VFP registers (hard-float). */
    public static final int VFP_ARGS_VFP = 1;
    /** {@code Tag_ABI_VFP_args}: a toolchain-specific convention. */
    public static final int VFP_ARGS_CUSTOM = 2;
    /** {@code Tag_ABI_VFP_args}: no floating point arguments, compatible with both conventions. */
    public static final int VFP_ARGS_COMPATIBLE = 3;

    public ArmAttributes {
        numbers = Map.copyOf(numbers);
        strings = Map.copyOf(strings);
    }

    /** A numeric attribute, 0 when absent. */
    public long number(int tag) {
        return numbers.getOrDefault(tag, 0L);
    }

    /** {@code Tag_CPU_arch}: 6 = v6, 7 = v6KZ (ARM1176, Raspberry Pi 1/Zero), 10 = v7, 14 = v8-A. */
    public int cpuArch() {
        return (int) number(TAG_CPU_ARCH);
    }

    /** The name {@code readelf -A} gives {@link #cpuArch()}, such as {@code v6KZ} or {@code v7}. */
    public String cpuArchName() {
        return cpuArchName(cpuArch());
    }

    public static String cpuArchName(int value) {
        return value >= 0 && value < CPU_ARCH_NAMES.size() ? CPU_ARCH_NAMES.get(value) : "arch " + value;
    }

    /** {@code Tag_CPU_arch_profile}: {@code 'A'}, {@code 'R'}, {@code 'M'}, {@code 'S'} or 0 when absent. */
    public char cpuArchProfile() {
        return (char) number(TAG_CPU_ARCH_PROFILE);
    }

    /** {@code Tag_CPU_name}, such as {@code arm1176jzf-s}, when the compiler recorded one. */
    public Optional<String> cpuName() {
        return Optional.ofNullable(strings.get(TAG_CPU_NAME));
    }

    /** {@code Tag_FP_arch}: 0 none, 2 VFPv2, 3 VFPv3, 4 VFPv3-D16, 5 VFPv4, 7 FP-ARMv8. */
    public int fpArch() {
        return (int) number(TAG_FP_ARCH);
    }

    public String fpArchName() {
        int value = fpArch();
        return value >= 0 && value < FP_ARCH_NAMES.size() ? FP_ARCH_NAMES.get(value) : "FP arch " + value;
    }

    /** {@code Tag_ABI_VFP_args}: see {@link #VFP_ARGS_BASE} and the other constants. */
    public int abiVfpArgs() {
        return (int) number(TAG_ABI_VFP_ARGS);
    }

    /**
     * Whether the file states anything about its procedure-call ABI ({@code Tag_ABI_PCS_GOT_use} to
     * {@code Tag_ABI_optimization_goals}, tags 17 to 30). Compilers always do; an assembler records only the
     * CPU it assembled for, so an assembly object without these tags makes no claim about its float ABI.
     */
    public boolean statesAbi() {
        return numbers.keySet().stream().anyMatch(tag -> tag >= 17 && tag <= 30);
    }

    /** {@code Tag_THUMB_ISA_use}: 0 none, 1 Thumb-1, 2 Thumb-2, 3 as the architecture allows. */
    public int thumbIsaUse() {
        return (int) number(TAG_THUMB_ISA_USE);
    }

    /** {@code Tag_Advanced_SIMD_arch}: 0 none, 1 NEONv1, 2 NEONv1 with FMA, 3 ARMv8 NEON. */
    public int advancedSimdArch() {
        return (int) number(TAG_ADVANCED_SIMD_ARCH);
    }

    /**
     * Parses the contents of a {@code .ARM.attributes} section. Subsections of other vendors and
     * per-section or per-symbol attributes are skipped.
     *
     * @param order the file's byte order, which the subsection lengths use
     * @param source names the file in error messages
     */
    static ArmAttributes parse(ByteBuffer content, ByteOrder order, String source) throws ElfFormatException {
        ByteBuffer in = content.duplicate().order(order);
        Map<Integer, Long> numbers = new TreeMap<>();
        Map<Integer, String> strings = new TreeMap<>();
        if (!in.hasRemaining()) {
            return new ArmAttributes(numbers, strings);
        }
        if (in.get() != 'A') {
            throw bad(source, "does not start with format version 'A'");
        }
        while (in.remaining() >= 4) {
            int start = in.position();
            long length = Integer.toUnsignedLong(in.getInt());
            if (length < 4 || length > in.remaining() + 4L) {
                throw bad(
                        source,
                        "has a subsection length of " + length + " with " + (in.remaining() + 4) + " bytes left");
            }
            int end = start + (int) length;
            String vendor = string(in, end, source);
            if (vendor.equals("aeabi")) {
                parseVendorSubsection(in, end, numbers, strings, source);
            }
            in.position(end);
        }
        return new ArmAttributes(numbers, strings);
    }

    private static void parseVendorSubsection(
            ByteBuffer in, int end, Map<Integer, Long> numbers, Map<Integer, String> strings, String source)
            throws ElfFormatException {
        while (in.position() < end) {
            int start = in.position();
            long scope = uleb(in, end, source);
            if (end - in.position() < 4) {
                throw bad(source, "ends inside an attribute block header");
            }
            long size = Integer.toUnsignedLong(in.getInt());
            if (size < 5 || size > end - start) {
                throw bad(source, "has an attribute block of " + size + " bytes with " + (end - start) + " bytes left");
            }
            int blockEnd = start + (int) size;
            if (scope == 1) {
                while (in.position() < blockEnd) {
                    int tag = (int) uleb(in, blockEnd, source);
                    if (tag == TAG_COMPATIBILITY) {
                        numbers.put(tag, uleb(in, blockEnd, source));
                        strings.put(tag, string(in, blockEnd, source));
                    } else if (isStringTag(tag)) {
                        strings.put(tag, string(in, blockEnd, source));
                    } else {
                        numbers.put(tag, uleb(in, blockEnd, source));
                    }
                }
            }
            in.position(blockEnd);
        }
    }

    /** Tags 4, 5 and 67 hold strings; above 32 the ABI gives odd tags strings and even ones numbers. */
    private static boolean isStringTag(int tag) {
        return tag == TAG_CPU_RAW_NAME || tag == TAG_CPU_NAME || (tag > TAG_COMPATIBILITY && tag % 2 == 1);
    }

    private static long uleb(ByteBuffer in, int end, String source) throws ElfFormatException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (in.position() >= end) {
                throw bad(source, "ends inside a number");
            }
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw bad(source, "has a number longer than 64 bits");
    }

    private static String string(ByteBuffer in, int end, String source) throws ElfFormatException {
        int start = in.position();
        for (int i = start; i < end; i++) {
            if (in.get(i) == 0) {
                byte[] bytes = new byte[i - start];
                in.get(bytes);
                in.get();
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }
        throw bad(source, "has a string without its terminating NUL");
    }

    private static ElfFormatException bad(String source, String problem) {
        return new ElfFormatException(source, "its .ARM.attributes section " + problem + ": the file is damaged");
    }
}
