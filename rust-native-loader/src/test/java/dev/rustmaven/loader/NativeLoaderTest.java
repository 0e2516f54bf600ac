package dev.rustmaven.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.loader.platform.ElfBuilder;
import dev.rustmaven.loader.platform.FakeHost;
import dev.rustmaven.loader.platform.Platform;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load order and its failure report, with a recording linker instead of System.load. */
class NativeLoaderTest {

    static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    static final String THUMB = "thumbv7neon-unknown-linux-gnueabihf";
    static final String ARMV6 = "arm-unknown-linux-gnueabihf";

    @TempDir
    Path temp;

    /** Records each path; fails those whose path contains a key of {@code failures} with its message. */
    static final class RecordingLinker implements Consumer<String> {
        final List<String> loaded = Collections.synchronizedList(new ArrayList<String>());
        final List<String[]> failures = new ArrayList<>();

        RecordingLinker failWhen(String pathPart, String message) {
            failures.add(new String[] {pathPart, message});
            return this;
        }

        @Override
        public void accept(String path) {
            for (String[] f : failures) {
                if (path.contains(f[0])) {
                    throw new UnsatisfiedLinkError(path + ": " + f[1]);
                }
            }
            loaded.add(path);
        }
    }

    static Platform pi3() {
        return Platform.builder()
                .os(Platform.Os.LINUX)
                .arch(Platform.Arch.ARM)
                .floatAbi(Platform.FloatAbi.HARD)
                .armVersion(7)
                .neon(true)
                .libc(Platform.Libc.GLIBC, "2.36")
                .evidence("recorded on a Pi 3")
                .build();
    }

    static Platform piZero() {
        return Platform.builder()
                .os(Platform.Os.LINUX)
                .arch(Platform.Arch.ARM)
                .floatAbi(Platform.FloatAbi.HARD)
                .armVersion(6)
                .libc(Platform.Libc.GLIBC, "2.36")
                .evidence("ARM version: /proc/cpuinfo model name 'ARMv6-compatible processor rev 7 (v6l)'")
                .build();
    }

    /** A small but well-formed 32-bit ARM shared object, told apart from others by a marker section. */
    static byte[] lib(String marker) {
        return new ElfBuilder()
                .section(".comment", 1, marker.getBytes(StandardCharsets.ISO_8859_1))
                .build();
    }

    private LoadOptions.Builder options(
            URLClassLoader loader, Platform platform, RecordingLinker linker, FakeHost host) {
        return LoadOptions.builder()
                .classLoader(loader)
                .platform(platform)
                .linker(linker)
                .host(host)
                .cacheDirectory(temp.resolve("cache"));
    }

    private URLClassLoader jar(TestJars jars) throws Exception {
        return TestJars.loaderOf(jars.writeJar(Files.createTempFile(temp, "natives", ".jar")));
    }

    @Test
    void loadsTheBestCandidateFromTheClassPathAndRemembersIt() throws Exception {
        // given
        byte[] v7 = lib("v7");
        URLClassLoader loader = jar(new TestJars()
                .library(ARMV7, "libadder.so", v7, "2.28")
                .library(ARMV6, "libadder.so", lib("v6"), "2.28"));
        RecordingLinker linker = new RecordingLinker();
        LoadOptions options = options(loader, pi3(), linker, new FakeHost()).build();

        // when
        LoadedLibrary first = NativeLoader.load("adder", options);
        LoadedLibrary second = NativeLoader.load("adder", options);

        // then
        assertThat(first.triple()).isEqualTo(ARMV7);
        assertThat(first.source()).isEqualTo(LoadedLibrary.Source.CLASS_PATH);
        assertThat(first.file())
                .isEqualTo(temp.resolve("cache").resolve(TestJars.sha(v7)).resolve("libadder.so"));
        assertThat(Files.readAllBytes(first.file())).isEqualTo(v7);
        assertThat(second).isSameAs(first);
        assertThat(linker.loaded).containsExactly(first.file().toString());
    }

