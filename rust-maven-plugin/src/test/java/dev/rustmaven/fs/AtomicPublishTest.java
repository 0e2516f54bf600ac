package dev.rustmaven.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicPublishTest {

    @TempDir
    Path temp;

    /** A file system that cannot rename atomically. */
    private static final AtomicPublish.Mover NO_ATOMIC_MOVE = (source, target, options) -> {
        throw new AtomicMoveNotSupportedException(source.toString(), target.toString(), "cross-device link");
    };

    /** A checked exception of the caller's own, which must come through unchanged. */
    private static final class BuildFailed extends Exception {
        private static final long serialVersionUID = 1L;

        BuildFailed(String message) {
            super(message);
        }
    }

    private static Path writeFile(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private void assertNoTemporaryLeftFor(Path destination) {
        assertThat(destination.getParent())
                .isDirectoryNotContaining(
                        p -> p.getFileName().toString().startsWith(AtomicPublish.temporaryPrefix(destination)));
    }

    @Test
    void temporaryNamesAreHiddenSiblingsOfTheDestination() {
        // given / when / then
        assertThat(AtomicPublish.temporaryPrefix(Path.of("/cache/rust-std/armv7")))
                .isEqualTo(".armv7.tmp-");
    }

    @Test
    void aFileIsWrittenUnderATemporaryNameAndReplacesTheOldOne() throws Exception {
        // given
        Path file = writeFile(temp.resolve("out/hello.jar"), "old");
        List<Path> temporaries = new ArrayList<>();

        // when
        String result = AtomicPublish.replaceFile(file, tmp -> {
            temporaries.add(tmp);
            Files.writeString(tmp, "new");
            return "written";
        });

        // then
        assertThat(result).isEqualTo("written");
        assertThat(file).hasContent("new");
        assertThat(temporaries.get(0).getParent()).isEqualTo(file.getParent());
        assertThat(temporaries.get(0).getFileName().toString()).startsWith(".hello.jar.tmp-");
        assertNoTemporaryLeftFor(file);
    }

    @Test
    void aFileIsWrittenIntoADirectoryThatDoesNotExistYet() throws Exception {
        // given
        Path file = temp.resolve("a/b/launcher");

        // when
        AtomicPublish.replaceFile(file, tmp -> Files.writeString(tmp, "#!/bin/sh\n"));

        // then
        assertThat(file).hasContent("#!/bin/sh\n");
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporary() throws Exception {
        // given
        Path file = writeFile(temp.resolve("file.tar.xz"), "old");

        // when / then
        assertThatThrownBy(() -> AtomicPublish.replaceFile(file, tmp -> {
                    Files.writeString(tmp, "half");
                    throw new BuildFailed("checksum mismatch");
                }))
                .isInstanceOf(BuildFailed.class)
                .hasMessage("checksum mismatch");
        assertThat(file).hasContent("old");
        assertNoTemporaryLeftFor(file);
    }

    @Test
    void aDirectoryIsBuiltInStagingAndOnlyWhatTheBuilderNamesIsPublished() throws Exception {
        // given
        Path dir = temp.resolve("cache/stubs-key");

        // when
        boolean published = AtomicPublish.publishDirectory(dir, AtomicPublish.IfPresent.KEEP_EXISTING, staging -> {
            writeFile(staging.resolve("source.rs"), "fn main() {}");
            writeFile(staging.resolve("out/lib.o"), "object");
            return staging.resolve("out");
        });

        // then
        assertThat(published).isTrue();
        assertThat(dir.resolve("lib.o")).hasContent("object");
        assertThat(dir.resolve("source.rs")).doesNotExist();
        assertThat(temp.resolve("cache")).isDirectoryNotContaining(p -> !p.equals(dir));
    }

    @Test
    void aConcurrentBuildThatPublishedFirstIsKeptAndThisOneDropped() throws Exception {
        // given: another build puts the same directory in place while this one is building
        Path dir = temp.resolve("cache/stubs-key");

        // when
        boolean published = AtomicPublish.publishDirectory(dir, AtomicPublish.IfPresent.KEEP_EXISTING, staging -> {
            writeFile(dir.resolve("libc.so.6"), "theirs");
            writeFile(staging.resolve("libc.so.6"), "ours");
            return staging;
        });

        // then
        assertThat(published).isFalse();
        assertThat(dir.resolve("libc.so.6")).hasContent("theirs");
        assertNoTemporaryLeftFor(dir);
    }

    @Test
    void ofManyConcurrentPublishersOfOneDirectoryExactlyOneWins() throws Exception {
        // given: every thread has built its directory before any of them moves it
        Path dir = temp.resolve("cache/stubs-key");
        int threads = 6;
        CyclicBarrier built = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Boolean>> results = new ArrayList<>();

        // when
        try {
            for (int i = 0; i < threads; i++) {
                String content = "build " + i;
                results.add(pool.submit(() ->
                        AtomicPublish.publishDirectory(dir, AtomicPublish.IfPresent.KEEP_EXISTING, staging -> {
                            writeFile(staging.resolve("a/file"), content);
                            writeFile(staging.resolve("b/file"), content);
                            built.await(30, TimeUnit.SECONDS);
                            return staging;
                        })));
            }
            List<Boolean> published = new ArrayList<>();
            for (Future<Boolean> result : results) {
                published.add(result.get(30, TimeUnit.SECONDS));
            }

            // then: one complete directory, from one build
            assertThat(published).containsOnlyOnce(true);
            assertThat(Files.readString(dir.resolve("a/file"))).isEqualTo(Files.readString(dir.resolve("b/file")));
            assertNoTemporaryLeftFor(dir);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsNoConcurrentBuild() throws Exception {
        // given
        Path dir = writeFile(temp.resolve("cache/stubs-key"), "a stray file");

        // when / then
        assertThatThrownBy(() -> AtomicPublish.publishDirectory(
                        dir,
                        AtomicPublish.IfPresent.KEEP_EXISTING,
                        staging -> writeFile(staging.resolve("out/libc.so.6"), "ours")
                                .getParent()))
                .isInstanceOf(FileSystemException.class);
        assertThat(dir).hasContent("a stray file");
        assertNoTemporaryLeftFor(dir);
    }

    @Test
    void replaceDeletesTheOldDirectoryJustBeforeTheMove() throws Exception {
        // given
        Path dir = temp.resolve("sysroot");
        writeFile(dir.resolve("lib/rustlib/old/file"), "old");

        // when
        boolean published = AtomicPublish.publishDirectory(dir, AtomicPublish.IfPresent.REPLACE, staging -> {
            assertThat(dir.resolve("lib/rustlib/old/file")).exists();
            writeFile(staging.resolve("lib/rustlib/new/file"), "new");
            return staging;
        });

        // then
        assertThat(published).isTrue();
        assertThat(dir.resolve("lib/rustlib/new/file")).hasContent("new");
        assertThat(dir.resolve("lib/rustlib/old")).doesNotExist();
        assertNoTemporaryLeftFor(dir);
    }

    @Test
    void failLetsTheMoveFailWhenSomethingIsThere() throws Exception {
        // given: a directory the caller did not expect
        Path dir = temp.resolve("rust-std/armv7");
        writeFile(dir.resolve("lib/foreign.rlib"), "foreign");

        // when / then
        assertThatThrownBy(() -> AtomicPublish.publishDirectory(
                        dir,
                        AtomicPublish.IfPresent.FAIL,
                        staging -> writeFile(staging.resolve("tree/payload/lib/std.rlib"), "std")
                                .getParent()
                                .getParent()))
                .isInstanceOf(FileSystemException.class);
        assertThat(dir.resolve("lib/foreign.rlib")).hasContent("foreign");
        assertNoTemporaryLeftFor(dir);
    }

    @Test
    void aFailingBuilderPublishesNothingAndLeavesNoStaging() {
        // given
        Path dir = temp.resolve("cache/stat-wrappers");

        // when / then
        assertThatThrownBy(() -> AtomicPublish.publishDirectory(dir, AtomicPublish.IfPresent.KEEP_EXISTING, staging -> {
                    writeFile(staging.resolve("out/half.o"), "half");
                    throw new BuildFailed("rustc failed");
                }))
                .isInstanceOf(BuildFailed.class);
        assertThat(dir).doesNotExist();
        assertNoTemporaryLeftFor(dir);
    }

    @Test
    void withoutAtomicRenamesAFileIsNotWrittenAndTheErrorNamesTheDirectory() throws Exception {
        // given
        Path file = writeFile(temp.resolve("out/hello.jar"), "old");

        // when / then
        assertThatThrownBy(() -> AtomicPublish.replaceFile(file, tmp -> Files.writeString(tmp, "new"), NO_ATOMIC_MOVE))
                .isInstanceOf(IOException.class)
                .hasMessage("the directory " + temp.resolve("out") + " does not support atomic renames; choose a"
                        + " directory on a local file system")
                .hasCauseInstanceOf(AtomicMoveNotSupportedException.class);
        assertThat(file).hasContent("old");
        assertNoTemporaryLeftFor(file);
    }

    @Test
    void withoutAtomicRenamesAnExistingDirectoryIsNotMistakenForAConcurrentBuild() throws Exception {
        // given
        Path dir = temp.resolve("cache/stubs-key");
        writeFile(dir.resolve("libc.so.6"), "theirs");

        // when / then
        assertThatThrownBy(() -> AtomicPublish.publishDirectory(
                        dir,
                        AtomicPublish.IfPresent.KEEP_EXISTING,
                        staging ->
                                writeFile(staging.resolve("libc.so.6"), "ours").getParent(),
                        NO_ATOMIC_MOVE))
                .isNotInstanceOf(FileSystemException.class)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not support atomic renames");
        assertThat(dir.resolve("libc.so.6")).hasContent("theirs");
        assertNoTemporaryLeftFor(dir);
    }
}
