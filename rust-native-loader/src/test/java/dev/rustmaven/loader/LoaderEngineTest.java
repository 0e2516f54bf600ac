package dev.rustmaven.loader;

import static dev.rustmaven.loader.NativeLoaderTest.ARMV6;
import static dev.rustmaven.loader.NativeLoaderTest.piZero;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.loader.platform.FakeHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestration alone: the order of the sources and what the report says when none loads. */
class LoaderEngineTest {

    @TempDir
    Path temp;

    private LoadOptions options(NativeLoaderTest.RecordingLinker linker) throws Exception {
        return LoadOptions.builder()
                .classLoader(TestJars.loaderOf(new TestJars().writeJar(temp.resolve("empty.jar"))))
                .linker(linker)
                .cacheDirectory(temp.resolve("cache"))
                .build();
    }

    @Test
    void everySourceIsTriedInTheDocumentedOrder() throws Exception {
        // given
        Path dir = Files.createDirectories(temp.resolve("natives"));
        FakeHost host = new FakeHost()
                .property("dev.rustmaven.loader.path", dir.toString())
                .property("java.library.path", temp.resolve("jlp").toString());
        LoaderEngine engine = new LoaderEngine(host, piZero(), options(new NativeLoaderTest.RecordingLinker()));

        // then
        assertThatThrownBy(() -> engine.load("adder"))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessageContaining("candidate triples (detected), best first: " + ARMV6)
                .hasMessageContaining("\n  1. system property dev.rustmaven.loader.path [" + dir + "]: none of ")
                .hasMessageContaining(
                        "\n  2. " + ARMV6 + " [META-INF/native/" + ARMV6 + "/libadder.so]: not on the class path of ")
                .hasMessageContaining(
                        "\n  3. java.library.path [" + temp.resolve("jlp") + "]: no libadder.so there\nTo fix:");
    }

    @Test
    void aFailingFilePropertyWorksOutNoTriples() throws Exception {
        // given
        FakeHost host = new FakeHost()
                .property(
                        "dev.rustmaven.loader.library.adder",
                        temp.resolve("missing.so").toString())
                .property("dev.rustmaven.loader.path", temp.toString());
        LoaderEngine engine = new LoaderEngine(host, piZero(), options(new NativeLoaderTest.RecordingLinker()));

        // then
        assertThatThrownBy(() -> engine.load("adder"))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessageContaining("\n  1. system property dev.rustmaven.loader.library.adder [")
                .hasMessageNotContaining("candidate triples")
                .hasMessageNotContaining("\n  2. ");
    }

    @Test
    void theFirstSourceThatLoadsEndsTheSearch() throws Exception {
        // given: the path property has it; the class path and java.library.path are not asked
        Path file = Files.write(Files.createDirectories(temp.resolve("natives")).resolve("libadder.so"), new byte[1]);
        FakeHost host = new FakeHost()
                .property("dev.rustmaven.loader.path", file.getParent().toString())
                .property("java.library.path", file.getParent().toString());
        NativeLoaderTest.RecordingLinker linker = new NativeLoaderTest.RecordingLinker();

        // when
        LoadedLibrary loaded = new LoaderEngine(host, piZero(), options(linker)).load("adder");

        // then
        assertThat(loaded.source()).isEqualTo(LoadedLibrary.Source.LIBRARY_PATH_PROPERTY);
        assertThat(linker.loaded).containsExactly(file.toString());
    }
}
