package dev.rustmaven.it.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's paths (bench_init_paths in it/bench/lib/common.sh) are canonical however RUST_MAVEN_BENCH is
 * written, and the toolchain step (it/bench/lib/toolchain.sh) builds, verifies and rebuilds with such a path. The
 * Debian packages are stood in for by a tree laid out like theirs, whose rustc prints its canonical sysroot as the
 * real one does; nothing is downloaded.
 */
class BenchPathsTest {

    @TempDir
    Path temp;

    /** Stand-ins for the apt steps: "unpacking" writes a tree laid out like Debian's rustc-web packages. */
    private static final String FAKE_PACKAGES = String.join(
            "\n",
            "apt_update_once() { :; }",
            "toolchain_resolve_version() { printf '1.96.0+dfsg1-1~deb12u2'; }",
            "toolchain_packages() { local p; for p in $TOOLCHAIN_PACKAGES; do printf '%s=%s\\n' \"$p\" \"$1\"; done; }",
            "apt_download() { :; }",
            "extract_debs() {",
            "  local d=$2",
            "  mkdir -p \"$d/usr/bin\" \"$d/usr/lib/rustlib/x86_64-unknown-linux-gnu/lib\" \"$d/usr/lib/rustlib/src\"",
            "  mkdir -p \"$d/usr/src/rustc-1.96.0/library/vendor/libc\" \"$d/usr/src/rustc-1.96.0/compiler\"",
            "  : > \"$d/usr/src/rustc-1.96.0/library/Cargo.lock\"",
            "  : > \"$d/usr/src/rustc-1.96.0/library/vendor/libc/.cargo-checksum.json\"",
            "  : > \"$d/usr/lib/rustlib/x86_64-unknown-linux-gnu/lib/libstd-0123.rlib\"",
            "  ln -s ${FAKE_SRC_LINK:-../../../src/rustc-1.96.0} \"$d/usr/lib/rustlib/src/rust\"",
            // rustc finds its sysroot from where its library really is: a canonical path.
            "  cat > \"$d/usr/bin/rustc\" <<'RUSTC'",
            "#!/bin/sh",
            "case \"$*\" in",
            "  -vV) printf 'rustc 1.96.0\\nbinary: rustc\\ncommit-hash: 0123abcd\\ncommit-date: 2026-05-01\\n"
                    + "host: x86_64-unknown-linux-gnu\\nrelease: 1.96.0\\n' ;;",
            "  '--print sysroot') cd \"$(dirname \"$(readlink -f \"$0\")\")/..\" && pwd -P ;;",
            "  *) exit 1 ;;",
            "esac",
            "RUSTC",
            "  printf '#!/bin/sh\\necho \"cargo 1.96.0 (deb)\"\\n' > \"$d/usr/bin/cargo\"",
            "  printf '#!/bin/sh\\nexit 0\\n' > \"$d/usr/bin/rustdoc\"",
            "  chmod 755 \"$d/usr/bin/rustc\" \"$d/usr/bin/cargo\" \"$d/usr/bin/rustdoc\"",
            "}");

    private BenchShell.Output run(String bench, String commands) throws IOException, InterruptedException {
        return run(bench, commands, "");
    }

    private BenchShell.Output run(String bench, String commands, String srcLink)
            throws IOException, InterruptedException {
        ProcessBuilder pb = BenchShell.process(
                List.of("toolchain.sh"), FAKE_PACKAGES, "bench_init_paths", "mkdir -p \"$BENCH_TMP\"", commands);
        pb.directory(temp.toFile());
        pb.environment().put("RUST_MAVEN_BENCH", bench);
        pb.environment().remove("RUST_MAVEN_BENCH_RUST_VERSION");
        if (!srcLink.isEmpty()) {
            pb.environment().put("FAKE_SRC_LINK", srcLink);
        }
        return BenchShell.run(pb, temp);
    }

    @Test
    @DisplayName(
            "RUST_MAVEN_BENCH with a trailing slash, doubled slashes, a symbolic link or relative: one canonical path")
    void benchPathsAreCanonical() throws Exception {
        // given
        Path real = temp.toRealPath();
        Files.createDirectories(real.resolve("real"));
        Files.createSymbolicLink(real.resolve("link"), real.resolve("real"));
        String print = "printf '%s\\n' \"$BENCH_ROOT\" \"$TOOLCHAIN_DIR\"";

        // when / then
        for (List<String> given : List.of(
                List.of(real + "/bench/", real + "/bench"),
                List.of(real + "//bench//", real + "/bench"),
                List.of(real + "/link/", real + "/real"),
                List.of("relative//bench/", real + "/relative/bench"))) {
            BenchShell.Output run = run(given.get(0), print);
            assertThat(run.status()).as(run.stderr()).isZero();
            assertThat(run.stdout().lines().toList())
                    .as("RUST_MAVEN_BENCH=" + given.get(0))
                    .containsExactly(given.get(1), given.get(1) + "/toolchain");
        }
    }

    @Test
    @DisplayName("the toolchain step builds, verifies and rebuilds over its old tree with RUST_MAVEN_BENCH ending in /")
    void toolchainBuildsAndRebuildsWithATrailingSlash() throws Exception {
        // given
        String bench = temp + "/bench/";
        String buildAndVerify = "toolchain_build && toolchain_verify && echo verified";

        // when
        BenchShell.Output first = run(bench, buildAndVerify);
        BenchShell.Output again = run(bench, "echo more > \"$TOOLCHAIN_DIR/old-file\"\n" + buildAndVerify);

        // then
        assertThat(first.status()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("verified");
        assertThat(again.status()).as(again.stderr()).isZero();
        assertThat(again.stdout()).contains("verified");
        Path toolchain = temp.resolve("bench/toolchain");
        assertThat(toolchain.resolve("old-file")).doesNotExist();
        assertThat(toolchain.resolve("usr/src/rustc-1.96.0/compiler")).doesNotExist();
        assertThat(toolchain.resolve("DEBIAN-VERSION")).hasContent("1.96.0+dfsg1-1~deb12u2");
    }

    @Test
    @DisplayName("the toolchain step through a symbolic link to the bench verifies (rustc prints the real sysroot)")
    void toolchainThroughASymbolicLink() throws Exception {
        // given
        Files.createDirectories(temp.resolve("real"));
        Files.createSymbolicLink(temp.resolve("link"), temp.resolve("real"));

        // when
        BenchShell.Output run = run(temp + "/link", "toolchain_build && toolchain_verify && echo verified");

        // then
        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("verified");
    }

    @Test
    @DisplayName("rust-web-src whose sources lie outside the unpacked tree: the build stops and says what to do")
    void sourcesOutsideTheTree() throws Exception {
        // when
        BenchShell.Output run = run(temp + "/bench/", "toolchain_build", "/usr/src/rustc-1.96.0");

        // then
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stderr())
                .contains("rust-web-src did not unpack to usr/lib/rustlib/src/rust under "
                        + temp.toRealPath().resolve("bench/toolchain.new"))
                .contains("it leads to /usr/src/rustc-1.96.0")
                .contains("re-run");
    }
}
