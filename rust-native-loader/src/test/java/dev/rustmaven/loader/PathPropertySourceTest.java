package dev.rustmaven.loader;

import static dev.rustmaven.loader.NativeLoaderTest.ARMV6;
import static dev.rustmaven.loader.NativeLoaderTest.ARMV7;
import static dev.rustmaven.loader.NativeLoaderTest.lib;
import static dev.rustmaven.loader.NativeLoaderTest.piZero;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.FakeHost;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Ddev.rustmaven.loader.path}: each directory by triple, then the plain file name. */
class PathPropertySourceTest {

    static final String KEY = "dev.rustmaven.loader.path";
    static final List<String> TRIPLES = Arrays.asList(ARMV7, ARMV6);

    @TempDir
    Path temp;

    private final NativeLoaderTest.RecordingLinker linker = new NativeLoaderTest.RecordingLinker();
    private final LoadReport report = new LoadReport("adder", piZero());

    private LoadedLibrary load(String path) {
        return new PathPropertySource(new FakeHost().property(KEY, path), new Linker(linker))
                .load("adder", TRIPLES, report);
    }

    private Path library(Path dir) throws Exception {
        return Files.write(Files.createDirectories(dir).resolve("libadder.so"), lib(dir.toString()));
    }

    @Test
    void anUnsetOrEmptyPropertyHasNothingToTry() {
        // when
        LoadedLibrary unset = new PathPropertySource(new FakeHost(), new Linker(linker)).load("adder", TRIPLES, report);
        LoadedLibrary empty = load("");

        // then
        assertThat(unset).isNull();
        assertThat(empty).isNull();
        assertThat(report.attempts()).isEmpty();
    }

    @Test
    void theBestTripleWinsOverThePlainFileName() throws Exception {
        // given
        Path dir = temp.resolve("natives");
        Path v7 = library(dir.resolve(ARMV7));
        library(dir.resolve(ARMV6));
        library(dir);

        // when
        LoadedLibrary loaded = load(dir.toString());

        // then
        assertThat(loaded.file()).isEqualTo(v7);
        assertThat(loaded.triple()).isEqualTo(ARMV7);
        assertThat(loaded.source()).isEqualTo(LoadedLibrary.Source.LIBRARY_PATH_PROPERTY);
    }

    @Test
    void aFileThatFailsToLoadIsRecordedAndThePlainFileNameHasNoTriple() throws Exception {
        // given
        Path dir = temp.resolve("natives");
        Path v6 = library(dir.resolve(ARMV6));
        Path plain = library(dir);
        linker.failWhen(ARMV6, "undefined symbol: foo");

        // when
        LoadedLibrary loaded = load(dir.toString());

        // then
        assertThat(loaded.file()).isEqualTo(plain);
        assertThat(loaded.triple()).isNull();
        assertThat(report.attempts())
                .containsExactly(
                        "system property " + KEY + " [" + v6 + "]: load failed: " + v6 + ": undefined symbol: foo");
    }

    @Test
    void aDirectoryWithoutTheLibrarySaysWhatItLookedFor() throws Exception {
        // given: an empty directory, an empty entry, then the directory that has it
        Path empty = Files.createDirectories(temp.resolve("empty"));
        Path full = temp.resolve("full");
        Path plain = library(full);

        // when
        LoadedLibrary loaded = load(empty + File.pathSeparator + File.pathSeparator + full);

        // then
        assertThat(loaded.file()).isEqualTo(plain);
        assertThat(report.attempts())
                .containsExactly("system property " + KEY + " [" + empty + "]: none of ["
                        + empty.resolve(ARMV7).resolve("libadder.so") + ", "
                        + empty.resolve(ARMV6).resolve("libadder.so") + ", "
                        + empty.resolve("libadder.so") + "] exists");
    }
}
