package dev.rustmaven.distribution;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.check.Check;

/**
 * Decompresses an {@code .xz} stream several blocks at a time. An xz file written by a multi-threaded encoder (as
 * the Rust dist server's tarballs are: blocks of a few MiB) records each block's compressed and uncompressed size in
 * the block's header, and every block starts with a fresh dictionary; so each block can be cut out of the stream
 * and decoded on its own, on a pool's thread, while the reading thread goes on. The blocks come out in order.
 *
 * <p>{@link #open} decides from the stream's first block: when it does not record its sizes, uses a filter other
 * than LZMA2 alone, a check other than none, CRC32, CRC64 or SHA-256, or is larger than {@value #MAX_BLOCK} bytes, the
 * whole stream is decoded by {@link XZInputStream} on the reading thread, as before. Each block's check is
 * verified; the index and footer are skipped over (the download's sha256 covers every byte of the file).
 */
final class ParallelXzInputStream extends InputStream {

    /** A block larger than this, compressed or not, is not decoded in memory. */
    static final int MAX_BLOCK = 64 << 20;

    private static final byte[] MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
    private static final int LZMA2_FILTER = 0x21;

    private final DataInputStream in;
    private final ExecutorService pool;
    private final int ahead;
    /**
     * The dictionaries and decoded blocks of this stream, a few MiB each, taken from and given back to a cache of
     * arrays (XZ for Java's): without it every block allocates two such arrays, which the garbage collector then has
     * to clear. The stream's own, so nothing stays behind once it is read.
     */
    private final ArrayCache arrays = new BasicArrayCache();

    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private int checkType = -1;
    private boolean inStream;
    private boolean end;
    private byte[] current = new byte[0];
    private int offset;

    private ParallelXzInputStream(InputStream in, ExecutorService pool, int ahead) {
        this.in = new DataInputStream(in);
        this.pool = pool;
        this.ahead = ahead;
    }

    /**
     * The decompressed content of {@code compressed}; closing it closes {@code compressed}.
     *
     * @param pool  decodes the blocks
     * @param ahead how many blocks may be read ahead of the one being consumed (memory: up to {@value #MAX_BLOCK}
     *              bytes each, in practice a few MiB)
     */
    static InputStream open(InputStream compressed, ExecutorService pool, int ahead) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(compressed, 1 << 16);
        buffered.mark(12 + 1024);
        boolean splittable;
        try {
            ParallelXzInputStream probe = new ParallelXzInputStream(buffered, pool, ahead);
            splittable = probe.readStreamHeader() && probe.firstBlockSplittable();
        } catch (IOException e) {
            splittable = false; // XZInputStream reads it again and words the error
        }
        buffered.reset();
        return splittable ? new ParallelXzInputStream(buffered, pool, ahead) : new XZInputStream(buffered);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (offset == current.length) {
            if (!nextBlock()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - offset);
        System.arraycopy(current, offset, b, off, n);
        offset += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        for (Future<byte[]> f : pending) {
            f.cancel(true);
        }
        pending.clear();
        in.close();
    }

