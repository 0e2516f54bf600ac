package dev.rustmaven.glibc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.triple.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links an armhf shared object against generated arm stubs at floor 2.28 with rust-lld. The object comes
 * from a {@code #![no_core]} crate, which only a nightly rustc compiles without the target's rust-std.
 */
class ArmStubLinkTest {

    private static final String TRIPLE = "armv7-unknown-linux-gnueabihf";

    @TempDir
    Path tmp;

    @Test
    void linksAnArmSharedObjectThatNeedsLibpthreadAndNoVersionAboveTheFloor() throws Exception {
        // given
        Tools.requireReadelf();
        Path lld = Tools.rustLld();
        Tools.require(Tools.run(List.of("rustc", "+nightly", "-V")).exit() == 0, "a nightly rustc (rustup toolchain)");
        Path src = tmp.resolve("calls.rs");
        Files.writeString(src, """
                #![feature(no_core, lang_items)]
                #![allow(internal_features)]
                #![no_core]
                #[lang = "pointee_sized"] pub trait PointeeSized {}
                #[lang = "meta_sized"] pub trait MetaSized: PointeeSized {}
                #[lang = "sized"] pub trait Sized: MetaSized {}
                #[lang = "copy"] pub trait Copy {}
                extern "C" { fn memcpy(); fn pthread_create(); fn reallocarray(); fn __tls_get_addr(); }
                #[no_mangle]
                pub unsafe extern "C" fn entry() { memcpy(); pthread_create(); reallocarray(); __tls_get_addr(); }
                """);
        Path obj = tmp.resolve("calls.o");
        Tools.Run compiled = Tools.run(List.of(
                "rustc",
                "+nightly",
                "--crate-type",
                "lib",
                "--target",
                TRIPLE,
                "-C",
                "panic=abort",
                "-O",
                "--emit",
                "obj=" + obj,
                src.toString()));
        Tools.require(
                compiled.exit() == 0,
                "a nightly rustc whose no_core lang items match this test ("
                        + compiled.out().lines().findFirst().orElse("") + ")");
        GlibcStubs.StubSet stubs = new GlibcStubs(tmp.resolve("cache"), new RecordingLog())
                .stubs(Target.parse(TRIPLE), GlibcVersion.parse("2.28"));
        Path out = tmp.resolve("libcalls.so");

        // when
        Tools.Run linked = Tools.run(List.of(
                lld.toString(),
                "-flavor",
                "gnu",
                "-m",
                "armelf_linux_eabi",
                "-shared",
                "-z",
                "defs",
                "--as-needed",
                "-o",
                out.toString(),
                obj.toString(),
                "-L",
                stubs.directory().toString(),
                "-lpthread",
                "-lc",
                stubs.loader().toString()));

        // then
        assertThat(linked.exit()).as(linked.out()).isZero();
        String dynamic = Tools.runOk(List.of("readelf", "-h", "-d", out.toString()));
        assertThat(dynamic)
                .contains("[libpthread.so.0]")
                .contains("[libc.so.6]")
                .contains("[ld-linux-armhf.so.3]")
                .contains("hard-float ABI");
        assertThat(Tools.neededVersions(out))
                .containsExactlyInAnyOrder("GLIBC_2.4", "GLIBC_2.26", "GLIBC_2.4", "GLIBC_2.4");
    }
}
