package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * The xz decoder that decodes blocks on a pool: the same bytes as XZ for Java's own decoder, on streams of several
 * blocks that record their sizes (the fixtures were written by {@code xz -T2 --block-size=16384 -C <check>}, as the
 * Rust dist server's tarballs are by a multi-threaded encoder), and an error on damaged or cut streams.
 */
class ParallelXzInputStreamTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ParallelXzInputStreamTest.class.getResourceAsStream("/xz/" + name)) {
            return in.readAllBytes();
        }
    }

    private byte[] decode(byte[] xz, int ahead) throws IOException {
        try (InputStream in = ParallelXzInputStream.open(new ByteArrayInputStream(xz), pool, ahead)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[777]; // not a divisor of anything: reads cross block ends
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    @ParameterizedTest(name = "check {0}")
    @ValueSource(strings = {"crc64", "crc32", "sha256", "none"})
    void decodesAStreamOfSizedBlocksInParallelAsXzForJavaDoes(String check) throws IOException {
        // given
        byte[] xz = resource("blocks-" + check + ".tar.xz");

        // when
        byte[] decoded = decode(xz, 3);

        // then
        assertThat(decoded).isEqualTo(resource("blocks.tar"));
        assertThat(decoded).isEqualTo(new XZInputStream(new ByteArrayInputStream(xz)).readAllBytes());
        try (InputStream in = ParallelXzInputStream.open(new ByteArrayInputStream(xz), pool, 1)) {
            assertThat(in).isInstanceOf(ParallelXzInputStream.class);
        }
    }

    @Test
    void twoConcatenatedStreamsWithPaddingDecodeAsOne() throws IOException {
        // given
        byte[] one = resource("blocks-crc64.tar.xz");
        byte[] two = Arrays.copyOf(one, one.length * 2 + 8); // four zero bytes of stream padding, twice
        System.arraycopy(one, 0, two, one.length + 4, one.length);
        two = Arrays.copyOf(two, one.length * 2 + 4);

        // when / then
        byte[] tar = resource("blocks.tar");
        byte[] twice = Arrays.copyOf(tar, tar.length * 2);
        System.arraycopy(tar, 0, twice, tar.length, tar.length);
        assertThat(decode(two, 2)).isEqualTo(twice);
    }

    @Test
    void aStreamWithoutRecordedSizesIsDecodedByXzForJava() throws IOException {
        // given: XZ for Java writes one block whose header cannot know its sizes
        byte[] data = resource("blocks.tar");
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (XZOutputStream out = new XZOutputStream(xz, new LZMA2Options())) {
            out.write(data);
        }

        // when / then
        try (InputStream in = ParallelXzInputStream.open(new ByteArrayInputStream(xz.toByteArray()), pool, 2)) {
            assertThat(in).isInstanceOf(XZInputStream.class);
        }
        assertThat(decode(xz.toByteArray(), 2)).isEqualTo(data);
    }

    @ParameterizedTest(name = "a byte changed at {0}% of the file")
    @ValueSource(ints = {20, 50, 80})
    void aDamagedBlockFails(int percent) throws IOException {
        // given
        byte[] xz = resource("blocks-crc64.tar.xz");
        xz[xz.length * percent / 100] ^= 0x55;

        // when / then: the block's check, its LZMA2 data or its header reports it
        assertThatThrownBy(() -> decode(xz, 2)).isInstanceOf(IOException.class);
    }

    @ParameterizedTest(name = "cut to {0}% of the file")
    @ValueSource(ints = {0, 1, 30, 70, 99})
    void aCutStreamFails(int percent) throws IOException {
        // given
        byte[] whole = resource("blocks-crc64.tar.xz");
        byte[] cut = Arrays.copyOf(whole, whole.length * percent / 100);

        // when / then
        assertThatThrownBy(() -> decode(cut, 2)).isInstanceOf(IOException.class);
    }
}
