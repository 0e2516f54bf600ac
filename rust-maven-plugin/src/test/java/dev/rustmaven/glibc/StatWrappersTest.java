package dev.rustmaven.glibc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatWrappersTest {

    @TempDir
    Path tmp;

    @Test
    void fillsInEachArchitecturesStatVersion() {
        assertThat(StatWrappers.source(GlibcAbi.load("x86_64"))).contains("const STAT_VER: c_int = 1;");
        assertThat(StatWrappers.source(GlibcAbi.load("arm")))
                .contains("const STAT_VER: c_int = 3;")
                .contains("pub unsafe extern \"C\" fn stat64(")
                .contains("__fxstatat64(STAT_VER")
                .doesNotContain("@STAT_VER@");
        assertThat(StatWrappers.source(GlibcAbi.load("aarch64"))).contains("const STAT_VER: c_int = 0;");
    }

    @Test
    void buildsAnObjectForTheTargetWithTheGivenExtraArguments() {
        // when
        List<String> args = StatWrappers.rustcArguments(
                "armv7-unknown-linux-gnueabihf", Path.of("w.rs"), Path.of("w.o"), List.of("--sysroot", "/s"));

        // then
        assertThat(args)
                .startsWith("--sysroot", "/s")
                .containsSequence("--target", "armv7-unknown-linux-gnueabihf")
                .containsSequence("-C", "panic=abort")
                .containsSequence("--emit", "obj=w.o")
                .endsWith("w.rs");
    }

    @Test
    void isNeededOnlyBelow233() {
        assertThat(StatWrappers.neededAt(GlibcVersion.parse("2.32"))).isTrue();
        assertThat(StatWrappers.neededAt(GlibcVersion.parse("2.33"))).isFalse();
    }

    @Test
    void compilesForTheHostOnceAndReusesTheObject() throws Exception {
        // given
        Tools.require(Tools.rustc() != null, "rustc");
        Tools.requireReadelf();
        StatWrappers wrappers = new StatWrappers(tmp, new ProcessRunner(), new RecordingLog());

        // when
        String compiler = Tools.runOk(List.of("rustc", "-vV"));
        Path first = wrappers.build(
                Path.of("rustc"), compiler, "x86_64-unknown-linux-gnu", GlibcAbi.load("x86_64"), List.of(), tmp);
        Path second = wrappers.build(
                Path.of("rustc"), compiler, "x86_64-unknown-linux-gnu", GlibcAbi.load("x86_64"), List.of(), tmp);
        Path another = wrappers.build(
                Path.of("rustc"),
                compiler.replaceFirst("commit-hash: [0-9a-f]+", "commit-hash: 0000000000"),
                "x86_64-unknown-linux-gnu",
                GlibcAbi.load("x86_64"),
                List.of(),
                tmp);

        // then
        assertThat(second).isEqualTo(first);
        assertThat(another).as("another compiler builds its own").isNotEqualTo(first);
        String symbols = Tools.runOk(List.of("readelf", "-s", "-W", first.toString()));
        assertThat(symbols)
                .containsPattern("FUNC +GLOBAL +DEFAULT +[0-9]+ stat64\\n")
                .containsPattern("UND __xstat64\\n")
                .doesNotContain("rust_begin_unwind");
    }

    @Test
    void rustcRunsInTheCratesDirectorySoThatARustupProxyChoosesTheCratesToolchain() throws Exception {
        // given: a stand-in rustc that notes where it runs and writes the object it is asked for
        Path rustc = tmp.resolve("bin/rustc");
        Files.createDirectories(rustc.getParent());
        Files.writeString(
                rustc,
                "#!/bin/sh\npwd -P > \"$0.cwd\"\n" + "for a; do case $a in obj=*) : > \"${a#obj=}\" ;; esac; done\n");
        Files.setPosixFilePermissions(rustc, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path crate = Files.createDirectories(tmp.resolve("project/crate"));
        StatWrappers wrappers = new StatWrappers(tmp.resolve("cache"), new ProcessRunner(), new RecordingLog());

        // when
        Path object = wrappers.build(
                rustc, "rustc 1.95.0", "aarch64-unknown-linux-gnu", GlibcAbi.load("aarch64"), List.of(), crate);

        // then
        assertThat(object).exists();
        assertThat(Files.readString(Path.of(rustc + ".cwd")).strip())
                .isEqualTo(crate.toRealPath().toString());
    }
}
