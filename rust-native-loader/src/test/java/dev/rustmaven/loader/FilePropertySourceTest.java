package dev.rustmaven.loader;

import static dev.rustmaven.loader.NativeLoaderTest.lib;
import static dev.rustmaven.loader.NativeLoaderTest.piZero;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.loader.platform.FakeHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Ddev.rustmaven.loader.library.<name>}: exactly that file, or a failed load. */
class FilePropertySourceTest {

    static final String KEY = "dev.rustmaven.loader.library.adder";

    @TempDir
    Path temp;

    private final NativeLoaderTest.RecordingLinker linker = new NativeLoaderTest.RecordingLinker();
    private final LoadReport report = new LoadReport("adder", piZero());

    @Test
    void withoutThePropertyThereIsNothingToTry() {
        // when
        LoadedLibrary loaded = new FilePropertySource(new FakeHost(), new Linker(linker)).load("adder", report);

        // then
        assertThat(loaded).isNull();
        assertThat(report.attempts()).isEmpty();
        assertThat(linker.loaded).isEmpty();
    }

    @Test
    void theNamedFileIsLoaded() throws Exception {
        // given
        Path file = Files.write(temp.resolve("libmine.so"), lib("mine"));

        // when
        LoadedLibrary loaded = new FilePropertySource(new FakeHost().property(KEY, file.toString()), new Linker(linker))
                .load("adder", report);

        // then
        assertThat(loaded.file()).isEqualTo(file);
        assertThat(loaded.triple()).isNull();
        assertThat(loaded.source()).isEqualTo(LoadedLibrary.Source.FILE_PROPERTY);
        assertThat(linker.loaded).containsExactly(file.toString());
    }

    @Test
    void aMissingFileFailsTheLoadAtOnce() {
        // given
        String missing = temp.resolve("missing.so").toString();
        FilePropertySource source = new FilePropertySource(new FakeHost().property(KEY, missing), new Linker(linker));

        // then
        assertThatThrownBy(() -> source.load("adder", report))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessageContaining(
                        "1. system property " + KEY + " [" + missing + "]: no such file; fix or remove the property");
        assertThat(linker.loaded).isEmpty();
    }

    @Test
    void aFileThatFailsToLoadFailsTheLoadAtOnce() throws Exception {
        // given
        Path file = Files.write(temp.resolve("libmine.so"), lib("mine"));
        linker.failWhen("libmine", "wrong ELF class: ELFCLASS64");
        FilePropertySource source =
                new FilePropertySource(new FakeHost().property(KEY, file.toString()), new Linker(linker));

        // then
        assertThatThrownBy(() -> source.load("adder", report))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessageContaining("1. system property " + KEY + " [" + file + "]: load failed: " + file
                        + ": wrong ELF class: ELFCLASS64");
    }
}
