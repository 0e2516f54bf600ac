package dev.rustmaven.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposedSysrootTest {

    @TempDir
    Path dir;

    @Test
    void holdsTheHostLibrariesOfTheRealSysrootAndTheFetchedTarget() throws Exception {
        // given
        Path real = Files.createDirectories(dir.resolve("real/lib/rustlib/x86_64-unknown-linux-gnu/lib"));
        Files.writeString(real.resolve("libstd-host.rlib"), "host");
        Path fetched = Files.createDirectories(dir.resolve("cache/lib/rustlib/armv7-unknown-linux-gnueabihf/lib"));
        Files.writeString(fetched.resolve("libstd-arm.rlib"), "arm");

        // when
        Path sysroot = ComposedSysroot.compose(
                dir.resolve("out/sysroot"),
                dir.resolve("real"),
                "x86_64-unknown-linux-gnu",
                fetched.getParent(),
                "armv7-unknown-linux-gnueabihf");

        // then
        assertThat(sysroot.resolve("lib/rustlib/x86_64-unknown-linux-gnu/lib/libstd-host.rlib"))
                .hasContent("host");
        assertThat(sysroot.resolve("lib/rustlib/armv7-unknown-linux-gnueabihf/lib/libstd-arm.rlib"))
                .hasContent("arm");
        assertThat(dir.resolve("out"))
                .isDirectoryNotContaining(p -> !p.getFileName().toString().equals("sysroot"));
    }

    @Test
    void isReusedWhenUnchangedAndReplacedWhenTheTargetMoves() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real/lib/rustlib/h/lib"));
        Path a = Files.createDirectories(dir.resolve("a/lib/rustlib/t"));
        Path b = Files.createDirectories(dir.resolve("b/lib/rustlib/t"));
        Files.writeString(Files.createDirectories(b.resolve("lib")).resolve("new.rlib"), "b");
        Path out = dir.resolve("sysroot");

        ComposedSysroot.compose(out, dir.resolve("real"), "h", a, "t");
        long firstModified = Files.getLastModifiedTime(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                .toMillis();
        ComposedSysroot.compose(out, dir.resolve("real"), "h", a, "t");
        assertThat(Files.getLastModifiedTime(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        .toMillis())
                .isEqualTo(firstModified);

        ComposedSysroot.compose(out, dir.resolve("real"), "h", b, "t");
        assertThat(out.resolve("lib/rustlib/t/lib/new.rlib")).hasContent("b");
        assertThat(real).exists();
    }
}
