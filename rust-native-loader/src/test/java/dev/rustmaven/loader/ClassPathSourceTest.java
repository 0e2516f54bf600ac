package dev.rustmaven.loader;

import static dev.rustmaven.loader.NativeLoaderTest.ARMV6;
import static dev.rustmaven.loader.NativeLoaderTest.ARMV7;
import static dev.rustmaven.loader.NativeLoaderTest.lib;
import static dev.rustmaven.loader.NativeLoaderTest.pi3;
import static dev.rustmaven.loader.NativeLoaderTest.piZero;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.FakeHost;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class path source alone: its sha256 handling, the extraction switch and loading in place. */
class ClassPathSourceTest {

    @TempDir
    Path temp;

    private final NativeLoaderTest.RecordingLinker linker = new NativeLoaderTest.RecordingLinker();
    private final LoadReport report = new LoadReport("adder", piZero());

    private LoadOptions.Builder options(URLClassLoader loader) {
        return LoadOptions.builder().classLoader(loader).cacheDirectory(temp.resolve("cache"));
    }

    private ClassPathSource source(FakeHost host, LoadOptions options) {
        return new ClassPathSource(host, piZero(), options, new Linker(linker));
    }

    private URLClassLoader jar(TestJars jars) throws Exception {
        return TestJars.loaderOf(jars.writeJar(Files.createTempFile(temp, "natives", ".jar")));
    }

    @Test
    void aSha256IsSixtyFourLowerCaseHexDigits() {
        String sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertThat(dev.rustmaven.loader.cache.StartRecord.isSha256(sha)).isTrue();
        assertThat(dev.rustmaven.loader.cache.StartRecord.isSha256(sha.substring(1)))
                .isFalse();
        assertThat(dev.rustmaven.loader.cache.StartRecord.isSha256(sha + "0")).isFalse();
        assertThat(dev.rustmaven.loader.cache.StartRecord.isSha256(sha.toUpperCase(java.util.Locale.ROOT)))
                .isFalse();
        assertThat(dev.rustmaven.loader.cache.StartRecord.isSha256(sha.replace('b', 'g')))
                .isFalse();
    }

    @Test
    void aSha256ThatIsNot64HexDigitsIsRejected() throws Exception {
        // given
        String path = NativeResources.libraryPath(ARMV6, "libadder.so");
        URLClassLoader loader =
                jar(new TestJars().entry(path, lib("v6")).properties(path, ARMV6, "2.28", "not-a-sha", 10));

        // when
        LoadedLibrary loaded =
                source(new FakeHost(), options(loader).build()).load("adder", Collections.singletonList(ARMV6), report);

        // then
        assertThat(loaded).isNull();
        assertThat(report.attempts())
                .containsExactly(ARMV6 + " [" + NativeResources.propertiesPath(ARMV6, "libadder.so")
                        + "]: sha256 'not-a-sha' is not 64 hex digits");
        assertThat(temp.resolve("cache")).doesNotExist();
    }

    @Test
    void theSha256IsReadInAnyCaseOrComputedWhenMissing() throws Exception {
        // given
        byte[] v7 = lib("v7");
        byte[] v6 = lib("v6");
        String path = NativeResources.libraryPath(ARMV7, "libadder.so");
        URLClassLoader upper = jar(new TestJars()
                .entry(path, v7)
                .properties(path, ARMV7, "2.28", " " + TestJars.sha(v7).toUpperCase(Locale.ROOT) + " ", v7.length));
        URLClassLoader none = jar(new TestJars().library(ARMV6, "libadder.so", v6, null));

        // when
        LoadedLibrary fromUpper = new ClassPathSource(
                        new FakeHost(), pi3(), options(upper).build(), new Linker(linker))
                .load("adder", Collections.singletonList(ARMV7), report);
        LoadedLibrary computed =
                source(new FakeHost(), options(none).build()).load("adder", Collections.singletonList(ARMV6), report);

        // then
        assertThat(fromUpper.file())
                .isEqualTo(temp.resolve("cache").resolve(TestJars.sha(v7)).resolve("libadder.so"));
        assertThat(computed.file())
                .isEqualTo(temp.resolve("cache").resolve(TestJars.sha(v6)).resolve("libadder.so"));
        assertThat(computed.source()).isEqualTo(LoadedLibrary.Source.CLASS_PATH);
        assertThat(report.attempts()).isEmpty();
    }

    @Test
    void theExtractOptionWinsOverTheProperty() throws Exception {
        // given
        URLClassLoader loader = jar(new TestJars().library(ARMV6, "libadder.so", lib("v6"), "2.28"));
        FakeHost host = new FakeHost().property("dev.rustmaven.loader.extract", "FALSE");

        // when
        LoadedLibrary extracted = source(host, options(loader).extract(true).build())
                .load("adder", Collections.singletonList(ARMV6), report);
        LoadedLibrary refused = source(
                        new FakeHost(), options(loader).extract(false).build())
                .load("adder", Collections.singletonList(ARMV6), report);

        // then
        assertThat(extracted.file()).startsWith(temp.resolve("cache"));
        assertThat(refused).isNull();
        assertThat(report.attempts())
                .singleElement()
                .asString()
                .contains("extraction is disabled (dev.rustmaven.loader.extract=false)");
    }

    @Test
    void inPlaceALoadFailureMovesOnToTheNextTriple() throws Exception {
        // given: an exploded class path
        TestJars natives = new TestJars()
                .library(ARMV7, "libadder.so", lib("v7"), "2.28")
                .library(ARMV6, "libadder.so", lib("v6"), "2.28");
        Path classes = natives.writeDirectory(Files.createDirectories(temp.resolve("classes")));
        URLClassLoader loader = TestJars.loaderOf(classes);
        linker.failWhen(ARMV7, "wrong ELF class");
        Path v7 = classes.resolve(NativeResources.libraryPath(ARMV7, "libadder.so"));
        Path v6 = classes.resolve(NativeResources.libraryPath(ARMV6, "libadder.so"));

        // when
        LoadedLibrary loaded = new ClassPathSource(
                        new FakeHost(), pi3(), options(loader).extract(false).build(), new Linker(linker))
                .load("adder", Arrays.asList(ARMV7, ARMV6), report);

        // then
        assertThat(loaded.file()).isEqualTo(v6);
        assertThat(loaded.triple()).isEqualTo(ARMV6);
        assertThat(report.attempts())
                .containsExactly(ARMV7 + " [" + v7 + "]: load failed: " + v7 + ": wrong ELF class");
        assertThat(temp.resolve("cache")).doesNotExist();
    }
}
