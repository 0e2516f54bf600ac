package dev.rustmaven.loader.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.Auxv;
import dev.rustmaven.loader.platform.HostRequirement;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a start with a record reads what its key and roots are made of, without the JDK's heavier ways. */
class StartRecordKeyTest {

    @TempDir
    Path temp;

    @Test
    void aVariableIsFoundWhereverItIsInTheBlockAndOnlyByItsWholeName() {
        // given: an environment block as /proc/self/environ holds it, the last entry ended by a NUL or not
        byte[] block = bytes("XDG=short\0XDG_CACHE_HOME=/home/pi/.c\0EMPTY=\0XDG_CACHE_HOME=/second\0LAST=end\0");
        byte[] unended = bytes("FIRST=1\0LAST=end");

        // then
        assertThat(text(StartRecord.variable(block, "XDG_CACHE_HOME")))
                .as("the first of two, as getenv")
                .isEqualTo("/home/pi/.c");
        assertThat(text(StartRecord.variable(block, "XDG")))
                .as("a name that begins another")
                .isEqualTo("short");
        assertThat(text(StartRecord.variable(block, "EMPTY"))).isEmpty();
        assertThat(text(StartRecord.variable(block, "LAST"))).isEqualTo("end");
        assertThat(text(StartRecord.variable(unended, "LAST"))).isEqualTo("end");
        assertThat(text(StartRecord.variable(unended, "FIRST"))).isEqualTo("1");
        assertThat(StartRecord.variable(block, "XDG_CACHE"))
                .as("a part of a name")
                .isNull();
        assertThat(StartRecord.variable(block, "HOME")).as("the end of a name").isNull();
        assertThat(StartRecord.variable(block, "/home/pi/.c")).as("a value").isNull();
        assertThat(StartRecord.variable(new byte[0], "XDG")).isNull();
    }

    @Test
    void theEnvironmentOfThisProcessIsTheOneTheJdkSees() {
        HostRequirement.require(Files.isReadable(Paths.get("/proc/self/environ")), "needs Linux's /proc/self/environ");

        // then: this JVM's environment was not changed since it started
        for (String name : List.of("PATH", "HOME", "XDG_CACHE_HOME", "NO_SUCH_VARIABLE_OF_THIS_TEST")) {
            assertThat(StartRecord.environment(name)).as(name).isEqualTo(System.getenv(name));
        }
    }

    @Test
    void aFileIsReadWholeInPiecesUpToItsLimit() throws Exception {
        // given: files around the size of one read
        byte[] big = new byte[40_000];
        Arrays.fill(big, (byte) 'x');
        big[big.length - 1] = 'y';
        Path file = Files.write(temp.resolve("big"), big);
        Path small = Files.write(temp.resolve("small"), bytes("boot id"));

        // then
        assertThat(StartRecord.readFile(file.toString(), big.length)).isEqualTo(big);
        assertThat(StartRecord.readFile(file.toString(), 1 << 20)).isEqualTo(big);
        assertThat(StartRecord.readFile(file.toString(), big.length - 1))
                .as("longer than allowed")
                .isNull();
        assertThat(StartRecord.readFile(file.toString(), 8192))
                .as("longer than allowed")
                .isNull();
        assertThat(StartRecord.readFile(small.toString(), 64)).isEqualTo(bytes("boot id"));
        assertThat(StartRecord.readFile(temp.resolve("absent").toString(), 64)).isNull();
    }

    @Test
    void aStartLooksAtTheCLibrariesOfItsOwnArchitecture() {
        // when
        List<String> amd64 = StartRecord.libcPlaces("amd64");
        List<String> arm = StartRecord.libcPlaces("arm");
        List<String> unknown = StartRecord.libcPlaces("sparcv9");
        List<String> every = StartRecord.libcPlaces("");

        // then
        List<String> shared = List.of("/lib64/libc.so.6", "/lib/libc.so.6", "/usr/lib/libc.so.6");
        assertThat(amd64)
                .containsAll(shared)
                .contains("/lib/x86_64-linux-gnu/libc.so.6", "/lib/ld-musl-x86_64.so.1")
                .hasSize(shared.size() + 2);
        assertThat(arm)
                .containsAll(shared)
                .contains(
                        "/lib/arm-linux-gnueabihf/libc.so.6",
                        "/lib/arm-linux-gnueabi/libc.so.6",
                        "/lib/ld-musl-armhf.so.1",
                        "/lib/ld-musl-arm.so.1")
                .noneMatch(place -> place.contains("aarch64"));
        assertThat(StartRecord.libcPlaces("aarch64")).contains("/lib/aarch64-linux-gnu/libc.so.6");
        assertThat(unknown)
                .as("an architecture without an entry looks everywhere, each place once")
                .containsAll(amd64)
                .containsAll(arm)
                .contains("/lib/i386-linux-gnu/libc.so.6", "/lib/loongarch64-linux-gnu/libc.so.6")
                .doesNotHaveDuplicates();
        assertThat(every)
                .as("where a start looks when none of its architecture's places holds a file")
                .isEqualTo(unknown);
    }

    @Test
    void theHardwareCapabilitiesAreReadAsTheDetectionReadsThem() {
        // given: auxiliary vectors of a 32-bit little-endian process (a Pi's armhf JVM) and a 64-bit big-endian one,
        // with AT_HWCAP (16) and AT_HWCAP2 (26) among other entries, then AT_NULL and what follows it
        long[] entries = {6, 4096, 16, 0x0037b0d6L, 26, 0x10, 0, 0, 16, 99};
        long[] noHwcap2 = {16, 0xffffffffL, 0, 0};
        byte[] armhf = auxv(entries, 4, true);
        byte[] big64 = auxv(entries, 8, false);

        // then
        assertThat(StartRecord.hardwareCapabilities(armhf, 4, true))
                .isEqualTo("3649750,16")
                .isEqualTo(fromDetection(armhf, 4, true));
        assertThat(StartRecord.hardwareCapabilities(big64, 8, false)).isEqualTo(fromDetection(big64, 8, false));
        assertThat(StartRecord.hardwareCapabilities(auxv(noHwcap2, 4, true), 4, true))
                .as("an unsigned word; a missing entry")
                .isEqualTo("4294967295,null");
        assertThat(StartRecord.hardwareCapabilities(new byte[0], 8, true)).isEqualTo("null,null");
    }

    private static String fromDetection(byte[] auxv, int wordSize, boolean littleEndian) {
        Map<Long, Long> parsed = Auxv.parse(auxv, wordSize, littleEndian);
        return parsed.get(16L) + "," + parsed.get(26L);
    }

    private static byte[] auxv(long[] words, int wordSize, boolean littleEndian) {
        ByteBuffer buffer = ByteBuffer.allocate(words.length * wordSize)
                .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        for (long word : words) {
            if (wordSize == 4) {
                buffer.putInt((int) word);
            } else {
                buffer.putLong(word);
            }
        }
        return buffer.array();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII);
    }
}
