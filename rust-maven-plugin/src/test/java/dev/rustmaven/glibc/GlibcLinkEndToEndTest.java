package dev.rustmaven.glibc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.triple.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links real host programs with rust-lld against generated x86_64 stubs at floor 2.28 and runs them on the
 * host's glibc: the stubs must give exactly what a glibc 2.28 link would, and the stat wrappers must call
 * through to the real {@code __xstat64}.
 */
class GlibcLinkEndToEndTest {

    private static final String HOST = "x86_64-unknown-linux-gnu";
    private static final Path CRT = Path.of("/usr/lib/x86_64-linux-gnu");
    private static final GlibcVersion FLOOR = GlibcVersion.parse("2.28");

    @TempDir
    Path tmp;

    private Path lld;
    private GlibcStubs.StubSet stubs;

    @BeforeEach
    void setUp() throws Exception {
        Tools.require(
                System.getProperty("os.arch").equals("amd64")
                        && System.getProperty("os.name").equals("Linux"),
                "an x86_64 Linux host");
        Tools.requireReadelf();
        Tools.require(Tools.onPath("gcc"), "gcc (compiles the C test programs)");
        Tools.require(Files.isRegularFile(CRT.resolve("crt1.o")), "the host's glibc start files (libc6-dev)");
        lld = Tools.rustLld();
        stubs = new GlibcStubs(tmp.resolve("cache"), new RecordingLog()).stubs(Target.parse(HOST), FLOOR);
    }

    private Path compile(String name, String c) throws Exception {
        Path src = tmp.resolve(name + ".c");
        Files.writeString(src, c);
        Path obj = tmp.resolve(name + ".o");
        Tools.runOk(List.of(
                "gcc", "-c", "-O1", "-fno-stack-protector", "-U_FORTIFY_SOURCE", "-o", obj.toString(), src.toString()));
        return obj;
    }

    private Tools.Run link(Path output, Path... objects) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                lld.toString(),
                "-flavor",
                "gnu",
                "-m",
                "elf_x86_64",
                "-z",
                "defs",
                "--as-needed",
                "-dynamic-linker",
                "/lib64/ld-linux-x86-64.so.2",
                "-o",
                output.toString(),
                CRT.resolve("crt1.o").toString(),
                CRT.resolve("crti.o").toString()));
        for (Path o : objects) {
            cmd.add(o.toString());
        }
        cmd.addAll(List.of(
                "-L",
                stubs.directory().toString(),
                "-lc",
                stubs.loader().toString(),
                CRT.resolve("crtn.o").toString()));
        return Tools.run(cmd);
    }

    @Test
    void linksAProgramWhoseHighestGlibcNeedIsTheFloorAndRunsItThroughTheStatWrappers() throws Exception {
        // given
        Path wrappers = new StatWrappers(tmp.resolve("cache"), new ProcessRunner(), new RecordingLog())
                .build(
                        Path.of("rustc"),
                        Tools.runOk(List.of("rustc", "-vV")),
                        HOST,
                        GlibcAbi.load("x86_64"),
                        List.of(),
                        tmp);
        Path main = compile("main", """
                #define _LARGEFILE64_SOURCE 1
                #include <stdio.h>
                #include <stdlib.h>
                #include <sys/stat.h>
                int main(int argc, char **argv) {
                    struct stat64 st;
                    if (stat64(argv[1], &st) != 0) { perror("stat64"); return 2; }
                    void *p = reallocarray(NULL, 4, 8);
                    printf("size=%lld\\n", (long long) st.st_size);
                    free(p);
                    return 0;
                }
                """);
        Path program = tmp.resolve("program");
        Path known = tmp.resolve("known.bin");
        Files.write(known, new byte[12345]);

        // when
        Tools.Run linked = link(program, main, wrappers);
        Tools.Run ran = linked.exit() == 0 ? Tools.run(List.of(program.toString(), known.toString())) : null;

        // then
        assertThat(linked.exit()).as(linked.out()).isZero();
        List<String> needed = Tools.neededVersions(program);
        assertThat(needed).contains("GLIBC_2.26").allSatisfy(v -> {
            if (GlibcVersion.isSymbolVersionName(v)) {
                assertThat(GlibcVersion.parse(v).isNewerThan(FLOOR)).as(v).isFalse();
            }
        });
        assertThat(Tools.runOk(List.of("readelf", "-d", program.toString())))
                .contains("Shared library: [libc.so.6]")
                .doesNotContain("libpthread");
        assertThat(ran.out()).isEqualTo("size=12345\n");
        assertThat(ran.exit()).isZero();
    }

    @Test
    void failsToLinkASymbolNewerThanTheFloor() throws Exception {
        // given: posix_spawn_file_actions_addchdir_np came with glibc 2.29
        Path main = compile("newer", """
                extern int posix_spawn_file_actions_addchdir_np(void *actions, const char *path);
                int main(void) { return posix_spawn_file_actions_addchdir_np(0, "/"); }
                """);

        // when
        Tools.Run linked = link(tmp.resolve("newer"), main);

        // then
        assertThat(linked.exit()).isNotZero();
        assertThat(linked.out()).contains("undefined symbol: posix_spawn_file_actions_addchdir_np");
        assertThat(GlibcFloors.missingSymbolMessage(
                        GlibcAbi.load("x86_64"), "posix_spawn_file_actions_addchdir_np", FLOOR, "the floor"))
                .contains("the lowest floor that has it is 2.29");
    }

    @Test
    void failsToLinkStat64AtTheFloorWithoutTheWrappers() throws Exception {
        // given
        Path main = compile("nowrap", """
                extern int stat64(const char *path, void *buf);
                int main(void) { char buf[256]; return stat64("/", buf); }
                """);

        // when
        Tools.Run linked = link(tmp.resolve("nowrap"), main);

        // then
        assertThat(linked.exit()).isNotZero();
        assertThat(linked.out()).contains("undefined symbol: stat64");
        assertThat(StatWrappers.neededAt(FLOOR)).isTrue();
    }
}
