package dev.rustmaven.loader.platform;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The file-scope integer attributes of the {@code aeabi} vendor in an ARM {@code .ARM.attributes}
 * section (ARM IHI 0045, "Addenda to the ARM ELF"): e.g. {@link #TAG_ABI_VFP_ARGS} says whether
 * floating-point arguments travel in VFP registers, that is whether the object is hard-float.
 */
public final class ArmAttributes {

    /** Tag_CPU_arch: 6 = ARMv6, 7 = ARMv6KZ, 9 = ARMv6K, 10 = ARMv7, 14 = ARMv8-A, ... */
    public static final int TAG_CPU_ARCH = 6;
    /** Tag_ABI_VFP_args: 0 = base (soft-float) AAPCS, 1 = VFP registers (hard-float). */
    public static final int TAG_ABI_VFP_ARGS = 28;

    private static final int TAG_FILE = 1;
    private static final int TAG_COMPATIBILITY = 32;

    private final Map<Integer, Long> values;

    private ArmAttributes(Map<Integer, Long> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** No attributes (absent or unreadable section). */
    public static ArmAttributes empty() {
        return new ArmAttributes(new HashMap<Integer, Long>());
    }

    /**
     * Parses a section's contents; a malformed section yields what was read up to the damage.
     *
     * @param littleEndian the byte order of the ELF file the section came from
     */
    public static ArmAttributes parse(byte[] section, boolean littleEndian) {
        Map<Integer, Long> out = new HashMap<>();
        if (section == null || section.length < 1 || section[0] != 'A') {
            return new ArmAttributes(out);
        }
        int pos = 1;
        while (pos + 4 <= section.length) {
            long length = u32(section, pos, littleEndian);
            int end = (int) Math.min(section.length, pos + length);
            if (length < 5) {
                break;
            }
            int nameEnd = pos + 4;
            while (nameEnd < end && section[nameEnd] != 0) {
                nameEnd++;
            }
            String vendor =
                    new String(section, pos + 4, nameEnd - pos - 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if ("aeabi".equals(vendor)) {
                readSubsections(section, nameEnd + 1, end, littleEndian, out);
            }
            pos = end;
        }
        return new ArmAttributes(out);
    }

    private static void readSubsections(byte[] b, int pos, int end, boolean le, Map<Integer, Long> out) {
        while (pos + 5 <= end) {
            int[] cursor = {pos};
            long tag = uleb(b, cursor, end);
            long size = u32(b, cursor[0], le);
            int subEnd = (int) Math.min(end, pos + size);
            if (size < 5) {
                return;
            }
            if (tag == TAG_FILE) {
                readAttributes(b, cursor[0] + 4, subEnd, out);
            }
            pos = subEnd;
        }
    }

    private static void readAttributes(byte[] b, int pos, int end, Map<Integer, Long> out) {
        int[] cursor = {pos};
        while (cursor[0] < end) {
            int tag = (int) uleb(b, cursor, end);
            boolean isString = tag == 4 || tag == 5 || tag == 67 || (tag > TAG_COMPATIBILITY && (tag & 1) == 1);
            if (tag == TAG_COMPATIBILITY) {
                uleb(b, cursor, end);
                skipString(b, cursor, end);
            } else if (isString) {
                skipString(b, cursor, end);
            } else {
                out.put(tag, uleb(b, cursor, end));
            }
        }
    }

    /** The value of an integer attribute, or null if the section does not set it. */
    public Long get(int tag) {
        return values.get(tag);
    }

    private static void skipString(byte[] b, int[] cursor, int end) {
        while (cursor[0] < end && b[cursor[0]] != 0) {
            cursor[0]++;
        }
        cursor[0]++;
    }

    private static long uleb(byte[] b, int[] cursor, int end) {
        long v = 0;
        int shift = 0;
        while (cursor[0] < end) {
            int x = b[cursor[0]++] & 0xff;
            if (shift < 63) {
                v |= (long) (x & 0x7f) << shift;
            }
            shift += 7;
            if ((x & 0x80) == 0) {
                break;
            }
        }
        return v;
    }

    private static long u32(byte[] b, int off, boolean le) {
        if (off + 4 > b.length) {
            return 0;
        }
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) (b[off + i] & 0xff) << (le ? 8 * i : 8 * (3 - i));
        }
        return v;
    }
}
