package dev.rustmaven.loader.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the auxiliary vector as the kernel exposes it in {@code /proc/self/auxv}. */
public final class Auxv {

    private Auxv() {}

    /**
     * Splits {@code (type, value)} pairs up to AT_NULL.
     *
     * @param data the file's bytes
     * @param wordSize 4 for a 32-bit process, 8 for a 64-bit one (the reader's own word size)
     * @param littleEndian the process's byte order
     * @return entries by type, in file order
     */
    public static Map<Long, Long> parse(byte[] data, int wordSize, boolean littleEndian) {
        if (wordSize != 4 && wordSize != 8) {
            throw new IllegalArgumentException("wordSize must be 4 or 8, not " + wordSize);
        }
        Map<Long, Long> out = new LinkedHashMap<>();
        for (int pos = 0; pos + 2 * wordSize <= data.length; pos += 2 * wordSize) {
            long type = word(data, pos, wordSize, littleEndian);
            if (type == 0) {
                break;
            }
            out.put(type, word(data, pos + wordSize, wordSize, littleEndian));
        }
        return out;
    }

    private static long word(byte[] b, int off, int size, boolean le) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (long) (b[off + i] & 0xff) << (le ? 8 * i : 8 * (size - 1 - i));
        }
        return v;
    }
}
