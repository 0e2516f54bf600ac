package dev.rustmaven.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A bounded window onto a file or byte array from which the reader takes the few ranges it needs,
 * so that a large library is never read whole. Every read is checked against the window's size.
 */
abstract class ElfInput {

    /** Ranges larger than this are refused: no section the reader looks at is anywhere near it. */
    private static final long MAX_READ = 256L * 1024 * 1024;

    private final String name;
    private final long size;

    ElfInput(String name, long size) {
        this.name = name;
        this.size = size;
    }

    static ElfInput of(String name, byte[] bytes) {
        return new ElfInput(name, bytes.length) {
            @Override
            void fill(long offset, byte[] into) {
                System.arraycopy(bytes, (int) offset, into, 0, into.length);
            }
        };
    }

    static ElfInput of(String name, FileChannel channel, long start, long size) {
        return new ElfInput(name, size) {
            @Override
            void fill(long offset, byte[] into) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(into);
                long position = start + offset;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, position);
                    if (n < 0) {
                        throw new ElfFormatException(
                                name, "the file ended while reading it (was it truncated" + " while being read?)");
                    }
                    position += n;
                }
            }
        };
    }

    abstract void fill(long offset, byte[] into) throws IOException;

    String name() {
        return name;
    }

    long size() {
        return size;
    }

    /**
     * Reads {@code length} bytes at {@code offset}; {@code what} names the range for the message
     * when it lies outside the file.
     */
    ByteBuffer read(long offset, long length, ByteOrder order, String what) throws IOException {
        if (offset < 0 || length < 0 || length > MAX_READ || offset > size || length > size - offset) {
            throw new ElfFormatException(
                    name,
                    what + " (offset " + offset + ", " + length + " bytes) lies outside the file, which has " + size
                            + " bytes: the file is truncated or damaged");
        }
        byte[] bytes = new byte[(int) length];
        fill(offset, bytes);
        return ByteBuffer.wrap(bytes).order(order);
    }

    ElfFormatException malformed(String problem) {
        return new ElfFormatException(name, problem);
    }
}
