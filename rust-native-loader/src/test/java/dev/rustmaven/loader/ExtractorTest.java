package dev.rustmaven.loader;

import static dev.rustmaven.loader.NativeLoaderTest.ARMV6;
import static dev.rustmaven.loader.NativeLoaderTest.lib;
import static dev.rustmaven.loader.NativeLoaderTest.piZero;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.cache.LibraryCache;
import dev.rustmaven.loader.platform.FakeHost;
import dev.rustmaven.loader.platform.HostRequirement;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which cache directory a library lands in, and which failures move on to the next directory. */
class ExtractorTest {

    @TempDir
    Path temp;

    private final byte[] content = lib("v6");
    private final LoadReport report = new LoadReport("adder", piZero());
    private final NativeLoaderTest.RecordingLinker linker = new NativeLoaderTest.RecordingLinker();
    private URL url;
    private String sha256;
    private Path first;
    private Path second;

    @BeforeEach
    void jarAndDirectories() throws Exception {
        TestJars jars = new TestJars().library(ARMV6, "libadder.so", content, null);
        url = TestJars.loaderOf(jars.writeJar(temp.resolve("natives.jar")))
                .getResource(NativeResources.libraryPath(ARMV6, "libadder.so"));
        sha256 = TestJars.sha(content);
        first = temp.resolve("first");
        second = temp.resolve("second");
    }

    /** {@code first} chosen in code, {@code second} by system property. */
    private Extractor extractor(FakeHost host) {
        host.property("dev.rustmaven.loader.cacheDir", second.toString());
        return new Extractor(
                host, piZero(), LoadOptions.builder().cacheDirectory(first).build(), new Linker(linker));
    }

    @Test
    void theFirstDirectoryIsUsedAndTheCopyLoaded() throws Exception {
        // when
        Path loaded = extractor(new FakeHost()).extractAndLoad(ARMV6, "libadder.so", url, sha256, -1, null, report);

        // then
        assertThat(loaded).isEqualTo(first.resolve(sha256).resolve("libadder.so"));
        assertThat(Files.readAllBytes(loaded)).isEqualTo(content);
        assertThat(linker.loaded).containsExactly(loaded.toString());
        assertThat(report.attempts()).isEmpty();
    }

    /** Loads the copy only if it holds the library's bytes, as the JVM refuses a damaged file. */
    private final class StrictLinker implements Consumer<String> {
        final List<String> loaded = new ArrayList<>();

        @Override
        public void accept(String path) {
            try {
                if (!Arrays.equals(Files.readAllBytes(Paths.get(path)), content)) {
                    throw new UnsatisfiedLinkError(path + ": invalid ELF header");
                }
            } catch (IOException e) {
                throw new UnsatisfiedLinkError(path + ": " + e);
            }
            loaded.add(path);
        }
    }

    private Path load(FakeHost host, StrictLinker strict, LoadReport into) {
        host.property("dev.rustmaven.loader.cacheDir", second.toString());
        Extractor extractor = new Extractor(
                host, piZero(), LoadOptions.builder().cacheDirectory(first).build(), new Linker(strict));
        into.candidate("natives.jar");
        return extractor.extractAndLoad(ARMV6, "libadder.so", url, sha256, content.length, null, into);
    }

    private static String outcome(LoadReport report, Path file) {
        return report.explanation(new LoadedLibrary("adder", file, ARMV6, LoadedLibrary.Source.CLASS_PATH));
    }

