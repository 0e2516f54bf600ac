package dev.rustmaven.distribution;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Builds tarballs for tests, including the malicious kinds a real server must never be trusted not to send. */
public final class TestTarballs {

    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();

    public TestTarballs file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public TestTarballs file(String name, byte[] content, int mode) {
        // preserveAbsolutePath keeps "/abs" as written, so tests can build hostile names.
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        entry.setMode(0100000 | mode);
        return add(entry, content);
    }

    public TestTarballs directory(String name) {
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
        entry.setMode(040755);
        return add(entry, new byte[0]);
    }

    public TestTarballs symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        return add(entry, new byte[0]);
    }

    public TestTarballs hardlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        entry.setLinkName(target);
        return add(entry, new byte[0]);
    }

    /** An entry of another kind without data: a FIFO ({@code TarConstants.LF_FIFO}), a device, ... */
    public TestTarballs special(String name, byte linkFlag) {
        return add(new TarArchiveEntry(name, linkFlag, true), new byte[0]);
    }

    /** A plain file whose data is {@code size} zero bytes: compresses to almost nothing. */
    public TestTarballs zeros(String name, int size) {
        return file(name, new byte[size], 0644);
    }

    /** The 512-byte ustar header of a file entry declaring {@code size} bytes, without its data. */
    public static byte[] header(String name, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(size);
        entry.setMode(0100644);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header);
        return header;
    }

    /** The two zero records that end a tar archive. */
    public static byte[] endMarker() {
        return new byte[1024];
    }

    private TestTarballs add(TarArchiveEntry entry, byte[] content) {
        entries.add(entry);
        contents.add(content);
        return this;
    }

    public byte[] tar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeTar(bytes);
        return bytes.toByteArray();
    }

    public byte[] compressed(Compression compression) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            OutputStream out = compression == Compression.XZ
                    ? new XZOutputStream(bytes, new LZMA2Options(1))
                    : new GZIPOutputStream(bytes);
            writeTar(out);
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void writeTar(OutputStream target) {
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(target));
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < entries.size(); i++) {
                tar.putArchiveEntry(entries.get(i));
                tar.write(contents.get(i));
                tar.closeArchiveEntry();
            }
            tar.finish();
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
