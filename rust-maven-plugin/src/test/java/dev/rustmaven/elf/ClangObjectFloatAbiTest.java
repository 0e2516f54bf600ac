package dev.rustmaven.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.system.HostSystem;
import dev.rustmaven.testing.Required;
import dev.rustmaven.toolchain.ExecutableFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float ABI of objects the host's clang makes for ARM, as the C checks read it: compiled C states its
 * ABI, hand-written assembly states none (so it fits both), and a soft-float object in a hard-float build
 * is caught.
 */
class ClangObjectFloatAbiTest {

    @TempDir
    Path dir;

    private Path clang;

    @BeforeEach
    void findClang() {
        ExecutableFinder finder = ExecutableFinder.forHost(HostSystem.current());
        Optional<Path> found = finder.find("clang").or(() -> finder.find("clang-14"));
        Required.require(found.isPresent(), "clang or clang-14 on the PATH (the bench installs clang-14)");
        clang = found.get();
    }

    private ElfFile compile(String name, String source, String... flags) throws Exception {
        Path src = dir.resolve(name);
        Files.writeString(src, source);
        Path obj = dir.resolve(name + ".o");
        List<String> command = new ArrayList<>(List.of(clang.toString(), "-c", "-o", obj.toString()));
        command.addAll(List.of(flags));
        command.add(src.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        return ElfFile.read(obj);
    }

    @Test
    void compiledCStatesItsFloatAbi() throws Exception {
        String c = "double half(double x) { return x / 2; }\n";

        ElfFile hard = compile("h.c", c, "--target=armv7-unknown-linux-gnueabihf", "-mfloat-abi=hard");
        ElfFile soft = compile("s.c", c, "--target=armv7-unknown-linux-gnueabihf", "-mfloat-abi=soft");

        assertThat(hard.armFloatAbi()).contains(ArmFloatAbi.HARD);
        assertThat(soft.armFloatAbi()).contains(ArmFloatAbi.SOFT);
        assertThat(soft.armAttributes().orElseThrow().statesAbi()).isTrue();
    }

    @Test
    void assemblyStatesNoFloatAbiAndFitsAHardFloatTarget() throws Exception {
        ElfFile asm = compile(
                "t.S",
                "  .text\n  .globl twice\ntwice:\n  add r0, r0, r0\n  bx lr\n",
                "--target=armv7-unknown-linux-gnueabihf",
                "-mfloat-abi=hard");

        assertThat(asm.armAttributes())
                .hasValueSatisfying(a -> assertThat(a.statesAbi()).isFalse());
        assertThat(asm.armFloatAbi()).isEmpty();
    }
}
