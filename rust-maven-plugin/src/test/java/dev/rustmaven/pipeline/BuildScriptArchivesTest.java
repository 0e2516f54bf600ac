package dev.rustmaven.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.archiver.ArchiverMain;
import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.testing.Required;
import dev.rustmaven.toolchain.ExecutableFinder;
import dev.rustmaven.triple.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check of what build scripts compiled: static libraries in {@code build/<crate>/out/} made from objects
 * the host's clang compiled, right and wrong for the target.
 */
class BuildScriptArchivesTest {

    @TempDir
    Path dir;

    private Path clang;
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void findClang() {
        ExecutableFinder finder = ExecutableFinder.forHost(HostSystem.current());
        Optional<Path> found = finder.find("clang").or(() -> finder.find("clang-14"));
        Required.require(found.isPresent(), "clang or clang-14 on the PATH (the bench installs clang-14)");
        clang = found.get();
    }

    /** Compiles C with {@code flags} and archives it as a build script's {@code out/lib<name>.a}. */
    private void buildScriptArchive(String name, String... flags) throws Exception {
        Path src = dir.resolve(name + ".c");
        Files.writeString(src, "double " + name + "(double x) { return x * 3; }\n");
        Path obj = dir.resolve(name + ".o");
        List<String> command = new ArrayList<>(List.of(clang.toString(), "-c", "-O2", "-o", obj.toString()));
        command.addAll(List.of(flags));
        command.add(src.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        Path out = dir.resolve("release/build/crate-0123/out");
        Files.createDirectories(out);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ArchiverMain.run(
                List.of("crs", out.resolve("lib" + name + ".a").toString(), obj.toString()),
                dir,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }

    private static List<BuiltOutput> outputs(Target target, Path dir) {
        return List.of(new BuiltOutput(
                target, new CargoOutput(CargoOutput.Kind.SHARED_LIBRARY, "crate", dir.resolve("release/libcrate.so"))));
    }

    @Test
    void cBuiltForTheTargetPasses() throws Exception {
        Target target = Target.parse("armv7-unknown-linux-gnueabihf");
        buildScriptArchive("good", "--target=armv7-unknown-linux-gnueabihf", "-march=armv7-a", "-mfloat-abi=hard");

        new OutputVerification(log).verifyBuildScriptArchives(outputs(target, dir), target);

        assertThat(log.messages("INFO"))
                .contains("Checked 1 static library of C code built by build scripts for " + target);
    }

    @Test
    void softFloatCInAHardFloatBuildIsNamedByArchiveAndObject() throws Exception {
        Target target = Target.parse("armv7-unknown-linux-gnueabihf");
        buildScriptArchive("soft", "--target=armv7-unknown-linux-gnueabihf", "-mfloat-abi=soft");

        assertThatThrownBy(() -> new OutputVerification(log).verifyBuildScriptArchives(outputs(target, dir), target))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("C code that build scripts compiled for armv7-unknown-linux-gnueabihf does not"
                        + " match the target")
                .hasMessageContaining("libsoft.a member soft.o uses the soft-float ABI")
                .hasMessageContaining("CFLAGS_<triple>");
    }

    @Test
    void armv7CInAPiZeroBuildIsRefused() throws Exception {
        Target target = Target.parse("arm-unknown-linux-gnueabihf");
        buildScriptArchive("v7", "--target=armv7-unknown-linux-gnueabihf", "-march=armv7-a", "-mfloat-abi=hard");

        assertThatThrownBy(() -> new OutputVerification(log).verifyBuildScriptArchives(outputs(target, dir), target))
                .hasMessageContaining("libv7.a member v7.o needs a newer CPU than ARMv6");
    }
}
