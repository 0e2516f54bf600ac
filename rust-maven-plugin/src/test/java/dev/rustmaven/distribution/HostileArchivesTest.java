package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives no dist server should send, beyond the escapes of {@link SafeExtractorTest}: devices, lying sizes,
 * streams cut short, bombs, odd names and duplicates. Each is refused as MALFORMED, naming archive and entry.
 */
class HostileArchivesTest {

    /** Small limits, so that a bomb test writes kilobytes, not gigabytes. */
    private static final SafeExtractor.Limits SMALL = new SafeExtractor.Limits(20, 64 * 1024, 8, 200, 16 * 1024);

    @TempDir
    Path temp;

    private Path destination() {
        return temp.resolve("dest");
    }

    private SafeExtractor.Result extract(byte[] tar) throws IOException, DistException {
        return extract(tar, SafeExtractor.Limits.DEFAULT);
    }

    private SafeExtractor.Result extract(byte[] tar, SafeExtractor.Limits limits) throws IOException, DistException {
        return SafeExtractor.extract(
                new ByteArrayInputStream(tar),
                destination(),
                name -> true,
                "hostile.tar",
                SafeExtractor.AbsoluteLinks.REFUSE,
                limits);
    }

    private static AbstractThrowableAssert<?, ?> assertRefused(ThrowingCall call, String entry) {
        return assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.MALFORMED))
                .hasMessageContaining("hostile.tar")
                .hasMessageContaining(entry);
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    /** Every path under the test's temporary directory, relative to it. */
    private List<String> everythingWritten() throws IOException {
        try (Stream<Path> all = Files.walk(temp)) {
            return all.map(p -> temp.relativize(p).toString()).sorted().toList();
        }
    }

    // --- devices and FIFOs ---

    @Test
    void refusesFifosAndDeviceFilesInsteadOfWritingThemAsPlainFiles() throws IOException {
        // given: the tar reader calls these "files" too; before, each became an empty regular file
        for (byte kind : new byte[] {TarConstants.LF_FIFO, TarConstants.LF_CHR, TarConstants.LF_BLK}) {
            String name = "top/special-" + (char) kind;
            TestTarballs tar = new TestTarballs().directory("top").special(name, kind);

            // when / then
            assertRefused(() -> extract(tar.tar()), name).hasMessageContaining("device file or FIFO");
            assertThat(destination().resolve(name)).doesNotExist();
        }
    }

    @Test
    void refusesSparseFiles() {
        // given
        TestTarballs tar = new TestTarballs().special("top/holes", TarConstants.LF_GNUTYPE_SPARSE);

        // when / then
        assertRefused(() -> extract(tar.tar()), "top/holes").hasMessageContaining("sparse file");
    }

    // --- sizes that lie, streams that end early ---

    @Test
    void refusesAnEntryWhoseDataRunsFarPastItsDeclaredSize() throws IOException {
        // given: a header declaring 10 bytes, followed by 64 KiB of data
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.write(TestTarballs.header("top/small.rlib", 10));
        byte[] data = new byte[64 * 1024];
        new Random(16).nextBytes(data);
        tar.write(data);
        tar.write(TestTarballs.endMarker());

        // when / then: the surplus is read as the next header, which it is not
        assertRefused(() -> extract(tar.toByteArray()), "top/small.rlib").hasMessageContaining("damaged");
    }

    @Test
    void refusesAnArchiveCutInsideAnEntryAndKeepsNoPartOfThatEntry() {
        // given
        byte[] whole = new TestTarballs()
                .file("top/first.rlib", "complete")
                .zeros("top/second.rlib", 4000)
                .tar();
        byte[] cut = Arrays.copyOf(whole, 3 * 512 + 1000);

        // when / then
        assertRefused(() -> extract(cut), "top/second.rlib").hasMessageContaining("ends early");
        assertThat(destination().resolve("top/second.rlib")).doesNotExist();
    }

    @Test
    void refusesAnArchiveCutBetweenEntriesThatWouldOtherwiseLoseItsLastEntriesSilently() {
        // given: ends right after the first entry, without the end-of-archive marker
        byte[] whole = new TestTarballs()
                .file("top/first.rlib", "complete")
                .file("top/second.rlib", "lost")
                .tar();
        byte[] cut = Arrays.copyOf(whole, 2 * 512);

        // when / then
        assertRefused(() -> extract(cut), "top/first.rlib")
                .hasMessageContaining("ends early")
                .hasMessageContaining("end-of-archive marker");
    }

    @Test
    void refusesACutXzOrGzStream() {
        // given
        TestTarballs tar = new TestTarballs().zeros("top/lib.rlib", 20_000).file("top/last", "x");
        for (Compression compression : Compression.values()) {
            byte[] compressed = tar.compressed(compression);
            byte[] cut = Arrays.copyOf(compressed, compressed.length - 12);

            // when / then
            assertRefused(
                            () -> {
                                try (InputStream in = compression.decompress(new ByteArrayInputStream(cut))) {
                                    SafeExtractor.extract(
                                            in, temp.resolve(compression.name()), name -> true, "hostile.tar");
                                }
                            },
                            "hostile.tar")
                    .as(compression.name())
                    .hasMessageContaining("ends early");
        }
    }

    // --- bombs ---

    @Test
    void refusesAGzOrXzBombBeforeWritingTheEntryThatBreaksTheSizeCap() throws IOException {
        // given: 1 MiB of zeros compresses about a thousandfold; the cap here is 64 KiB
        TestTarballs tar = new TestTarballs().file("top/ok", "small").zeros("top/bomb", 1 << 20);
        for (Compression compression : Compression.values()) {
            byte[] compressed = tar.compressed(compression);
            assertThat(compressed.length).as(compression.name()).isLessThan(8 * 1024);

            // when / then
            assertThatThrownBy(() -> {
                        try (InputStream in = compression.decompress(new ByteArrayInputStream(compressed))) {
                            SafeExtractor.extract(
                                    in,
                                    temp.resolve(compression.name()),
                                    name -> true,
                                    "hostile" + compression.suffix(),
                                    SafeExtractor.AbsoluteLinks.REFUSE,
                                    SMALL);
                        }
                    })
                    .isInstanceOfSatisfying(
                            DistException.class, e -> assertThat(e.reason()).isEqualTo(DistException.Reason.MALFORMED))
                    .hasMessageContaining("'top/bomb' from hostile" + compression.suffix())
                    .hasMessageContaining("past 65536 bytes unpacked")
                    .hasMessageContaining("decompression bomb");
            assertThat(temp.resolve(compression.name() + "/top/ok")).hasContent("small");
            assertThat(temp.resolve(compression.name() + "/top/bomb")).doesNotExist();
        }
    }

    @Test
    void refusesAFilteredOutEntryBreakingTheSizeCapToo() {
        // given: left out or not, its data would be decompressed
        byte[] tar = new TestTarballs().zeros("top/share/doc/huge", 1 << 20).tar();

        // when / then
        assertThatThrownBy(() -> SafeExtractor.extract(
                        new ByteArrayInputStream(tar),
                        destination(),
                        name -> !name.contains("/share/"),
                        "hostile.tar",
                        SafeExtractor.AbsoluteLinks.REFUSE,
                        SMALL))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("top/share/doc/huge");
    }

    @Test
    void refusesAHeaderDeclaringMoreThanTheDefaultCapBeforeReadingItsData() throws IOException {
        // given: 5 GiB declared, nothing behind it; the default cap is 4 GiB
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.write(TestTarballs.header("top/librustc_driver.so", 5L << 30));

        // when / then
        assertRefused(() -> extract(tar.toByteArray()), "top/librustc_driver.so")
                .hasMessageContaining("declares 5368709120 bytes")
                .hasMessageContaining("past " + (4L << 30) + " bytes unpacked");
        assertThat(destination().resolve("top/librustc_driver.so")).doesNotExist();
    }

    @Test
    void refusesMoreEntriesThanTheCap() throws IOException {
        // given: empty files cost a header each and compress to nothing
        TestTarballs tar = new TestTarballs();
        for (int i = 0; i < 30; i++) {
            tar.file("top/empty-" + i, "");
        }

        // when / then
        assertRefused(() -> extract(tar.tar(), SMALL), "top/empty-20").hasMessageContaining("more than 20 entries");
        assertThat(everythingWritten()).doesNotContain("dest/top/empty-20");
    }

    @Test
    void refusesHeadersLongerThanTheCapBeforeReadingThemIntoMemory() {
        // given: a pax record (here a long name) of 40 KiB, over the 16 KiB allowed
        byte[] tar = new TestTarballs()
                .file("top/ok", "fine")
                .file("top/" + "n".repeat(40 * 1024), "x")
                .tar();

        // when / then
        assertRefused(() -> extract(tar, SMALL), "top/ok").hasMessageContaining("headers after 'top/ok'");
    }

    @Test
    void theDefaultLimitsAreFarAboveWhatTheRustProjectPublishes() throws IOException {
        // given: measured on Rust 1.95.0 stable and a 1.96 nightly, x86_64-unknown-linux-gnu, as rustup unpacked
        // them (2026): rustc 407,703,346 bytes in 41 entries of its file list, 8 segments deep inside its
        // tarball; rust-std 168,962,162 bytes; rust-docs (never fetched) 722,579,585 bytes, 66,996 entries,
        // 15 segments deep, names up to about 180 characters (with the tarball's top directory).
        long rustcBytes = 407_703_346L;
        long docsEntries = 66_996;
        int deepest = 15;
        int longest = 180;
        SafeExtractor.Limits limits = SafeExtractor.Limits.DEFAULT;

        // when / then
        assertThat(limits.maxTotalBytes()).isGreaterThanOrEqualTo(10 * rustcBytes);
        assertThat(limits.maxEntries()).isGreaterThan(docsEntries);
        assertThat(limits.maxDepth()).isGreaterThanOrEqualTo(4 * deepest);
        assertThat(limits.maxNameLength()).isGreaterThanOrEqualTo(5 * longest);

        // and, where this machine has rustup's toolchain, its rustc payload as it is today
        Path rustlib = Path.of(System.getProperty("user.home"), ".rustup/toolchains/stable-x86_64-unknown-linux-gnu")
                .resolve("lib/rustlib");
        Path listing = rustlib.resolve("manifest-rustc-x86_64-unknown-linux-gnu");
        if (Files.isRegularFile(listing)) {
            Path root = rustlib.getParent().getParent();
            long bytes = 0;
            for (String line : Files.readAllLines(listing, StandardCharsets.UTF_8)) {
                Path file = root.resolve(line.replaceFirst("^(file|dir):", ""));
                if (Files.isRegularFile(file)) {
                    bytes += Files.size(file);
                }
            }
            assertThat(bytes).as("rustc payload of " + root).isPositive().isLessThan(limits.maxTotalBytes() / 4);
        } else {
            System.err.println("No rustup stable toolchain at " + rustlib + ": compared with the measured sizes only");
        }
    }

    // --- names ---

    @Test
    void refusesNamesNestedDeeperThanTheLimit() throws Exception {
        // given
        String deep = "top/" + "d/".repeat(64) + "f";
        String fine = "top/" + "d/".repeat(62) + "f";

        // when
        extract(new TestTarballs().file(fine, "63 directories and a file").tar());

        // then
        assertThat(destination().resolve(fine)).exists();
        assertRefused(() -> extract(new TestTarballs().file(deep, "x").tar()), deep)
                .hasMessageContaining("66 segments deep, more than the 64 allowed");
    }

    @Test
    void refusesOverlongNames() {
        // given
        String name = "top/" + "n".repeat(1100);

        // when / then
        assertRefused(() -> extract(new TestTarballs().file(name, "x").tar()), "top/nnnn")
                .hasMessageContaining("a name of 1104 characters, more than the 1024 allowed");
    }

    @Test
    void refusesNamesWithNulBackslashOrControlCharacters() throws IOException {
        // given: a NUL cannot be in a plain tar header's name; a pax record carries it (long names use one)
        String nul = "top/" + "x".repeat(120) + "\u0000.rlib";
        String backslash = "top\\..\\..\\evil.rlib";
        String newline = "top/fake\nentry";

        // when / then
        assertRefused(() -> extract(new TestTarballs().file(nul, "x").tar()), "\\u0000.rlib")
                .hasMessageContaining("a NUL");
        assertRefused(() -> extract(new TestTarballs().file(backslash, "x").tar()), backslash)
                .hasMessageContaining("a backslash");
        assertRefused(() -> extract(new TestTarballs().file(newline, "x").tar()), "top/fake\\u000aentry")
                .hasMessageContaining("a control character");
        assertRefused(
                        () -> extract(
                                new TestTarballs().symlink("top/link", "a\\b").tar()),
                        "top/link")
                .hasMessageContaining("a backslash");
        assertThat(everythingWritten()).noneMatch(p -> p.contains("evil") || p.contains("fake"));
    }

    @Test
    void refusesAnEmptyNameThatIsNotTheTopDirectory() {
        // given
        byte[] tar =
                new TestTarballs().file(".", "data for the destination itself").tar();

        // when / then
        assertRefused(() -> extract(tar), "'.'").hasMessageContaining("names the destination itself");
    }

    // --- duplicates ---

    @Test
    void refusesTheSameFileTwiceInsteadOfLettingTheSecondWin() {
        // given
        byte[] tar = new TestTarballs()
                .file("top/lib/libstd.rlib", "genuine")
                .file("./top/lib/libstd.rlib", "replacement")
                .tar();

        // when / then
        assertRefused(() -> extract(tar), "top/lib/libstd.rlib").hasMessageContaining("holds this name twice");
        assertThat(destination().resolve("top/lib/libstd.rlib")).hasContent("genuine");
    }

    @Test
    void refusesAFileThenADirectoryOfTheSameNameAndADirectoryTwice() {
        // given
        byte[] fileThenDirectory = new TestTarballs()
                .file("top/lib", "a file")
                .directory("top/lib")
                .tar();
        byte[] directoryTwice =
                new TestTarballs().directory("top").directory("top/").tar();
        byte[] linkThenFile = new TestTarballs()
                .file("top/a", "a")
                .symlink("top/b", "a")
                .file("top/b", "b")
                .tar();

        // when / then
        assertRefused(() -> extract(fileThenDirectory), "top/lib").hasMessageContaining("twice");
        assertRefused(() -> extract(directoryTwice), "top").hasMessageContaining("twice");
        assertRefused(() -> extract(linkThenFile), "top/b").hasMessageContaining("twice");
    }

    @Test
    void aDirectoryListedAfterItsContentIsNoDuplicate() throws Exception {
        // given: some tar writers list a directory after the files in it
        byte[] tar = new TestTarballs()
                .file("top/lib/a.rlib", "a")
                .directory("top/lib")
                .tar();

        // when
        SafeExtractor.Result result = extract(tar);

        // then
        assertThat(result.files()).isEqualTo(1);
        assertThat(destination().resolve("top/lib/a.rlib")).hasContent("a");
    }
}
