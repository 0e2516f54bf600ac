package dev.rustmaven.loader.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.loader.platform.HostRequirement;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryCacheTest {

    @TempDir
    Path temp;

    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha(byte[] b) throws Exception {
        return LibraryCache.sha256(new ByteArrayInputStream(b));
    }

    static List<Path> temporaries(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                    .collect(Collectors.toList());
        }
    }

    @Test
    void sha256OfAKnownValue() throws Exception {
        assertThat(sha("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void extractsOnceAndReusesTheVerifiedCopy() throws Exception {
        // given
        byte[] content = randomBytes(100_000, 1);
        String sha = sha(content);

        // when
        LibraryCache.Entry first = LibraryCache.install(temp, sha, "libx.so", () -> new ByteArrayInputStream(content));
        LibraryCache.Entry second = LibraryCache.install(temp, sha, "libx.so", () -> {
            throw new AssertionError("a verified copy must not be written again");
        });

        // then
        assertThat(first.outcome()).isEqualTo(LibraryCache.Outcome.EXTRACTED);
        assertThat(first.file()).isEqualTo(temp.resolve(sha).resolve("libx.so"));
        assertThat(Files.readAllBytes(first.file())).isEqualTo(content);
        assertThat(second.outcome()).isEqualTo(LibraryCache.Outcome.REUSED);
        assertThat(second.file()).isEqualTo(first.file());
        assertThat(temporaries(temp)).isEmpty();
    }

    @Test
    void directoriesMadeUnderALaxUmaskOrByHandAreMadePrivateBeforeALibraryIsTrusted() throws Exception {
        // given: a root the group may write, and a <sha256> directory everyone may write, both the user's
        byte[] content = randomBytes(10_000, 9);
        String sha = sha(content);
        Path root = Files.createDirectories(temp.resolve("lax"));
        Path dir = Files.createDirectories(root.resolve(sha));
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxr-x"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));

        // when
        LibraryCache.prepareRoot(root);
        LibraryCache.install(root, sha, "libx.so", () -> new ByteArrayInputStream(content));

        // then: nobody else can swap the library between its check and System.load
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwxr-xr-x");
        Path fresh = LibraryCache.install(
                        root, sha(randomBytes(10, 3)), "liby.so", () -> new ByteArrayInputStream(randomBytes(10, 3)))
                .file()
                .getParent();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .isEqualTo("rwx------");
    }

    @Test
    void aTamperedCachedFileIsReplaced() throws Exception {
        // given
        byte[] content = randomBytes(50_000, 2);
        String sha = sha(content);
        Path file = LibraryCache.install(temp, sha, "libx.so", () -> new ByteArrayInputStream(content))
                .file();
        byte[] tampered = content.clone();
        tampered[1000] ^= 0x55;
        Files.write(file, tampered);

        // when
        LibraryCache.Entry entry = LibraryCache.install(temp, sha, "libx.so", () -> new ByteArrayInputStream(content));

        // then
        assertThat(entry.outcome()).isEqualTo(LibraryCache.Outcome.REPLACED);
        assertThat(Files.readAllBytes(entry.file())).isEqualTo(content);
    }

    @Test
    void aWrittenCopyIsSealedAndReusedByItsSizeWithoutBeingRead() throws Exception {
        // given
        byte[] content = randomBytes(50_000, 12);
        String sha = sha(content);
        Path file = LibraryCache.install(
                        temp, sha, "libx.so", content.length, false, () -> new ByteArrayInputStream(content))
                .file();
        long hashed = LibraryCache.filesHashed();

        // when
        LibraryCache.Entry reused = LibraryCache.install(temp, sha, "libx.so", content.length, false, () -> {
            throw new AssertionError("a sealed copy must not be written again");
        });
        LibraryCache.Entry warm = LibraryCache.reuse(temp, sha, "libx.so", content.length);

        // then: read-only, reused twice, not one byte read
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("r--------");
        assertThat(reused.outcome()).isEqualTo(LibraryCache.Outcome.REUSED);
        assertThat(warm.file()).isEqualTo(file);
        assertThat(LibraryCache.filesHashed()).isEqualTo(hashed);
    }

    @Test
    void aCopyThatIsWritableOrOfAnotherSizeIsHashedAndAGoodOneSealedAgain() throws Exception {
        // given: a sealed copy made writable (an older loader's copy, or chmod u+w)
        byte[] content = randomBytes(50_000, 13);
        String sha = sha(content);
        Path file = LibraryCache.install(
                        temp, sha, "libx.so", content.length, false, () -> new ByteArrayInputStream(content))
                .file();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        long hashed = LibraryCache.filesHashed();

        // when
        LibraryCache.Entry notWarm = LibraryCache.reuse(temp, sha, "libx.so", content.length);
        LibraryCache.Entry entry = LibraryCache.install(temp, sha, "libx.so", content.length, false, () -> {
            throw new AssertionError("a good copy must not be written again");
        });
        LibraryCache.Entry otherSize = LibraryCache.reuse(temp, sha, "libx.so", content.length + 1);

        // then
        assertThat(notWarm).isNull();
        assertThat(entry.outcome()).isEqualTo(LibraryCache.Outcome.REUSED);
        assertThat(LibraryCache.filesHashed()).isEqualTo(hashed + 1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("r--------");
        assertThat(otherSize).isNull();
    }

    @Test
    void aTamperedCopyLeftWritableIsReplacedButOneSealedAgainAtTheSameSizeOnlyWithHashAlways() throws Exception {
        // given
        byte[] content = randomBytes(50_000, 14);
        String sha = sha(content);
        Path file = LibraryCache.install(
                        temp, sha, "libx.so", content.length, false, () -> new ByteArrayInputStream(content))
                .file();
        byte[] tampered = content.clone();
        tampered[1000] ^= 0x55;

        // when: rewritten and left writable
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.write(file, tampered);
        LibraryCache.Entry replaced = LibraryCache.install(
                temp, sha, "libx.so", content.length, false, () -> new ByteArrayInputStream(content));
        // rewritten and sealed again by hand, same size: trusted by its size, as documented
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.write(file, tampered);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        LibraryCache.Entry trusted = LibraryCache.install(
                temp, sha, "libx.so", content.length, false, () -> new ByteArrayInputStream(content));
        byte[] trustedBytes = Files.readAllBytes(file);
        LibraryCache.Entry hashedAlways = LibraryCache.install(
                temp, sha, "libx.so", content.length, true, () -> new ByteArrayInputStream(content));

        // then
        assertThat(replaced.outcome()).isEqualTo(LibraryCache.Outcome.REPLACED);
        assertThat(trusted.outcome()).isEqualTo(LibraryCache.Outcome.REUSED);
        assertThat(trustedBytes).isEqualTo(tampered);
        assertThat(hashedAlways.outcome()).isEqualTo(LibraryCache.Outcome.REPLACED);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void probesAndTemporariesArePrivateNewEntriesAndASymbolicLinkInTheirPlaceIsNotFollowed() throws Exception {
        // given: a symbolic link planted where an entry is to be created
        Path target = temp.resolve("elsewhere");
        Path planted = Files.createSymbolicLink(temp.resolve(".libx.so.planted.tmp"), target);

        // when
        Path probe = LibraryCache.createUnique(temp, ".probe", ".tmp", true);
        Path temporary = LibraryCache.createUnique(temp, ".libx.so.", ".tmp", false);

        // then
        assertThat(probe).isNotEqualTo(temporary);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temporary)))
                .isEqualTo("rw-------");
        assertThatThrownBy(() -> LibraryCache.createPrivateFile(planted))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(target).doesNotExist();
    }

    @Test
    void contentThatDoesNotMatchItsPublishedSha256IsRefusedAndLeavesNothingBehind() throws Exception {
        // given
        byte[] content = randomBytes(10_000, 3);
        String wrong = sha(randomBytes(10, 4));

        // then
        assertThatThrownBy(() -> LibraryCache.install(temp, wrong, "libx.so", () -> new ByteArrayInputStream(content)))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining(wrong)
                .hasMessageContaining(sha(content));
        assertThat(temp.resolve(wrong).resolve("libx.so")).doesNotExist();
        assertThat(temporaries(temp)).isEmpty();
    }

    @Test
    void staleTemporariesOfKilledJvmsAreRemoved() throws Exception {
        // given
        byte[] content = randomBytes(1000, 5);
        String sha = sha(content);
        Path dir = Files.createDirectories(temp.resolve(sha));
        Path stale = Files.write(dir.resolve(".libx.so.12345.tmp"), new byte[10]);
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1)));
        Path fresh = Files.write(dir.resolve(".libx.so.67890.tmp"), new byte[10]);

        // when
        LibraryCache.install(temp, sha, "libx.so", () -> new ByteArrayInputStream(content));

        // then: a fresh one may belong to a JVM writing right now
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }

    @Test
    void manyThreadsInstallingAtOnceAllGetTheSameVerifiedFile() throws Exception {
        // given
        byte[] content = randomBytes(2_000_000, 6);
        String sha = sha(content);
        int threads = 16;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<LibraryCache.Entry>> results = new ArrayList<>();

        // when
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    LibraryCache.prepareRoot(temp);
                    return LibraryCache.install(temp, sha, "libx.so", () -> new ByteArrayInputStream(content));
                }));
            }
            // then
            for (Future<LibraryCache.Entry> f : results) {
                LibraryCache.Entry e = f.get(60, TimeUnit.SECONDS);
                assertThat(e.file()).isEqualTo(temp.resolve(sha).resolve("libx.so"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readAllBytes(temp.resolve(sha).resolve("libx.so"))).isEqualTo(content);
        assertThat(temporaries(temp)).isEmpty();
    }

    @Test
    void twoJvmsRacingOnTheSameCacheBothSucceed() throws Exception {
        // given
        byte[] content = randomBytes(300_000, 7);
        Path contentFile = Files.write(temp.resolve("content.bin"), content);
        Path root = temp.resolve("cache");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> jvms = new ArrayList<>();

        // when
        for (int i = 0; i < 2; i++) {
            jvms.add(new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            CacheStressMain.class.getName(),
                            root.toString(),
                            contentFile.toString(),
                            "60",
                            "4")
                    .redirectErrorStream(true)
                    .start());
        }

        // then
        int extracted = 0;
        for (Process p : jvms) {
            String output;
            try (java.io.InputStream in = p.getInputStream()) {
                output = new String(readAll(in), StandardCharsets.UTF_8).trim();
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).startsWith("ok ");
            extracted += Integer.parseInt(output.split(" ")[1]);
        }
        // the lock lets exactly one writer per round extract; every round's file is complete
        assertThat(extracted).isEqualTo(60);
        for (int r = 0; r < 60; r++) {
            assertThat(Files.readAllBytes(
                            root.resolve("round-" + r).resolve(sha(content)).resolve("libstress.so")))
                    .isEqualTo(content);
        }
        assertThat(temporaries(root)).isEmpty();
    }

    @Test
    void aRootUnderARegularFileIsRefusedEvenForRoot() throws Exception {
        // given: creating a directory below a file fails for every user, root included
        Path file = Files.write(temp.resolve("a-file"), new byte[1]);
        Path root = file.resolve("cache");

        // then
        assertThatThrownBy(() -> LibraryCache.prepareRoot(root)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void thirtyTwoThreadsInstallingAtOnceExtractExactlyOnce() throws Exception {
        // given
        byte[] content = randomBytes(1_000_000, 8);
        String sha = sha(content);
        int threads = 32;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<LibraryCache.Entry>> results = new ArrayList<>();

        // when
        List<LibraryCache.Outcome> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    LibraryCache.prepareRoot(temp);
                    return LibraryCache.install(temp, sha, "libx.so", () -> new ByteArrayInputStream(content));
                }));
            }
            for (Future<LibraryCache.Entry> f : results) {
                outcomes.add(f.get(60, TimeUnit.SECONDS).outcome());
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        assertThat(outcomes).containsOnlyOnce(LibraryCache.Outcome.EXTRACTED);
        assertThat(outcomes).filteredOn(o -> o == LibraryCache.Outcome.REUSED).hasSize(threads - 1);
        assertThat(temporaries(temp)).isEmpty();
    }

    @Test
    void aSymlinkPlantedAsTheCachedFileIsReplacedNotFollowed() throws Exception {
        // given: the cached name points at someone else's file with the very bytes expected
        byte[] content = randomBytes(20_000, 9);
        String sha = sha(content);
        Path theirs = Files.write(temp.resolve("theirs.so"), content);
        Path dir = Files.createDirectories(temp.resolve("cache").resolve(sha));
        Files.createSymbolicLink(dir.resolve("libx.so"), theirs);

        // when
        LibraryCache.Entry entry =
                LibraryCache.install(temp.resolve("cache"), sha, "libx.so", () -> new ByteArrayInputStream(content));

        // then: loading through the link would load whatever they swap in later
        assertThat(entry.outcome()).isEqualTo(LibraryCache.Outcome.REPLACED);
        assertThat(Files.isSymbolicLink(entry.file())).isFalse();
        assertThat(Files.isRegularFile(entry.file(), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isTrue();
        assertThat(Files.readAllBytes(entry.file())).isEqualTo(content);
        assertThat(theirs).hasBinaryContent(content);
    }

    @Test
    void aSymlinkedSha256DirectoryIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        // given
        byte[] content = randomBytes(1000, 10);
        String sha = sha(content);
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Path root = Files.createDirectories(temp.resolve("cache"));
        Files.createSymbolicLink(root.resolve(sha), elsewhere);

        // then
        assertThatThrownBy(() -> LibraryCache.install(root, sha, "libx.so", () -> new ByteArrayInputStream(content)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage(root.resolve(sha) + " is a symbolic link, not a directory: another user may have planted"
                        + " it; it is not followed");
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aRootEveryoneCanWriteIsRefused() throws Exception {
        // given
        Path root = Files.createDirectories(temp.resolve("open"));
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));

        // then
        assertThatThrownBy(() -> LibraryCache.prepareRoot(root))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage(root + " can be written by every user (rwxrwxrwx): another user could plant files in it;"
                        + " make it private (chmod 700) or choose another cache directory");
    }

    @Test
    void aRootThatIsASymlinkPlantedByAnotherUserIsNotFollowed() throws Exception {
        // given: in a shared temp dir, another user links the expected name to a directory of ours
        UserPrincipal nobody = HostRequirement.anotherUser();
        Path ours = Files.createDirectories(temp.resolve("ours"));
        Path planted = Files.createSymbolicLink(temp.resolve("rust-native-loader-me"), ours);
        Files.getFileAttributeView(planted, PosixFileAttributeView.class, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                .setOwner(nobody);

        // then
        assertThatThrownBy(() -> LibraryCache.prepareRoot(planted))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith(planted + " is a symbolic link owned by nobody, not by ")
                .hasMessageEndingWith(": another user may have planted it; it is not followed");
        try (Stream<Path> files = Files.list(ours)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aRootMadeInAdvanceByAnotherUserIsRefused() throws Exception {
        // given: the per-user name under a shared temp dir, taken first by someone else
        UserPrincipal nobody = HostRequirement.anotherUser();
        Path taken = Files.createDirectories(temp.resolve("rust-native-loader-me"));
        Files.setOwner(taken, nobody);

        // then
        assertThatThrownBy(() -> LibraryCache.prepareRoot(taken))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith(taken + " belongs to nobody, not to ");
    }

    @Test
    void aSha256DirectoryOfAnotherUserIsNotTrusted() throws Exception {
        // given: another user made the directory first and put "the library" in it
        UserPrincipal nobody = HostRequirement.anotherUser();
        byte[] content = randomBytes(1000, 11);
        String sha = sha(content);
        Path dir = Files.createDirectories(temp.resolve(sha));
        Files.write(dir.resolve("libx.so"), content);
        Files.setOwner(dir, nobody);

        // then
        assertThatThrownBy(() -> LibraryCache.install(temp, sha, "libx.so", () -> new ByteArrayInputStream(content)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith(dir + " belongs to nobody, not to ");
    }

    private static byte[] readAll(java.io.InputStream in) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        while ((n = in.read(b)) > 0) {
            out.write(b, 0, n);
        }
        return out.toByteArray();
    }
}
