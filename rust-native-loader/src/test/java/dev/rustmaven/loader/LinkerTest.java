package dev.rustmaven.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the report hears back from the JVM's linker. */
class LinkerTest {

    @TempDir
    Path temp;

    @Test
    void aLoadedFileHasNoFailure() {
        // given
        List<String> loaded = new ArrayList<>();
        Path file = temp.resolve("libadder.so");

        // when
        String failure = new Linker(loaded::add).tryLoad(file);

        // then
        assertThat(failure).isNull();
        assertThat(loaded).containsExactly(file.toString());
    }

    @Test
    void theJvmsRefusalIsTheFailure() {
        // given
        Linker linker = new Linker(path -> {
            throw new UnsatisfiedLinkError(path + ": undefined symbol: foo");
        });

        // when
        String failure = linker.tryLoad(temp.resolve("libadder.so"));

        // then
        assertThat(failure).isEqualTo(temp.resolve("libadder.so") + ": undefined symbol: foo");
    }

    @Test
    void aSecurityManagersRefusalSaysNotPermitted() {
        // given
        Linker linker = new Linker(path -> {
            throw new SecurityException("loadLibrary denied");
        });

        // then
        assertThat(linker.tryLoad(temp.resolve("libadder.so"))).isEqualTo("not permitted: loadLibrary denied");
    }

    @Test
    void anyOtherProblemIsNotALoadFailure() {
        // given
        Linker linker = new Linker(path -> {
            throw new IllegalStateException("a bug in the application's linker");
        });

        // then
        assertThatThrownBy(() -> linker.tryLoad(temp.resolve("libadder.so"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAChoiceSystemLoadIsAsked() {
        // given: a missing file, which System.load refuses before anything reaches the dynamic loader
        Path missing = temp.resolve("libmissing.so");

        // when
        String failure = new Linker(null).tryLoad(missing);

        // then
        assertThat(failure).isEqualTo("Can't load library: " + missing);
    }
}
