package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.testing.Required;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
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
    void blocksLargeEnoughForItsCacheOfArraysDecodeIntoReusedArraysCorrectly() throws Exception {
        // Blocks of 64 KiB: the decoded blocks and dictionaries are taken from and given back to a cache of arrays
        // (from 32 KiB up), so later blocks are decoded into arrays that held earlier ones; the last block is shorter.
        Path xzTool = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "xz"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        Required.require(xzTool != null, "the xz program on the PATH, to write a stream of 64 KiB blocks");
        Random random = new Random(17);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        for (int line = 0; plain.size() < 40 * 65536 + 12345; line++) {
            plain.write(("line " + line + " " + Long.toHexString(random.nextLong()) + " "
                            + "abcdefghij".repeat(random.nextInt(8)) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        byte[] original = plain.toByteArray();
        Process xz = new ProcessBuilder(xzTool.toString(), "-T2", "--block-size=65536", "-C", "crc64", "-c")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Thread feeding = new Thread(() -> {
            try (var stdin = xz.getOutputStream()) {
                stdin.write(original);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        feeding.start();
        byte[] compressed = xz.getInputStream().readAllBytes();
        feeding.join();
        assertThat(xz.waitFor()).isZero();

        for (int ahead : new int[] {1, 4}) {
            try (InputStream in = ParallelXzInputStream.open(new ByteArrayInputStream(compressed), pool, ahead)) {
                assertThat(in).isInstanceOf(ParallelXzInputStream.class);
            }
            assertThat(decode(compressed, ahead)).as("ahead %d", ahead).isEqualTo(original);
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
