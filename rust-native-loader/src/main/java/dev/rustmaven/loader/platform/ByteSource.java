package dev.rustmaven.loader.platform;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Random access to the bytes of a file or an in-memory array, enough to read ELF structures. */
public interface ByteSource extends Closeable {

    /** Total length in bytes. */
    long size() throws IOException;

    /**
     * Reads up to {@code length} bytes at {@code position}; fewer only at the end of the source.
     *
     * @return the bytes read (a shorter array near the end; empty past it)
     */
    byte[] read(long position, int length) throws IOException;

    /** A source over an array, for tests and for data already in memory. */
    static ByteSource of(final byte[] data) {
        return new ByteSource() {
            @Override
            public long size() {
                return data.length;
            }

            @Override
            public byte[] read(long position, int length) {
                if (position < 0 || position >= data.length || length <= 0) {
                    return new byte[0];
                }
                int n = (int) Math.min(length, data.length - position);
                byte[] out = new byte[n];
                System.arraycopy(data, (int) position, out, 0, n);
                return out;
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }

    /** A source over a file, read lazily so that a 20 MB libjvm.so costs only a few reads. */
    static ByteSource of(Path file) throws IOException {
        final RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
        return new ByteSource() {
            @Override
            public long size() throws IOException {
                return raf.length();
            }

            @Override
            public byte[] read(long position, int length) throws IOException {
                long size = raf.length();
                if (position < 0 || position >= size || length <= 0) {
                    return new byte[0];
                }
                int n = (int) Math.min(length, size - position);
                byte[] out = new byte[n];
                raf.seek(position);
                raf.readFully(out);
                return out;
            }

            @Override
            public void close() throws IOException {
                raf.close();
            }
        };
    }
}