    @Test
    void manyThreadsLoadingTheSameNameLoadItOnce() throws Exception {
        // given
        URLClassLoader loader = jar(new TestJars().library(ARMV6, "libadder.so", lib("v6"), "2.28"));
        RecordingLinker linker = new RecordingLinker();
        LoadOptions options = options(loader, piZero(), linker, new FakeHost()).build();
        int threads = 12;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<LoadedLibrary>> results = new ArrayList<>();

        // when
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return NativeLoader.load("adder", options);
                }));
            }
            // then
            LoadedLibrary first = results.get(0).get(30, java.util.concurrent.TimeUnit.SECONDS);
            for (java.util.concurrent.Future<LoadedLibrary> f : results) {
                assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(linker.loaded).hasSize(1);
    }

    @Test
    void propertiesFileIsOptional() throws Exception {
        // given
        URLClassLoader loader = jar(new TestJars().library(ARMV6, "libadder.so", lib("v6"), null));
        RecordingLinker linker = new RecordingLinker();

        // when
        LoadedLibrary loaded = NativeLoader.load(
                "adder", options(loader, piZero(), linker, new FakeHost()).build());

        // then
        assertThat(loaded.triple()).isEqualTo(ARMV6);
        assertThat(linker.loaded).hasSize(1);
    }

    @Test
    void aLibraryNeedingANewerGlibcIsSkippedForTheNextCandidate() throws Exception {
        // given: the armv7 build needs trixie's glibc, the system runs bookworm's
        URLClassLoader loader = jar(new TestJars()
                .library(ARMV7, "libadder.so", lib("v7"), "2.41")
                .library(ARMV6, "libadder.so", lib("v6"), "2.31"));
        RecordingLinker linker = new RecordingLinker();

        // when
        LoadedLibrary loaded = NativeLoader.load(
                "adder", options(loader, pi3(), linker, new FakeHost()).build());

        // then
        assertThat(loaded.triple()).isEqualTo(ARMV6);
    }

    @Test
    void theErrorListsPlatformCandidatesAndEveryReason() throws Exception {
        // given: a Pi Zero, a jar with only an ARMv7 library and one ARMv6 library that needs a newer glibc
        URLClassLoader loader = jar(new TestJars().library(ARMV7, "libadder.so", lib("v7"), "2.28"));
        URLClassLoader tooNew = jar(new TestJars().library(ARMV6, "libadder.so", lib("v6"), "2.41"));
        RecordingLinker linker = new RecordingLinker();
        FakeHost host = new FakeHost()
                .property("java.library.path", temp.resolve("nolibs").toString());

        // when
        Throwable missing = catchLinkError(() -> NativeLoader.load(
                "adder", options(loader, piZero(), linker, host).build()));
        Throwable old = catchLinkError(() -> NativeLoader.load(
                "adder", options(tooNew, piZero(), linker, host).build()));

        // then
        assertThat(missing).isInstanceOf(UnsatisfiedLinkError.class);
        assertThat(missing.getMessage())
                .contains(
                        "Cannot load native library 'adder'.\nDetected platform: linux arm (hard-float, ARMv6, no NEON), glibc 2.36")
                .contains("ARMv6-compatible processor")
                .contains("candidate triples (detected), best first: " + ARMV6)
                .contains("1. " + ARMV6 + " [META-INF/native/" + ARMV6
                        + "/libadder.so]: not on the class path of java.net.URLClassLoader")
                .contains("2. java.library.path [" + temp.resolve("nolibs") + "]: no libadder.so there")
                .contains("META-INF/native/<triple>/libadder.so for " + ARMV6 + " on the class path")
                .contains("-Ddev.rustmaven.loader.library.adder=")
                .doesNotContain(ARMV7 + " [");
        assertThat(old.getMessage())
                .contains("glibc too old: the library needs glibc 2.41 (glibc.floor), this system has 2.36");
        assertThat(linker.loaded).isEmpty();
    }

    @Test
    void aLibraryWhoseBytesContradictItsSha256IsRejected() throws Exception {
        // given
        String path = "META-INF/native/" + ARMV6 + "/libadder.so";
        URLClassLoader loader = jar(new TestJars()
                .entry(path, lib("v6"))
                .properties(path, ARMV6, "2.28", TestJars.sha(lib("something else")), 10));
        RecordingLinker linker = new RecordingLinker();
        FakeHost host = new FakeHost();

        // when
        Throwable error = catchLinkError(() -> NativeLoader.load(
                "adder",
                options(loader, piZero(), linker, host)
                        .javaLibraryPathFallback(false)
                        .build()));

        // then
        assertThat(error.getMessage())
                .contains(ARMV6)
                .contains("sha256 mismatch")
                .contains(TestJars.sha(lib("v6")))
                .contains("java.library.path not tried (disabled)");
        assertThat(linker.loaded).isEmpty();
    }

    @Test
    void aMislabelledLibraryIsRejected() throws Exception {
        // given
        String path = "META-INF/native/" + ARMV6 + "/libadder.so";
        URLClassLoader loader =
                jar(new TestJars().entry(path, lib("v7")).properties(path, ARMV7, "", TestJars.sha(lib("v7")), 10));

        // when
        Throwable error = catchLinkError(() -> NativeLoader.load(
                "adder",
                options(loader, piZero(), new RecordingLinker(), new FakeHost())
                        .javaLibraryPathFallback(false)
                        .build()));

        // then
        assertThat(error.getMessage()).contains("its properties say triple " + ARMV7 + ", not " + ARMV6);
    }

    @Test
    void aGlibcLibraryIsNotLoadedOnMusl() throws Exception {
        // given
        URLClassLoader loader = jar(new TestJars().library(ARMV6, "libadder.so", lib("v6"), "2.28"));
        Platform alpine = Platform.builder()
                .os(Platform.Os.LINUX)
                .arch(Platform.Arch.ARM)
                .floatAbi(Platform.FloatAbi.HARD)
                .armVersion(6)
                .libc(Platform.Libc.MUSL, null)
                .build();

        // when
        Throwable error = catchLinkError(() -> NativeLoader.load(
                "adder",
                options(loader, alpine, new RecordingLinker(), new FakeHost())
                        .triples(Arrays.asList(ARMV6))
                        .javaLibraryPathFallback(false)
                        .build()));

        // then
        assertThat(error.getMessage())
                .contains("candidate triples (LoadOptions.triples)")
                .contains("built for glibc 2.28 but this system uses musl");
    }

    @Test
    void aNoexecCacheDirectoryIsSkippedPerMountinfo() throws Exception {
        // given: the first cache dir sits on a noexec mount, the second does not
        Path noexec = Files.createDirectories(temp.resolve("noexec"));
        Path exec = temp.resolve("exec");
        String mountinfo = "1 0 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n" + "2 1 0:30 / " + noexec.toRealPath()
                + " rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw\n";
        FakeHost host = new FakeHost()
                .file("/proc/self/mountinfo", mountinfo)
                .property("dev.rustmaven.loader.cacheDir", exec.toString());
        URLClassLoader loader = jar(new TestJars().library(ARMV6, "libadder.so", lib("v6"), "2.28"));
        RecordingLinker linker = new RecordingLinker();

        // when
        LoadedLibrary loaded = NativeLoader.load(
                "adder",
                options(loader, piZero(), linker, host).cacheDirectory(noexec).build());

        // then
        assertThat(loaded.file()).startsWith(exec);
        try (java.util.stream.Stream<Path> files = Files.list(noexec)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aMapFailureTriesTheNextCacheDirectory() throws Exception {
        // given: glibc says this when the directory is noexec but mountinfo did not tell
        Path first = temp.resolve("first");
        Path second = temp.resolve("second");
        FakeHost host = new FakeHost().property("dev.rustmaven.loader.cacheDir", second.toString());
        URLClassLoader loader = jar(new TestJars().library(ARMV6, "libadder.so", lib("v6"), "2.28"));
        RecordingLinker linker = new RecordingLinker().failWhen("/first/", "failed to map segment from shared object");

        // when
        LoadedLibrary loaded = NativeLoader.load(
                "adder",
                options(loader, piZero(), linker, host).cacheDirectory(first).build());

        // then
        assertThat(loaded.file()).startsWith(second);
    }

    @Test
    void anUnwritableCacheDirectoryFallsBackEvenWhenRunningAsRoot() throws Exception {
        // given: a directory below a regular file cannot be created by anyone
        Path file = Files.write(temp.resolve("plain-file"), new byte[1]);
        Path fallback = temp.resolve("fallback");
        FakeHost host = new FakeHost().property("dev.rustmaven.loader.cacheDir", fallback.toString());
        URLClassLoader loader = jar(new TestJars().library(ARMV6, "libadder.so", lib("v6"), "2.28"));

        // when
        LoadedLibrary loaded = NativeLoader.load(
                "adder",
                options(loader, piZero(), new RecordingLinker(), host)
                        .cacheDirectory(file.resolve("cache"))
                        .build());

        // then
        assertThat(loaded.file()).startsWith(fallback);
    }

    @Test
    void whenNoCacheDirectoryWorksTheErrorSaysWhy() throws Exception {
        // given
        Path file = Files.write(temp.resolve("plain-file"), new byte[1]);
        URLClassLoader loader = jar(new TestJars().library(ARMV6, "libadder.so", lib("v6"), "2.28"));

        // when
        Throwable error = catchLinkError(() -> NativeLoader.load(
                "adder",
                options(loader, piZero(), new RecordingLinker(), new FakeHost())
                        .cacheDirectory(file.resolve("cache"))
                        .javaLibraryPathFallback(false)
                        .build()));

        // then
        assertThat(error.getMessage())
                .contains(file.resolve("cache").toString())
                .contains("cache directory unusable");
    }

    @Test
    void aLoadFailureMovesOnToTheNextTriple() throws Exception {
        // given
        URLClassLoader loader = jar(new TestJars()
                .library(ARMV7, "libadder.so", lib("v7"), "2.28")
                .library(THUMB, "libadder.so", lib("thumb"), "2.28")
                .library(ARMV6, "libadder.so", lib("v6"), "2.28"));
        RecordingLinker linker = new RecordingLinker().failWhen(TestJars.sha(lib("v7")), "undefined symbol: foo");

        // when
        LoadedLibrary loaded = NativeLoader.load(
                "adder", options(loader, pi3(), linker, new FakeHost()).build());

        // then
        assertThat(loaded.triple()).isEqualTo(THUMB);
    }

    @Test
    void theFilePropertyWinsOverEverything() throws Exception {
        // given
        Path file = Files.write(temp.resolve("libmine.so"), lib("mine"));
        URLClassLoader loader = jar(new TestJars().library(ARMV6, "libadder.so", lib("v6"), "2.28"));
        FakeHost host = new FakeHost().property("dev.rustmaven.loader.library.adder", file.toString());
        RecordingLinker linker = new RecordingLinker();

        // when
        LoadedLibrary loaded = NativeLoader.load(
                "adder", options(loader, piZero(), linker, host).build());

        // then
        assertThat(loaded.source()).isEqualTo(LoadedLibrary.Source.FILE_PROPERTY);
        assertThat(linker.loaded).containsExactly(file.toString());
    }

    @Test
    void aFilePropertyNamingNothingFailsLoudly() throws Exception {
        // given
        FakeHost host = new FakeHost()
                .property(
                        "dev.rustmaven.loader.library.adder",
                        temp.resolve("missing.so").toString());

        URLClassLoader empty = jar(new TestJars());

        // when
        Throwable error = catchLinkError(() -> NativeLoader.load(
                "adder", options(empty, piZero(), new RecordingLinker(), host).build()));

        // then
        assertThat(error.getMessage())
                .contains("system property dev.rustmaven.loader.library.adder")
                .contains("no such file");
    }

    @Test
    void thePathPropertyIsSearchedByTripleBeforeTheClassPath() throws Exception {
        // given
        Path dir = Files.createDirectories(temp.resolve("natives").resolve(ARMV6));
        Path file = Files.write(dir.resolve("libadder.so"), lib("dir"));
        FakeHost host = new FakeHost()
                .property("dev.rustmaven.loader.path", temp.resolve("natives").toString());
        URLClassLoader loader = jar(new TestJars().library(ARMV6, "libadder.so", lib("v6"), "2.28"));
        RecordingLinker linker = new RecordingLinker();

        // when
        LoadedLibrary loaded = NativeLoader.load(
                "adder", options(loader, piZero(), linker, host).build());

        // then
        assertThat(loaded.source()).isEqualTo(LoadedLibrary.Source.LIBRARY_PATH_PROPERTY);
        assertThat(loaded.file()).isEqualTo(file);
        assertThat(loaded.triple()).isEqualTo(ARMV6);
    }

    @Test
    void withoutExtractionOnlyPlainFilesOnTheClassPathLoad() throws Exception {
        // given
        TestJars natives = new TestJars().library(ARMV6, "libadder.so", lib("v6"), "2.28");
        URLClassLoader inJar = jar(natives);
        URLClassLoader inDirectory =
                TestJars.loaderOf(natives.writeDirectory(Files.createDirectories(temp.resolve("classes"))));
        RecordingLinker linker = new RecordingLinker();
        FakeHost host = new FakeHost().property("dev.rustmaven.loader.extract", "false");

        // when
        Throwable error = catchLinkError(() -> NativeLoader.load(
                "adder",
                options(inJar, piZero(), linker, host)
                        .javaLibraryPathFallback(false)
                        .build()));
        LoadedLibrary loaded = NativeLoader.load(
                "adder", options(inDirectory, piZero(), linker, host).build());

        // then
        assertThat(error.getMessage()).contains("extraction is disabled");
        assertThat(loaded.file()).isEqualTo(temp.resolve("classes/META-INF/native/" + ARMV6 + "/libadder.so"));
        assertThat(temp.resolve("cache")).doesNotExist();
    }

    @Test
    void javaLibraryPathIsTheLastResort() throws Exception {
        // given
        Path dir = Files.createDirectories(temp.resolve("jlp"));
        Path file = Files.write(dir.resolve(System.mapLibraryName("adder")), lib("jlp"));
        FakeHost host =
                new FakeHost().property("java.library.path", temp.resolve("empty") + java.io.File.pathSeparator + dir);
        RecordingLinker linker = new RecordingLinker();

        // when
        LoadedLibrary loaded = NativeLoader.load(
                "adder", options(jar(new TestJars()), piZero(), linker, host).build());

        // then
        assertThat(loaded.source()).isEqualTo(LoadedLibrary.Source.JAVA_LIBRARY_PATH);
        assertThat(loaded.file()).isEqualTo(file);
    }

    @Test
    void theTriplesPropertyReplacesDetection() throws Exception {
        // given: a Pi 3 told to use only the ARMv6 build
        URLClassLoader loader = jar(new TestJars()
                .library(ARMV7, "libadder.so", lib("v7"), "2.28")
                .library(ARMV6, "libadder.so", lib("v6"), "2.28"));
        FakeHost host = new FakeHost().property("dev.rustmaven.loader.triples", " " + ARMV6 + " ,");

        // when
        LoadedLibrary loaded = NativeLoader.load(
                "adder", options(loader, pi3(), new RecordingLinker(), host).build());

        // then
        assertThat(loaded.triple()).isEqualTo(ARMV6);
    }

    @Test
    void aResourceThatIsNotElfOrOfTheWrongArchitectureIsRefusedBeforeLoadingAndTheNextTried() throws Exception {
        // given: the ARMv7 entry is an HTML error page, the thumbv7neon one an x86_64 library
        byte[] html = "<!DOCTYPE html><title>404</title>".getBytes(StandardCharsets.US_ASCII);
        Path jarFile = new TestJars()
                .library(ARMV7, "libadder.so", html, "2.28")
                .library(THUMB, "libadder.so", LibraryFileCheckTest.elf64(62), "2.28")
                .library(ARMV6, "libadder.so", lib("v6"), "2.28")
                .writeJar(temp.resolve("mixed-up.jar"));
        RecordingLinker linker = new RecordingLinker();

        // when
        LoadedLibrary loaded = NativeLoader.load(
                "adder",
                options(TestJars.loaderOf(jarFile), pi3(), linker, new FakeHost())
                        .build());

        // then
        assertThat(loaded.triple()).isEqualTo(ARMV6);
        assertThat(linker.loaded).containsExactly(loaded.file().toString());
        assertThat(loaded.explanation())
                .contains("1. skipped " + ARMV7 + " [META-INF/native/" + ARMV7 + "/libadder.so in " + jarFile
                        + "]: refused before loading: not an ELF file: found bytes 3c 21 44 4f")
                .contains("2. skipped " + THUMB + " [META-INF/native/" + THUMB + "/libadder.so in " + jarFile
                        + "]: refused before loading: wrong architecture: found an ELF 64-bit LSB x86-64 file"
                        + " (e_machine 62), expected an ELF 32-bit LSB ARM shared object (e_machine 40) for " + THUMB)
                .contains("3. taken " + ARMV6 + " [META-INF/native/" + ARMV6 + "/libadder.so in " + jarFile
                        + "]: extracted to the cache, " + loaded.file());
        assertThat(temp.resolve("cache").resolve(TestJars.sha(html))).doesNotExist();
    }

    @Test
    void aTruncatedLibraryIsRefusedAndNothingIsLoaded() throws Exception {
        // given: a copy cut short, without properties (so no sha256 to catch it)
        byte[] whole = lib("v6");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 30);
        Path jarFile = new TestJars().library(ARMV6, "libadder.so", cut, null).writeJar(temp.resolve("cut.jar"));
        URLClassLoader loader = TestJars.loaderOf(jarFile);
        RecordingLinker linker = new RecordingLinker();

        // when
        Throwable error = catchLinkError(() -> NativeLoader.load(
                "adder",
                options(loader, piZero(), linker, new FakeHost())
                        .javaLibraryPathFallback(false)
                        .build()));

        // then
        assertThat(error.getMessage())
                .contains("1. " + ARMV6 + " [META-INF/native/" + ARMV6 + "/libadder.so in " + jarFile
                        + "]: refused before loading: truncated: found " + cut.length + " bytes, expected at least "
                        + whole.length);
        assertThat(linker.loaded).isEmpty();
    }

    @Test
    void withoutARecordedFloorTheGlibcVersionsTheLibraryNeedsAreChecked() throws Exception {
        // given: no properties files; the ARMv7 build needs trixie's glibc 2.41, the system has 2.36
        byte[] v7 = new ElfBuilder().versionNeeds("GLIBC_2.4", "GLIBC_2.41").build();
        byte[] v6 = new ElfBuilder().versionNeeds("GLIBC_2.4", "GLIBC_2.34").build();
        URLClassLoader loader =
                jar(new TestJars().library(ARMV7, "libadder.so", v7, null).library(ARMV6, "libadder.so", v6, null));
        RecordingLinker linker = new RecordingLinker();

        // when
        LoadedLibrary loaded = NativeLoader.load(
                "adder", options(loader, pi3(), linker, new FakeHost()).build());

        // then
        assertThat(loaded.triple()).isEqualTo(ARMV6);
        assertThat(linker.loaded).containsExactly(loaded.file().toString());
        assertThat(loaded.explanation())
                .contains("1. skipped " + ARMV7 + " [")
                .contains("]: glibc too old: the library needs GLIBC_2.41 (read from its ELF version needs,"
                        + " no glibc.floor recorded), this system has 2.36");
    }

    @Test
    void theExplainPropertyPrintsEveryCandidateAndWhyItWasTakenOrSkipped() throws Exception {
        // given
        URLClassLoader loader = jar(new TestJars()
                .library(ARMV7, "libadder.so", lib("v7"), "2.41")
                .library(ARMV6, "libadder.so", lib("v6"), "2.28"));
        FakeHost host = new FakeHost().property("dev.rustmaven.loader.explain", "true");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;

        // when
        LoadedLibrary loaded;
        System.setErr(new java.io.PrintStream(err, true, "UTF-8"));
        try {
            loaded = NativeLoader.load(
                    "adder", options(loader, pi3(), new RecordingLinker(), host).build());
        } finally {
            System.setErr(original);
        }

        // then
        String printed = new String(err.toByteArray(), StandardCharsets.UTF_8);
        assertThat(printed)
                .startsWith("[rust-native-loader] Loaded native library 'adder': adder from " + loaded.file())
                .contains("Detected platform: linux arm (hard-float, ARMv7, NEON), glibc 2.36")
                .contains("candidate triples (detected), best first: " + ARMV7 + ", " + THUMB + ", " + ARMV6)
                .contains("1. skipped " + ARMV7 + " [META-INF/native/" + ARMV7
                        + "/libadder.so]: glibc too old: the library needs glibc 2.41")
                .contains("2. skipped " + THUMB + " [META-INF/native/" + THUMB + "/libadder.so]: not on the class path")
                .contains("3. taken " + ARMV6 + " [META-INF/native/" + ARMV6 + "/libadder.so in ")
                .contains("]: extracted to the cache, " + loaded.file());
        assertThat(printed.trim()).isEqualTo("[rust-native-loader] " + loaded.explanation());
    }

    @Test
    void withoutExplainNothingIsPrintedButTheExplanationIsKept() throws Exception {
        // given
        URLClassLoader loader = jar(new TestJars().library(ARMV6, "libadder.so", lib("v6"), "2.28"));
        LoadOptions options =
                options(loader, piZero(), new RecordingLinker(), new FakeHost()).build();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;

        // when
        LoadedLibrary loaded;
        System.setErr(new java.io.PrintStream(err, true, "UTF-8"));
        try {
            loaded = NativeLoader.load("adder", options);
        } finally {
            System.setErr(original);
        }

        // then
        assertThat(err.size()).isZero();
        assertThat(loaded.explanation()).contains("1. taken " + ARMV6);
    }

    @Test
    void rejectsNamesThatAreNotPlainNames() {
        assertThatThrownBy(() -> NativeLoader.load("../evil"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain name");
        assertThatThrownBy(() -> NativeLoader.load("")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Throwable catchLinkError(Runnable r) {
        try {
            r.run();
        } catch (UnsatisfiedLinkError e) {
            return e;
        }
        throw new AssertionError("expected an UnsatisfiedLinkError");
    }
}
