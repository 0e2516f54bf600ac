package dev.rustmaven.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A committed fixture (a real linker output) with one fact changed in place, the way another linker or other
 * flags would have written it: a program header's alignment or flags, a dynamic entry, a string. Only what the
 * output checks read changes, so each test shows that its check alone refuses the file.
 */
final class ElfPatch {

    private final ByteBuffer bytes;
    private final boolean is64;

    private ElfPatch(byte[] bytes) {
        this.bytes = ByteBuffer.wrap(bytes)
                .order(
                        bytes[ElfHeader.EI_DATA] == ElfHeader.ELFDATA2MSB
                                ? ByteOrder.BIG_ENDIAN
                                : ByteOrder.LITTLE_ENDIAN);
        this.is64 = bytes[ElfHeader.EI_CLASS] == ElfHeader.ELFCLASS64;
    }

    /** The fixture's bytes, ready to be changed. */
    static ElfPatch of(Path fixture) throws IOException {
        return new ElfPatch(Files.readAllBytes(fixture));
    }

    /** Sets {@code p_align} of every PT_LOAD segment, as {@code -z max-page-size=<align>} would. */
    ElfPatch loadAlignment(long align) {
        for (int at : programHeaders(Segment.PT_LOAD)) {
            putWord(at + (is64 ? 48 : 28), align);
        }
        return this;
    }

    /** Sets {@code p_flags} of PT_GNU_STACK, e.g. to R|W|X as {@code -z execstack} would. */
    ElfPatch stackFlags(int flags) {
        for (int at : programHeaders(Segment.PT_GNU_STACK)) {
            bytes.putInt(at + (is64 ? 4 : 24), flags);
        }
        return this;
    }

    /** Turns PT_GNU_STACK into PT_NULL, as a linker that writes none leaves the file. */
    ElfPatch withoutStackHeader() {
        for (int at : programHeaders(Segment.PT_GNU_STACK)) {
            bytes.putInt(at, 0);
        }
        return this;
    }

    /** Replaces the first dynamic entry with tag {@code tag} by {@code newTag} and {@code value}. */
    ElfPatch dynamicEntry(long tag, long newTag, long value) {
        ElfFile elf = parse();
        Section dynamic = elf.section(".dynamic").orElseThrow();
        int entry = DynamicSection.entrySize(is64);
        for (long at = dynamic.offset(); at + entry <= dynamic.offset() + dynamic.size(); at += entry) {
            if (word((int) at) == tag) {
                putWord((int) at, newTag);
                putWord((int) at + entry / 2, value);
                return this;
            }
        }
        throw new IllegalStateException("no dynamic entry with tag " + tag);
    }

    /** Replaces {@code from} by {@code to}, of the same length, in the dynamic string table. */
    ElfPatch dynamicString(String from, String to) {
        if (from.length() != to.length()) {
            throw new IllegalArgumentException("the strings must have the same length");
        }
        Section strings = parse().section(".dynstr").orElseThrow();
        byte[] wanted = (from + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] all = bytes.array();
        for (int at = (int) strings.offset(); at + wanted.length <= strings.offset() + strings.size(); at++) {
            if (java.util.Arrays.equals(all, at, at + wanted.length, wanted, 0, wanted.length)) {
                System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, all, at, to.length());
                return this;
            }
        }
        throw new IllegalStateException(from + " is not in .dynstr");
    }

    /** The changed file, written as {@code name} in {@code dir}. */
    Path writeTo(Path dir, String name) throws IOException {
        return Files.write(dir.resolve(name), bytes.array());
    }

    private ElfFile parse() {
        try {
            return ElfFile.parse(bytes.array(), "patched");
        } catch (ElfFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    private int[] programHeaders(int type) {
        long phoff = word(is64 ? 32 : 28);
        int size = Short.toUnsignedInt(bytes.getShort(is64 ? 54 : 42));
        int count = Short.toUnsignedInt(bytes.getShort(is64 ? 56 : 44));
        return java.util.stream.IntStream.range(0, count)
                .map(i -> (int) phoff + i * size)
                .filter(at -> bytes.getInt(at) == type)
                .toArray();
    }

    private long word(int at) {
        return is64 ? bytes.getLong(at) : Integer.toUnsignedLong(bytes.getInt(at));
    }

    private void putWord(int at, long value) {
        if (is64) {
            bytes.putLong(at, value);
        } else {
            bytes.putInt(at, (int) value);
        }
    }
}
