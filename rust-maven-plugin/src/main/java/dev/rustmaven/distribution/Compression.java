package dev.rustmaven.distribution;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/** The compressions of tarballs on a Rust dist server that this package can read, best first. */
public enum Compression {
    XZ(".tar.xz"),
    GZ(".tar.gz");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    /** The file name suffix, e.g. {@code .tar.xz}. */
    public String suffix() {
        return suffix;
    }

    /** A stream of the tar data inside {@code compressed}; closing it closes {@code compressed}. */
    public InputStream decompress(InputStream compressed) throws IOException {
        InputStream buffered = new BufferedInputStream(compressed, 1 << 16);
        return switch (this) {
            case XZ -> Xz.open(buffered);
            case GZ -> new GZIPInputStream(buffered, 1 << 16);
        };
    }

    /**
     * Names the xz library's stream, so that verifying this enum does not load it: reading a manifest, which
     * names the compressions, then does not open the library's jar (about 15 ms in a fresh JVM, issue 17).
     */
    private static final class Xz {
        private Xz() {}

        static InputStream open(InputStream in) throws IOException {
            return new XZInputStream(in);
        }
    }
}