    @Test
    void aWarmLoadReadsNoBytesAndACopyThatChangedIsHashedFirst() throws Exception {
        // given: the first load extracts and seals the copy
        StrictLinker strict = new StrictLinker();
        Path copy = load(new FakeHost(), strict, new LoadReport("adder", piZero()));
        HostRequirement.require(
                Files.getFileAttributeView(copy, PosixFileAttributeView.class) != null, "a POSIX file system");
        long hashedBefore = LibraryCache.filesHashed();

        // when: a warm load
        LoadReport warm = new LoadReport("adder", piZero());
        Path warmCopy = load(new FakeHost(), strict, warm);
        long hashedByWarm = LibraryCache.filesHashed() - hashedBefore;
        // and one after the copy was made writable (anything that differs from what the cache left)
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        load(new FakeHost(), strict, new LoadReport("adder", piZero()));
        long hashedByChanged = LibraryCache.filesHashed() - hashedBefore - hashedByWarm;
        // and one that asks for the hash on every load
        load(
                new FakeHost().property("dev.rustmaven.loader.verify", "always"),
                strict,
                new LoadReport("adder", piZero()));
        long hashedByAlways = LibraryCache.filesHashed() - hashedBefore - hashedByWarm - hashedByChanged;

        // then
        assertThat(warmCopy).isEqualTo(copy);
        assertThat(outcome(warm, warmCopy)).contains("reused the verified copy in the cache");
        assertThat(hashedByWarm).isZero();
        assertThat(hashedByChanged).isEqualTo(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
                .isEqualTo("r--------");
        assertThat(hashedByAlways).isEqualTo(1);
        assertThat(strict.loaded).hasSize(4).containsOnly(copy.toString());
    }

    @Test
    void aDamagedCopyThatTheSealHidesFailsToLoadAndIsRepairedFromTheJar() throws Exception {
        // given: a sealed copy damaged in place, same size, sealed again (bit rot, or a careless root)
        StrictLinker strict = new StrictLinker();
        Path copy = load(new FakeHost(), strict, new LoadReport("adder", piZero()));
        byte[] damaged = content.clone();
        damaged[damaged.length / 2] ^= 0x55;
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        Files.write(copy, damaged);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--------"));

        // when
        LoadReport report = new LoadReport("adder", piZero());
        Path loaded = load(new FakeHost(), strict, report);

        // then: the failed load had the copy hashed, replaced and loaded again
        assertThat(loaded).isEqualTo(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        assertThat(report.attempts()).isEmpty();
        assertThat(outcome(report, loaded))
                .contains("extracted to the cache, replacing a damaged or untrusted copy (the cached copy had failed"
                        + " to load: " + copy + ": invalid ELF header)");
        assertThat(strict.loaded).containsExactly(copy.toString(), copy.toString());
    }

    @Test
    void aDirectoryOnANoexecMountIsNotEvenCreated() throws Exception {
        // given
        Path parent = Files.createDirectories(temp.resolve("noexec"));
        first = parent.resolve("cache");
        FakeHost host = new FakeHost()
                .file(
                        "/proc/self/mountinfo",
                        "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n" + "2 1 0:30 / " + parent.toRealPath()
                                + " rw,noexec - tmpfs tmpfs rw\n");

        // when
        Path loaded = extractor(host).extractAndLoad(ARMV6, "libadder.so", url, sha256, -1, null, report);

        // then
        assertThat(loaded).startsWith(second);
        assertThat(first).doesNotExist();
        assertThat(report.attempts())
                .containsExactly(ARMV6 + " [" + first + "]: cache directory skipped: on a file system"
                        + " mounted noexec (mount point " + parent.toRealPath() + ", per /proc/self/mountinfo)");
    }

    @Test
    void anUnusableDirectoryIsSkipped() throws Exception {
        // given: nobody, not even root, creates a directory below a regular file
        first = Files.write(temp.resolve("plain-file"), new byte[1]).resolve("cache");

        // when
        Path loaded = extractor(new FakeHost()).extractAndLoad(ARMV6, "libadder.so", url, sha256, -1, null, report);

        // then
        assertThat(loaded).startsWith(second);
        assertThat(report.attempts())
                .singleElement()
                .asString()
                .startsWith(ARMV6 + " [" + first + "]: cache directory unusable: ");
    }

    @Test
    void aCopyThatCannotBeMappedTriesTheNextDirectory() throws Exception {
        // given: what dlopen says about a noexec mount, in glibc's words and in the kernel's
        for (String message : new String[] {"failed to map segment from shared object", "Operation not permitted"}) {
            first = temp.resolve(message.substring(0, 6));
            linker.failWhen(first + "/", message);
            LoadReport attempts = new LoadReport("adder", piZero());
            Path copy = first.resolve(sha256).resolve("libadder.so");

            // when
            Path loaded =
                    extractor(new FakeHost()).extractAndLoad(ARMV6, "libadder.so", url, sha256, -1, null, attempts);

            // then
            assertThat(loaded).isEqualTo(second.resolve(sha256).resolve("libadder.so"));
            assertThat(attempts.attempts())
                    .containsExactly(ARMV6 + " [" + copy + "]: load failed, the directory looks noexec: " + copy + ": "
                            + message);
        }
    }

    @Test
    void anyOtherLoadFailureEndsTheTripleWithoutTryingMoreDirectories() throws Exception {
        // given: another directory would hold the same bytes and fail the same way
        linker.failWhen("/first/", "undefined symbol: foo");

        // when
        Path loaded = extractor(new FakeHost()).extractAndLoad(ARMV6, "libadder.so", url, sha256, -1, null, report);

        // then
        assertThat(loaded).isNull();
        assertThat(second).doesNotExist();
        assertThat(report.attempts())
                .singleElement()
                .asString()
                .isEqualTo(ARMV6 + " [" + first.resolve(sha256).resolve("libadder.so") + "]: load failed: "
                        + first.resolve(sha256).resolve("libadder.so") + ": undefined symbol: foo");
    }

    @Test
    void aResourceContradictingItsSha256EndsTheTriple() throws Exception {
        // given
        String other = TestJars.sha(lib("something else"));

        // when
        Path loaded = extractor(new FakeHost()).extractAndLoad(ARMV6, "libadder.so", url, other, -1, null, report);

        // then
        assertThat(loaded).isNull();
        assertThat(second).doesNotExist();
        assertThat(linker.loaded).isEmpty();
        assertThat(report.attempts())
                .singleElement()
                .asString()
                .startsWith(ARMV6 + " [" + url + "]: sha256 mismatch: ");
    }

    @Test
    void aSymlinkPlantedAsTheSharedCacheDirectoryIsNotFollowed() throws Exception {
        // given: /tmp/rust-native-loader-<user> made in advance by another user, as a link to a directory of ours
        java.nio.file.attribute.UserPrincipal nobody = dev.rustmaven.loader.platform.HostRequirement.anotherUser();
        Path ours = Files.createDirectories(temp.resolve("ours"));
        first = Files.createSymbolicLink(temp.resolve("rust-native-loader-me"), ours);
        Files.getFileAttributeView(
                        first,
                        java.nio.file.attribute.PosixFileAttributeView.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS)
                .setOwner(nobody);

        // when
        Path loaded = extractor(new FakeHost()).extractAndLoad(ARMV6, "libadder.so", url, sha256, -1, null, report);

        // then
        assertThat(loaded).startsWith(second);
        assertThat(report.attempts())
                .singleElement()
                .asString()
                .startsWith(ARMV6 + " [" + first + "]: cache directory unusable: ")
                .contains(first + " is a symbolic link owned by nobody")
                .endsWith("another user may have planted it; it is not followed");
        try (java.util.stream.Stream<Path> files = Files.list(ours)) {
            assertThat(files).isEmpty();
        }
    }
}
