package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.cargo.CargoOutput.Kind;
import dev.rustmaven.triple.Target;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttachmentTest {

    private static BuiltOutput out(String triple, Kind kind, String name, String file) {
        return new BuiltOutput(Target.parse(triple), new CargoOutput(kind, name, Path.of("/t", triple, file)));
    }

    @Test
    void librariesAndASingleExecutableAreClassifiedByTriple() {
        List<Attachment> plan = Attachment.plan(List.of(
                out("armv7-unknown-linux-gnueabihf", Kind.SHARED_LIBRARY, "hello", "libhello.so"),
                out("armv7-unknown-linux-gnueabihf", Kind.STATIC_LIBRARY, "hello", "libhello.a"),
                out("armv7-unknown-linux-gnueabihf", Kind.EXECUTABLE, "tool", "tool"),
                out("aarch64-unknown-linux-gnu", Kind.SHARED_LIBRARY, "hello", "libhello.so")));

        assertThat(plan)
                .extracting(Attachment::type, Attachment::classifier)
                .containsExactly(
                        tuple("so", "armv7-unknown-linux-gnueabihf"),
                        tuple("a", "armv7-unknown-linux-gnueabihf"),
                        tuple("bin", "armv7-unknown-linux-gnueabihf"),
                        tuple("so", "aarch64-unknown-linux-gnu"));
    }

    @Test
    void severalExecutablesAreClassifiedByTripleAndName() {
        List<Attachment> plan = Attachment.plan(List.of(
                out("aarch64-unknown-linux-musl", Kind.EXECUTABLE, "server", "server"),
                out("aarch64-unknown-linux-musl", Kind.EXECUTABLE, "client", "client"),
                out("x86_64-pc-windows-gnu", Kind.EXECUTABLE, "server", "server.exe")));

        assertThat(plan)
                .extracting(Attachment::type, Attachment::classifier)
                .containsExactly(
                        tuple("bin", "aarch64-unknown-linux-musl-server"),
                        tuple("bin", "aarch64-unknown-linux-musl-client"),
                        tuple("exe", "x86_64-pc-windows-gnu"));
    }

    @Test
    void outputsThatWouldCollideGetTheirNameAdded() {
        List<Attachment> plan = Attachment.plan(List.of(
                out("x86_64-unknown-linux-gnu", Kind.SHARED_LIBRARY, "a", "liba.so"),
                out("x86_64-unknown-linux-gnu", Kind.SHARED_LIBRARY, "b", "libb.so")));

        assertThat(plan)
                .extracting(Attachment::classifier)
                .containsExactly("x86_64-unknown-linux-gnu", "x86_64-unknown-linux-gnu-b");
    }
}