    private boolean nextBlock() throws IOException {
        while (!end && pending.size() <= ahead) {
            Block block = readBlock();
            if (block == null) {
                end = true;
            } else {
                pending.add(pool.submit(() -> block.decode(arrays)));
            }
        }
        Future<byte[]> next = pending.poll();
        if (next == null) {
            return false;
        }
        if (current.length > 0) {
            arrays.putArray(current);
            current = new byte[0];
        }
        try {
            current = next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decompressing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        offset = 0;
        return true;
    }

    /** One block cut out of the stream. */
    private record Block(byte[] data, int uncompressedSize, int dictSize, int checkType, byte[] check) {

        byte[] decode(ArrayCache arrays) throws IOException {
            byte[] out = arrays.getByteArray(uncompressedSize, false);
            ByteArrayInputStream source = new ByteArrayInputStream(data);
            LZMA2Options options = new LZMA2Options();
            options.setDictSize(dictSize);
            try (InputStream lzma2 = options.getInputStream(source, arrays)) {
                int done = 0;
                while (done < out.length) {
                    int n = lzma2.read(out, done, out.length - done);
                    if (n < 0) {
                        throw corrupt("a block ends before its recorded size");
                    }
                    done += n;
                }
                if (lzma2.read() >= 0 || source.available() != 0) {
                    throw corrupt("a block is larger than its recorded size");
                }
            }
            if (!Arrays.equals(checkOf(checkType, out), check)) {
                throw corrupt("a block's check does not match its content");
            }
            return out;
        }
    }

    /** The next block, or null when the last stream has ended. */
    private Block readBlock() throws IOException {
        while (true) {
            if (!inStream && !readStreamHeader()) {
                return null;
            }
            int size = in.read();
            if (size < 0) {
                throw new EOFException("xz stream ends inside a block");
            }
            if (size == 0) {
                skipIndexAndFooter();
                inStream = false;
                continue;
            }
            byte[] header = blockHeader(size);
            long[] sizes = splittable(header);
            if (sizes == null) {
                throw corrupt("a block after the first records no sizes or uses other filters; not supported");
            }
            byte[] data = new byte[(int) sizes[0]];
            in.readFully(data);
            skipZeros((4 - data.length % 4) % 4);
            byte[] check = new byte[checkSize(checkType)];
            in.readFully(check);
            return new Block(data, (int) sizes[1], (int) sizes[2], checkType, check);
        }
    }

    /** Reads a stream header, after stream padding; false at the end of the input after a stream. */
    private boolean readStreamHeader() throws IOException {
        int first;
        do {
            first = in.read();
            if (first < 0) {
                if (checkType < 0) {
                    throw new EOFException("empty xz stream");
                }
                return false;
            }
            if (first == 0 && checkType >= 0) {
                skipZeros(3); // stream padding comes in groups of four zero bytes
            }
        } while (first == 0 && checkType >= 0);
        byte[] header = new byte[12];
        header[0] = (byte) first;
        in.readFully(header, 1, 11);
        if (!Arrays.equals(Arrays.copyOf(header, 6), MAGIC) || header[6] != 0 || (header[7] & 0xF0) != 0) {
            throw corrupt("not an xz stream header");
        }
        CRC32 crc = new CRC32();
        crc.update(header, 6, 2);
        if ((int) crc.getValue() != littleEndianInt(header, 8)) {
            throw corrupt("the stream header's CRC32 does not match");
        }
        checkType = header[7];
        if (checkType != 0 && checkType != 1 && checkType != 4 && checkType != 10) {
            throw corrupt("check type " + checkType + " is not supported");
        }
        inStream = true;
        return true;
    }

    private boolean firstBlockSplittable() throws IOException {
        int size = in.read();
        return size > 0 && splittable(blockHeader(size)) != null;
    }

    private byte[] blockHeader(int sizeByte) throws IOException {
        byte[] header = new byte[(sizeByte + 1) * 4];
        header[0] = (byte) sizeByte;
        in.readFully(header, 1, header.length - 1);
        CRC32 crc = new CRC32();
        crc.update(header, 0, header.length - 4);
        if ((int) crc.getValue() != littleEndianInt(header, header.length - 4)) {
            throw corrupt("a block header's CRC32 does not match");
        }
        return header;
    }

    /**
     * The compressed size, uncompressed size and dictionary size of a block header that records both sizes and
     * has LZMA2 as its only filter, all within {@link #MAX_BLOCK}; null otherwise.
     */
    private static long[] splittable(byte[] header) throws IOException {
        int flags = header[1] & 0xFF;
        if ((flags & 0x3C) != 0) {
            throw corrupt("a block header has reserved flags set");
        }
        if ((flags & 0x03) != 0 || (flags & 0xC0) != 0xC0) {
            return null;
        }
        int[] at = {2};
        long compressed = vli(header, at);
        long uncompressed = vli(header, at);
        long filter = vli(header, at);
        long propertiesSize = vli(header, at);
        if (filter != LZMA2_FILTER || propertiesSize != 1 || at[0] >= header.length - 4) {
            return null;
        }
        int properties = header[at[0]++] & 0xFF;
        if (properties > 40) {
            throw corrupt("an LZMA2 dictionary size is out of range");
        }
        for (int i = at[0]; i < header.length - 4; i++) {
            if (header[i] != 0) {
                throw corrupt("a block header's padding is not zero");
            }
        }
        if (compressed <= 0 || compressed > MAX_BLOCK || uncompressed < 0 || uncompressed > MAX_BLOCK) {
            return null;
        }
        long dict = properties == 40 ? 0xFFFF_FFFFL : (2L | (properties & 1)) << (properties / 2 + 11);
        // A block starts with a fresh dictionary: it never reaches back further than the block's own size.
        long needed = Math.max(4096, Math.min(dict, uncompressed));
        return new long[] {compressed, uncompressed, needed};
    }

    /** A variable-length integer of the header at {@code at[0]}, moving past it. */
    private static long vli(byte[] header, int[] at) throws IOException {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            if (at[0] >= header.length - 4) {
                throw corrupt("a block header is cut short");
            }
            int b = header[at[0]++] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw corrupt("a number in a block header is too long");
    }

    /** After the index indicator: the index's records, padding and CRC32, then the stream footer. */
    private void skipIndexAndFooter() throws IOException {
        long read = 1;
        long[] count = readVli();
        read += count[1];
        for (long i = 0; i < count[0]; i++) {
            long[] unpadded = readVli();
            long[] uncompressed = readVli();
            read += unpadded[1] + uncompressed[1];
        }
        skipZeros((int) ((4 - read % 4) % 4));
        in.readFully(new byte[4]);
        byte[] footer = new byte[12];
        in.readFully(footer);
        if (footer[10] != 'Y' || footer[11] != 'Z') {
            throw corrupt("the stream footer is missing");
        }
    }

    /** A variable-length integer from the stream, and how many bytes it took. */
    private long[] readVli() throws IOException {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return new long[] {value, i + 1};
            }
        }
        throw corrupt("a number in the index is too long");
    }

    private void skipZeros(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            if (in.readUnsignedByte() != 0) {
                throw corrupt("padding is not zero");
            }
        }
    }

    private static int checkSize(int type) {
        return type == 0 ? 0 : 4 << ((type - 1) / 3);
    }

    /** The check of {@code type} over {@code data}, by XZ for Java's own implementations (CRC64 is the usual). */
    private static byte[] checkOf(int type, byte[] data) throws IOException {
        Check check = Check.getInstance(type);
        check.update(data, 0, data.length);
        return check.finish();
    }

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static IOException corrupt(String what) {
        return new IOException("corrupt xz data: " + what);
    }
}
