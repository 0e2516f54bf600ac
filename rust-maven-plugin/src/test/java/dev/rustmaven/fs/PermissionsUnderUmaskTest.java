package dev.rustmaven.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.testing.Required;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the plugin writes to its cache and work directories (published files and trees, extracted archives,
 * downloads, launchers, the rustc shim) is never group- or world-writable, even under {@code umask 000}, and
 * temporary files are the owner's only from the moment they exist. A JVM's umask cannot be changed, so
 * {@link UmaskProbe} runs in a child JVM started by a shell that set it.
 */
class PermissionsUnderUmaskTest {

    @TempDir
    Path dir;

    @Test
    void nothingTheCacheAndWorkDirectoriesHoldIsWritableByOthersUnderUmask000() throws Exception {
        // given
        Required.require(Files.isExecutable(Path.of("/bin/sh")), "a POSIX sh at /bin/sh");
        String java = ProcessHandle.current().info().command().orElseThrow();

        // when: the shell passes java, the class path and the directory as positional parameters, unquoted nowhere
        Process probe = new ProcessBuilder(
                        "/bin/sh",
                        "-c",
                        "umask 000 && exec \"$0\" -cp \"$1\" dev.rustmaven.fs.UmaskProbe \"$2\"",
                        java,
                        System.getProperty("java.class.path"),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(120, TimeUnit.SECONDS)).isTrue();

        // then
        assertThat(probe.exitValue()).as(out).isZero();
        assertThat(out.lines()).contains("temporary rw-------", "done");
        // the installers' own directories and lock files are part of what is walked below
        assertThat(dir.resolve("cache/toolchains/1.95.0-59807616e-x86_64-unknown-linux-gnu/bin/rustc"))
                .isExecutable();
        assertThat(dir.resolve("cache/rust-std")).isDirectory();
        assertThat(dir.resolve("cache/locks"))
                .isDirectoryContaining(p -> p.toString().endsWith(".lock"));
        List<String> writableByOthers;
        try (Stream<Path> all = Files.walk(dir)) {
            writableByOthers = all.filter(p -> !Files.isSymbolicLink(p))
                    .filter(p -> {
                        try {
                            var permissions = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                            return !p.equals(dir)
                                    && (permissions.contains(PosixFilePermission.GROUP_WRITE)
                                            || permissions.contains(PosixFilePermission.OTHERS_WRITE));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(p -> dir.relativize(p) + " " + permissionsOf(p))
                    .toList();
        }
        assertThat(writableByOthers).isEmpty();
        assertThat(dir.resolve("cache/extracted/pkg/bin/tool")).isExecutable();
        assertThat(permissionsOf(dir.resolve("cache/extracted/pkg/bin/tool"))).isEqualTo("rwxr-xr-x");
        assertThat(permissionsOf(dir.resolve("work/bin/rust-maven-linker-aarch64-unknown-linux-gnu")))
                .isEqualTo("rwxr-xr-x");
        assertThat(permissionsOf(dir.resolve("cache/downloads/file.bin"))).isEqualTo("rw-------");
    }

    private static String permissionsOf(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
