package dev.rustmaven.archiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.elf.ElfFile;
import dev.rustmaven.elf.ElfSymbol;
import dev.rustmaven.testing.Required;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archiver next to the real tools: GNU ar and llvm-ar write the same bytes in deterministic mode,
 * llvm-ar and llvm-nm read its archives, GNU ld finds members through its index (and refuses an archive
 * without one), and rust-lld links ARM code from it.
 *
 * <p>LLD does not prove the index: since LLVM 15 it reads every object of an archive and ignores the index,
 * so it links archives written with {@code S} as well. GNU ld is the linker that needs it.
 */
class ArchiverToolsTest {

    private static final String ARM = "armv7-unknown-linux-gnueabihf";
    private static final String VALUE = "#[unsafe(no_mangle)] pub extern \"C\" fn lib_value() -> i32 { 42 }";
    private static final String MAIN = "unsafe extern \"C\" { fn lib_value() -> i32; }\n"
            + "#[unsafe(no_mangle)] pub extern \"C\" fn _start() -> i32 { unsafe { lib_value() } }";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private void archive(String... args) {
        archive(List.of(args));
    }

    private void archive(List<String> args) {
        int exit = ArchiverMain.run(
                args,
                dir,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        assertThat(exit).as(errBytes.toString(StandardCharsets.UTF_8)).isZero();
    }

    /** The objects and files of the comparisons: long and short names, odd sizes, 32- and 64-bit, both orders. */
    private List<String> inputs() throws Exception {
        TestObjects.compile(dir, ARM, "an-arm-object-with-a-long-name.o", TestObjects.rich("arm"));
        TestObjects.compile(dir, "powerpc-unknown-linux-gnu", "ppc.o", TestObjects.rich("ppc"));
        TestObjects.compile(dir, "aarch64_be-unknown-linux-gnu", "aarch64-big-endian.o", TestObjects.rich("be"));
        TestObjects.compile(dir, "x86_64-unknown-linux-gnu", "x64.o", TestObjects.rich("x64"));
        Files.writeString(dir.resolve("odd.txt"), "odd");
        return List.of("an-arm-object-with-a-long-name.o", "ppc.o", "odd.txt", "aarch64-big-endian.o", "x64.o");
    }

    /** {@code [tool] key archive files...}: without a tool, the arguments of the archiver's own run. */
    private static List<String> command(Path tool, String key, String archive, List<String> files) {
        List<String> command = new ArrayList<>();
        if (tool != null) {
            command.add(tool.toString());
        }
        command.add(key);
        command.add(archive);
        command.addAll(files);
        return command;
    }

    private Tools.Run runIn(List<String> command) throws Exception {
        return Tools.run(command, Map.of(), dir);
    }

    @Test
    void writesTheBytesGnuArWritesInDeterministicMode() throws Exception {
        // given
        Path ar = Tools.require("ar", "GNU ar (binutils)");
        Required.require(Tools.runOk(ar.toString(), "--version").startsWith("GNU ar"), "GNU ar as ar");
        List<String> files = inputs();
        Tools.Run gnu = runIn(command(ar, "cqD", "gnu.a", files));
        assertThat(gnu.exit()).as(gnu.output()).isZero();

        // when
        archive(command(null, "cqD", "ours.a", files));

        // then
        assertThat(Files.readAllBytes(dir.resolve("ours.a"))).isEqualTo(Files.readAllBytes(dir.resolve("gnu.a")));
    }

    @Test
    void writesTheBytesLlvmArWritesInDeterministicMode() throws Exception {
        // given
        Path llvmAr = Tools.require("llvm-ar", "llvm-ar (LLVM)");
        List<String> files = inputs();
        Tools.Run llvm = runIn(command(llvmAr, "cqD", "llvm.a", files));
        assertThat(llvm.exit()).as(llvm.output()).isZero();

        // when
        archive(command(null, "cqD", "ours.a", files));

        // then
        assertThat(Files.readAllBytes(dir.resolve("ours.a"))).isEqualTo(Files.readAllBytes(dir.resolve("llvm.a")));
    }

    @Test
    void indexesCommonAndHiddenSymbolsOfCObjectsAsGnuArAndLlvmArDo() throws Exception {
        // given: a C object with a common symbol (-fcommon), which rustc cannot make, and hidden, weak,
        // thread-local, static and undefined ones
        Path gcc = Tools.require("gcc", "gcc to compile a C object with a common symbol");
        Path ar = Tools.require("ar", "GNU ar (binutils)");
        Path llvmAr = Tools.require("llvm-ar", "llvm-ar (LLVM)");
        Files.writeString(dir.resolve("kinds.c"), """
                int common_thing;
                __attribute__((weak)) int weak_fn(void) { return 1; }
                __attribute__((visibility("hidden"))) int hidden_fn(void) { return 2; }
                static int local_fn(void) { return 3; }
                extern int undefined_fn(void);
                __thread int tls_var = 4;
                int uses(void) { return local_fn() + undefined_fn(); }
                """);
        Tools.runOk(
                gcc.toString(),
                "-c",
                "-O1",
                "-fcommon",
                "-o",
                dir.resolve("kinds.o").toString(),
                dir.resolve("kinds.c").toString());
        List<String> files = List.of("kinds.o");
        assertThat(runIn(command(ar, "cqD", "gnu.a", files)).exit()).isZero();
        assertThat(runIn(command(llvmAr, "cqD", "llvm.a", files)).exit()).isZero();

        // when
        archive(command(null, "cqD", "ours.a", files));

        // then
        byte[] ours = Files.readAllBytes(dir.resolve("ours.a"));
        assertThat(ArFile.parse(ours).symbolsOf("kinds.o"))
                .containsExactlyInAnyOrder("common_thing", "weak_fn", "hidden_fn", "tls_var", "uses");
        assertThat(ours).isEqualTo(Files.readAllBytes(dir.resolve("gnu.a")));
        assertThat(ours).isEqualTo(Files.readAllBytes(dir.resolve("llvm.a")));
    }

    @Test
    void llvmArListsTheMembersAndLlvmNmReadsTheIndex() throws Exception {
        // given
        Path llvmAr = Tools.require("llvm-ar", "llvm-ar (LLVM)");
        Path llvmNm = Tools.require("llvm-nm", "llvm-nm (LLVM)");
        List<String> files = inputs();
        archive(command(null, "cq", "libours.a", files));
        ArFile ours = ArFile.parse(Files.readAllBytes(dir.resolve("libours.a")));

        // when
        String listed =
                Tools.runOk(llvmAr.toString(), "t", dir.resolve("libours.a").toString());
        String map = Tools.runOk(
                llvmNm.toString(), "--print-armap", dir.resolve("libours.a").toString());

        // then: the map lists "<symbol> in <member>" for every index entry, in index order
        assertThat(listed.lines()).containsExactlyElementsOf(files);
        List<String> expected = ours.index().stream()
                .map(s -> s.name() + " in " + ours.memberAt(s.headerOffset()).name())
                .toList();
        assertThat(expected).hasSize(20);
        List<String> printed = map.lines()
                .dropWhile(l -> !l.equals("Archive map"))
                .skip(1)
                .takeWhile(l -> !l.isEmpty())
                .toList();
        assertThat(printed).containsExactlyElementsOf(expected);
    }

    @Test
    void gnuLdFindsAMemberThroughTheIndexAndRefusesTheArchiveWithoutIt() throws Exception {
        // given: x86-64 and i386 objects, which this host's GNU ld links
        Path ld = Tools.require("ld", "GNU ld (binutils)");
        Required.require(Tools.runOk(ld.toString(), "--version").startsWith("GNU ld"), "GNU ld as ld");
        for (String[] target :
                new String[][] {{"x86_64-unknown-linux-gnu", "elf_x86_64"}, {"i686-unknown-linux-gnu", "elf_i386"}}) {
            String triple = target[0];
            Path sub = Files.createDirectories(dir.resolve(triple));
            TestObjects.compile(sub, triple, "value.o", VALUE);
            Path main = TestObjects.compile(sub, triple, "main.o", MAIN);
            String lib = sub.resolve("libvalue.a").toString();
            archive("cqS", lib, sub.resolve("value.o").toString());
            List<String> link = List.of(
                    ld.toString(), "-m", target[1], "-o", sub.resolve("out").toString(), main.toString(), lib);

            // when
            Tools.Run withoutIndex = Tools.run(link, Map.of(), sub);
            archive("s", lib);
            Tools.Run withIndex = Tools.run(link, Map.of(), sub);

            // then
            assertThat(withoutIndex.exit()).as(triple).isNotZero();
            assertThat(withoutIndex.output()).as(triple).contains("archive has no index; run ranlib to add one");
            assertThat(withIndex.exit()).as(triple + ": " + withIndex.output()).isZero();
            assertThat(definedSymbols(sub.resolve("out"))).as(triple).contains("lib_value", "_start");
        }
    }

    @Test
    void rustLldLinksArmAndBigEndianAarch64CodeFromTheArchive() throws Exception {
        // given
        Path lld = Tools.rustLld();
        for (String[] target :
                new String[][] {{ARM, "armelf_linux_eabi"}, {"aarch64_be-unknown-linux-gnu", "aarch64linuxb"}}) {
            String triple = target[0];
            Path sub = Files.createDirectories(dir.resolve(triple));
            TestObjects.compile(sub, triple, "value.o", VALUE);
            TestObjects.compile(sub, triple, "unused.o", TestObjects.rich("unused"));
            Path main = TestObjects.compile(sub, triple, "main.o", MAIN);
            String lib = sub.resolve("libvalue.a").toString();
            archive(
                    "crs",
                    lib,
                    sub.resolve("unused.o").toString(),
                    sub.resolve("value.o").toString());

            // when
            Tools.Run linked = Tools.run(
                    List.of(
                            lld.toString(),
                            "-flavor",
                            "gnu",
                            "-m",
                            target[1],
                            "-o",
                            sub.resolve("out").toString(),
                            main.toString(),
                            lib),
                    Map.of(),
                    sub);

            // then: the member that defines lib_value is linked, the other one is not
            assertThat(linked.exit()).as(triple + ": " + linked.output()).isZero();
            assertThat(definedSymbols(sub.resolve("out")))
                    .as(triple)
                    .contains("lib_value")
                    .doesNotContain("unused_first");
        }
    }

    private static List<String> definedSymbols(Path file) throws Exception {
        return ElfFile.symbolTable(Files.readAllBytes(file), file.toString()).stream()
                .filter(ElfSymbol::isDefined)
                .map(ElfSymbol::name)
                .toList();
    }
}
