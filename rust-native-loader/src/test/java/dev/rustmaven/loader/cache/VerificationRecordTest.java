package dev.rustmaven.loader.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.HostRequirement;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verification record holds only for the very state of the file it was written for: any write,
 * truncation, replacement or restored modification time means hashing again.
 */
class VerificationRecordTest {

    @TempDir
    Path temp;

    Path library;
    UserPrincipal me;

    @BeforeEach
    void aCachedLibrary() throws Exception {
        library = Files.write(temp.resolve("libx.so"), LibraryCacheTest.randomBytes(20_000, 7));
        me = Files.getOwner(library, LinkOption.NOFOLLOW_LINKS);
        HostRequirement.require(
                VerificationRecord.stateOf(library) != null, "the file system must have the unix attribute view");
    }

    /** Records the library as a hash that began long enough after its last change would. */
    VerificationRecord.State recordSettled() throws Exception {
        VerificationRecord.State state = VerificationRecord.stateOf(library);
        VerificationRecord.record(library, state, state.changedMillis + VerificationRecord.SETTLED_MILLIS);
        // a change from here on must fall into a later tick of the file system's clock than the state recorded
        Thread.sleep(50);
        return state;
    }

    List<String> records() throws Exception {
        try (Stream<Path> files = Files.list(temp)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".libx.so.verified-"))
                    .collect(Collectors.toList());
        }
    }

    @Test
    void aSettledVerifiedFileIsRecordedAndTheRecordHoldsForItsState() throws Exception {
        // when
        recordSettled();

        // then
        assertThat(records()).hasSize(1);
        assertThat(VerificationRecord.holds(library, VerificationRecord.stateOf(library), me))
                .isTrue();
    }

    @Test
    void aFileThatJustChangedIsNotRecorded() throws Exception {
        // given: the hash begins right after the file was written (a fresh extraction)
        VerificationRecord.State state = VerificationRecord.stateOf(library);

        // when
        VerificationRecord.record(library, state, System.currentTimeMillis());

        // then: within a tick of the clock a change would leave the same state behind
        assertThat(records()).isEmpty();
        assertThat(VerificationRecord.holds(library, state, me)).isFalse();
    }

    @Test
    void aFileThatChangedWhileItWasHashedIsNotRecorded() throws Exception {
        // given: the state before the hash, then a change during it
        VerificationRecord.State before = VerificationRecord.stateOf(library);
        Thread.sleep(50);
        Files.write(library, LibraryCacheTest.randomBytes(20_000, 8));

        // when
        VerificationRecord.record(library, before, before.changedMillis + VerificationRecord.SETTLED_MILLIS);

        // then
        assertThat(records()).isEmpty();
    }

    @Test
    void rewrittenBytesOfTheSameSizeWithTheModificationTimeSetBackDoNotMatchTheRecord() throws Exception {
        // given
        VerificationRecord.State recorded = recordSettled();
        FileTime modified = Files.getLastModifiedTime(library, LinkOption.NOFOLLOW_LINKS);

        // when: tampered with, and its modification time restored (touch -d)
        byte[] tampered = Files.readAllBytes(library);
        tampered[100] ^= 0x55;
        Files.write(library, tampered);
        Files.setLastModifiedTime(library, modified);

        // then: the status change time moved, which no program can set
        VerificationRecord.State now = VerificationRecord.stateOf(library);
        assertThat(now.same(recorded)).isFalse();
        assertThat(VerificationRecord.holds(library, now, me)).isFalse();
    }

    @Test
    void aTruncatedFileDoesNotMatchTheRecord() throws Exception {
        // given
        recordSettled();

        // when
        try (RandomAccessFile f = new RandomAccessFile(library.toFile(), "rw")) {
            f.setLength(4096);
        }

        // then
        assertThat(VerificationRecord.holds(library, VerificationRecord.stateOf(library), me))
                .isFalse();
    }

    @Test
    void aFileReplacedByAnotherDoesNotMatchTheRecord() throws Exception {
        // given
        recordSettled();
        Path other = Files.copy(library, temp.resolve("other"), StandardCopyOption.COPY_ATTRIBUTES);

        // when: the same bytes and times, renamed over it
        Files.move(other, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        // then: another inode
        assertThat(VerificationRecord.holds(library, VerificationRecord.stateOf(library), me))
                .isFalse();
    }

    @Test
    void aNewRecordRemovesTheRecordsOfEarlierStates() throws Exception {
        // given
        recordSettled();
        Files.write(library, LibraryCacheTest.randomBytes(20_000, 9));

        // when
        recordSettled();

        // then
        assertThat(records()).hasSize(1);
        assertThat(VerificationRecord.holds(library, VerificationRecord.stateOf(library), me))
                .isTrue();
    }

    @Test
    void aSymbolicLinkInPlaceOfTheRecordIsNotTrusted() throws Exception {
        // given: a link named as the record of the library's current state
        VerificationRecord.State state = recordSettled();
        Path record = temp.resolve(records().get(0));
        Files.delete(record);
        Files.createSymbolicLink(record, library);

        // then
        assertThat(VerificationRecord.holds(library, state, me)).isFalse();
    }
}
