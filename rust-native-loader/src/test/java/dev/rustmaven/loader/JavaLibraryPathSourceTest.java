package dev.rustmaven.loader;

import static dev.rustmaven.loader.NativeLoaderTest.lib;
import static dev.rustmaven.loader.NativeLoaderTest.piZero;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.FakeHost;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java.library.path}, the last resort, and the switches that turn it off. */
class JavaLibraryPathSourceTest {

    @TempDir
    Path temp;

    private final NativeLoaderTest.RecordingLinker linker = new NativeLoaderTest.RecordingLinker();
    private final LoadReport report = new LoadReport("adder", piZero());

    private LoadedLibrary load(FakeHost host, LoadOptions options) {
        return new JavaLibraryPathSource(host, options, new Linker(linker))
                .load("adder", Collections.<String>emptyList(), report);
    }

    private Path library(String dir) throws Exception {
        return Files.write(
                Files.createDirectories(temp.resolve(dir)).resolve(System.mapLibraryName("adder")), lib(dir));
    }

    @Test
    void theFirstDirectoryHoldingTheLibraryIsUsed() throws Exception {
        // given
        Path first = library("first");
        library("second");
        FakeHost host = new FakeHost()
                .property(
                        "java.library.path",
                        temp.resolve("empty")
                                + File.pathSeparator
                                + File.pathSeparator
                                + first.getParent()
                                + File.pathSeparator
                                + temp.resolve("second"));

        // when
        LoadedLibrary loaded = load(host, LoadOptions.defaults());

        // then
        assertThat(loaded.file()).isEqualTo(first);
        assertThat(loaded.triple()).isNull();
        assertThat(loaded.source()).isEqualTo(LoadedLibrary.Source.JAVA_LIBRARY_PATH);
    }

    @Test
    void aLoadFailureEndsTheSearch() throws Exception {
        // given
        Path first = library("first");
        library("second");
        linker.failWhen("/first/", "wrong ELF class: ELFCLASS64");
        FakeHost host = new FakeHost()
                .property("java.library.path", first.getParent() + File.pathSeparator + temp.resolve("second"));

        // when
        LoadedLibrary loaded = load(host, LoadOptions.defaults());

        // then
        assertThat(loaded).isNull();
        assertThat(linker.loaded).isEmpty();
        assertThat(report.attempts())
                .containsExactly(
                        "java.library.path [" + first + "]: load failed: " + first + ": wrong ELF class: ELFCLASS64");
    }

    @Test
    void withoutTheLibraryTheDirectoriesAreListed() {
        // given
        String path = temp.resolve("a") + File.pathSeparator + temp.resolve("b");

        // when
        LoadedLibrary some = load(new FakeHost().property("java.library.path", path), LoadOptions.defaults());
        LoadedLibrary none = load(new FakeHost(), LoadOptions.defaults());

        // then
        assertThat(some).isNull();
        assertThat(none).isNull();
        String mapped = System.mapLibraryName("adder");
        assertThat(report.attempts())
                .containsExactly(
                        "java.library.path [" + path + "]: no " + mapped + " there",
                        "java.library.path []: no " + mapped + " there");
    }

    @Test
    void theOptionWinsOverThePropertyAndADisabledFallbackIsANote() throws Exception {
        // given
        Path file = library("jlp");
        FakeHost disabled = new FakeHost()
                .property("java.library.path", file.getParent().toString())
                .property("dev.rustmaven.loader.javaLibraryPath", "False");

        // when
        LoadedLibrary byProperty = load(disabled, LoadOptions.defaults());
        LoadedLibrary byOption = load(
                new FakeHost().property("java.library.path", file.getParent().toString()),
                LoadOptions.builder().javaLibraryPathFallback(false).build());
        LoadedLibrary enabled = load(
                disabled, LoadOptions.builder().javaLibraryPathFallback(true).build());

        // then
        assertThat(byProperty).isNull();
        assertThat(byOption).isNull();
        assertThat(enabled.file()).isEqualTo(file);
        assertThat(report.attempts()).isEmpty();
        assertThat(report.message())
                .contains("\njava.library.path not tried (disabled)\njava.library.path not tried (disabled)\n");
    }
}
