package dev.rustmaven.archiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.elf.ArArchive;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link ArchiverMain} in-process with the command lines build tools use, on real objects. */
class ArchiverMainTest {

    private static final String ARM = "armv7-unknown-linux-gnueabihf";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        outBytes.reset();
        errBytes.reset();
        return ArchiverMain.run(
                List.of(args),
                dir,
                new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private ArFile archive(String name) throws Exception {
        return ArFile.parse(Files.readAllBytes(dir.resolve(name)));
    }

    private Path text(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @BeforeEach
    void objects() throws Exception {
        TestObjects.compile(dir, ARM, "first.o", TestObjects.rich("first"));
        TestObjects.compile(dir, ARM, "second.o", TestObjects.rich("second"));
        TestObjects.compile(dir, ARM, "a-third-object-with-a-long-name.o", TestObjects.rich("third"));
    }

    @Test
    void theCcCrateWayBatchesOfCqThenSGiveTheSameArchiveAsCrsInOneGo() throws Exception {
        // when: cc 1.2.59+ (cqD per batch, then sD), and cc before 1.0.64 (crs)
        int batch1 = run("cqD", "libbatched.a", "first.o", "second.o");
        int batch2 = run("cqD", "libbatched.a", "a-third-object-with-a-long-name.o");
        int index = run("sD", "libbatched.a");
        int once = run("crs", "libonce.a", "first.o", "second.o", "a-third-object-with-a-long-name.o");

        // then
        assertThat(List.of(batch1, batch2, index, once)).as(err()).containsOnly(0);
        assertThat(err()).isEmpty();
        ArFile batched = archive("libbatched.a");
        assertThat(batched.names()).containsExactly("first.o", "second.o", "a-third-object-with-a-long-name.o");
        assertThat(batched.symbolsOf("first.o")).containsExactlyInAnyOrderElementsOf(TestObjects.richSymbols("first"));
        assertThat(batched.symbolsOf("second.o"))
                .containsExactlyInAnyOrderElementsOf(TestObjects.richSymbols("second"));
        assertThat(batched.symbolsOf("a-third-object-with-a-long-name.o"))
                .containsExactlyInAnyOrderElementsOf(TestObjects.richSymbols("third"));
        assertThat(Files.readAllBytes(dir.resolve("libbatched.a")))
                .isEqualTo(Files.readAllBytes(dir.resolve("libonce.a")));
    }

    @Test
    void appendingToAnArchiveKeepsItsMembersAndRebuildsTheIndex() throws Exception {
        // given: a BSD-format archive made by llvm-ar (the elf tests' fixture), whose index is __.SYMDEF
        Path bsd = dir.resolve("libold.a");
        Files.copy(fixture("armv6-hf/libok-bsd.a"), bsd);
        ArArchive old = ArArchive.read(bsd);
        byte[] oldMember = old.content(old.members().get(0));

        // when
        int exit = run("q", "libold.a", "first.o");

        // then: GNU format now, the old member unchanged and indexed together with the new one
        assertThat(exit).as(err()).isZero();
        ArFile appended = archive("libold.a");
        assertThat(appended.names()).containsExactly("a-member-with-a-rather-long-name.o", "first.o");
        assertThat(appended.members().get(0).data()).isEqualTo(oldMember);
        assertThat(appended.symbolsOf("a-member-with-a-rather-long-name.o"))
                .containsExactly("foo_copy", "foo_lock", "foo_scale", "old_api@LIBOK_0", "FOO_COUNTER", "FOO_TLS");
        assertThat(appended.symbolsOf("first.o")).containsExactlyInAnyOrderElementsOf(TestObjects.richSymbols("first"));
    }

    @Test
    void qAppendsASecondMemberOfTheSameNameWhileRReplacesItInPlace() throws Exception {
        // given
        text("note.txt", "one");
        run("cq", "libq.a", "first.o", "note.txt");
        run("cq", "libr.a", "first.o", "note.txt");
        text("note.txt", "two!");

        // when
        int q = run("q", "libq.a", "note.txt");
        int r = run("rv", "libr.a", "note.txt", "second.o");

        // then
        assertThat(q).isZero();
        assertThat(r).isZero();
        assertThat(archive("libq.a").names()).containsExactly("first.o", "note.txt", "note.txt");
        ArFile replaced = archive("libr.a");
        assertThat(replaced.names()).containsExactly("first.o", "note.txt", "second.o");
        assertThat(new String(replaced.members().get(1).data(), StandardCharsets.UTF_8))
                .isEqualTo("two!");
        assertThat(out().lines()).containsExactly("r - note.txt", "a - second.o");
    }

    @Test
    void writesTheSameBytesOnEveryRunWithZeroTimesOwnersAndMode644() throws Exception {
        // given
        run("cqD", "libfirst.a", "first.o", "a-third-object-with-a-long-name.o");
        Files.setLastModifiedTime(dir.resolve("first.o"), FileTime.fromMillis(1_000_000_000_000L));

        // when
        int exit = run("cqD", "libsecond.a", "first.o", "a-third-object-with-a-long-name.o");

        // then
        assertThat(exit).isZero();
        assertThat(Files.readAllBytes(dir.resolve("libsecond.a")))
                .isEqualTo(Files.readAllBytes(dir.resolve("libfirst.a")));
        assertThat(archive("libsecond.a").headers())
                .filteredOn(h -> !h.name().equals("//"))
                .allSatisfy(
                        h -> assertThat(List.of(h.time(), h.owner(), h.group())).containsOnly("0"))
                .filteredOn(h -> !h.name().equals("/"))
                .allSatisfy(h -> assertThat(h.mode()).isEqualTo("644"));
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("libsecond.a"))))
                    .isEqualTo("rw-r--r--");
        }
    }

    @Test
    void readsArgumentsFromResponseFilesWithGnuQuoting() throws Exception {
        // given
        Files.copy(dir.resolve("second.o"), dir.resolve("with space.o"));
        text("args.rsp", "cqD 'lib quoted.a'\nfirst.o with\\ space.o\n");

        // when
        int exit = run("@args.rsp");

        // then
        assertThat(exit).as(err()).isZero();
        assertThat(archive("lib quoted.a").names()).containsExactly("first.o", "with space.o");
    }

    @Test
    void listsTheMembersAndNotesTheCreationUnlessTold() throws Exception {
        // given
        run("q", "liblist.a", "first.o", "a-third-object-with-a-long-name.o");
        String creation = err();

        // when
        int exit = run("t", "liblist.a");

        // then
        assertThat(creation).isEqualTo("rust-maven-plugin ar: creating liblist.a\n");
        assertThat(exit).isZero();
        assertThat(out().lines()).containsExactly("first.o", "a-third-object-with-a-long-name.o");
    }

    @Test
    void aMissingInputIsAnErrorThatLeavesTheArchiveAsItWas() throws Exception {
        // given
        run("cq", "libkept.a", "first.o");
        byte[] before = Files.readAllBytes(dir.resolve("libkept.a"));

        // when
        int exit = run("cq", "libkept.a", "second.o", "missing.o");

        // then: no temporary file left behind either
        assertThat(exit).isEqualTo(1);
        assertThat(err()).isEqualTo("rust-maven-plugin ar: error: missing.o: no such file to add to the archive\n");
        assertThat(Files.readAllBytes(dir.resolve("libkept.a"))).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void refusesToIndexAFileThatIsNotAnArchiveOrIsMissing() throws Exception {
        // given
        text("libtext.a", "just text\n");

        // when
        int notArchive = run("s", "libtext.a");
        String notArchiveMessage = err();
        int missing = run("sD", "libnone.a");

        // then
        assertThat(notArchive).isEqualTo(1);
        assertThat(notArchiveMessage)
                .isEqualTo("rust-maven-plugin ar: error: " + dir.resolve("libtext.a")
                        + ": is not an ar archive (a static library): it does not start with !<arch>\n");
        assertThat(missing).isEqualTo(1);
        assertThat(err())
                .isEqualTo("rust-maven-plugin ar: error: " + dir.resolve("libnone.a")
                        + ": no such archive; q or r creates one, s and t need one\n");
        assertThat(dir.resolve("libnone.a")).doesNotExist();
    }

    @Test
    void anUnsupportedOperationExitsWithOneAndSaysWhatIsSupported() {
        // when
        int exit = run("x", "lib.a");

        // then
        assertThat(exit).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err())
                .isEqualTo("rust-maven-plugin ar: error: operation 'x' (extract members) in 'x' is not supported;"
                        + " this archiver supports the operations q (append), r (replace or add), s (write the symbol"
                        + " index) and t (list), with the modifiers c, D, l, s, S, u and v\n");
    }

    @Test
    void helpPrintsTheUsage() {
        // when
        int exit = run("--help");

        // then
        assertThat(exit).isZero();
        assertThat(out()).startsWith("usage: ar [-]{q|r|s|t}[cDlsSuv] <archive> [<file>...]");
    }

    private static Path fixture(String relative) throws URISyntaxException {
        return Path.of(ArchiverMainTest.class.getResource("/elf/" + relative).toURI());
    }
}
