package dev.rustmaven.it.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's apt handling (it/bench/lib/common.sh, toolchain.sh and debmirror.sh) against stand-ins for
 * apt-get, apt-cache, apt-config, apt-helper and dpkg (it/src/test/bench-fakes) that behave like a Debian
 * mirror in sync: an index of the security suite fails with "File has unexpected size", and apt loses
 * that suite's packages; or apt's lists of a suite disagree with its InRelease.
 */
class BenchAptTest {

    private static final String RUST_196 = "1.96.0+dfsg1-1~deb12u2";
    private static final String FAILED_INDEX =
            "http://archive.invalid/debian-security/dists/bookworm-security/main/binary-armhf/Packages.xz";

    @TempDir
    Path work;

    record Run(int status, String stdout, String stderr, List<String> calls) {}

    private Run run(String scenario, String function, Map<String, String> env)
            throws IOException, InterruptedException {
        Path root = RepositoryRoot.get();
        Path fakes = work.resolve("bin");
        Files.createDirectories(fakes);
        for (String tool : List.of("apt-get", "apt-cache", "apt-config", "apt-helper", "dpkg")) {
            Path copy = Files.copy(root.resolve("it/src/test/bench-fakes/" + tool), fakes.resolve(tool));
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path state = Files.createDirectories(work.resolve("state"));
        ProcessBuilder pb = BenchShell.process(
                List.of("toolchain.sh", "debmirror.sh"),
                "DEBMIRROR_APT_HELPER='" + fakes.resolve("apt-helper") + "'",
                "is_root() { return 0; }",
                "BENCH_TMP='" + work.resolve("tmp") + "'",
                function);
        pb.environment().put("PATH", fakes + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_STATE", state.toString());
        pb.environment().put("FAKE_SCENARIO", scenario);
        pb.environment().put("RUST_MAVEN_BENCH_APT_BACKOFF", "0 0");
        pb.environment().remove("RUST_MAVEN_BENCH_RUST_VERSION");
        pb.environment().putAll(env);
        BenchShell.Output output = BenchShell.run(pb, work);
        Path calls = state.resolve("calls");
        return new Run(
                output.status(),
                output.stdout(),
                output.stderr(),
                Files.exists(calls) ? Files.readAllLines(calls) : List.of());
    }

    private static long updates(Run run) {
        return run.calls().stream().filter(c -> c.contains(" update ")).count();
    }

    @Test
    @DisplayName(
            "an index that keeps failing: retried, then updated one architecture at a time; Rust 1.96 is found and the index named")
    void mirrorInSync() throws Exception {
        // when
        Run run = run("sync", "toolchain_resolve_version", Map.of());

        // then
        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo(RUST_196);
        assertThat(run.stderr())
                .contains("could not fetch: " + FAILED_INDEX
                        + " (File has unexpected size (141388 != 141383). Mirror sync in progress?)")
                .contains("one architecture at a time")
                .contains("still could not fetch: " + FAILED_INDEX);
        List<String> updateCalls =
                run.calls().stream().filter(c -> c.contains(" update ")).toList();
        assertThat(updateCalls).hasSize(6);
        assertThat(updateCalls.subList(0, 3)).allSatisfy(c -> assertThat(c).doesNotContain("APT::Architectures"));
        assertThat(updateCalls.subList(3, 6))
                .allSatisfy(c -> assertThat(c).contains("APT::Get::List-Cleanup=false"))
                .anySatisfy(c -> assertThat(c).contains("APT::Architectures=amd64"))
                .anySatisfy(c -> assertThat(c).contains("APT::Architectures=armhf"))
                .anySatisfy(c -> assertThat(c).contains("APT::Architectures=arm64"));
    }

    @Test
    @DisplayName("an update that fails once is retried and nothing more is done")
    void flakyOnce() throws Exception {
        // when
        Run run = run("flaky", "toolchain_resolve_version", Map.of());

        // then
        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo(RUST_196);
        assertThat(updates(run)).isEqualTo(2);
        assertThat(run.stderr()).contains("try 2 of 3").doesNotContain("one architecture at a time");
    }

    @Test
    @DisplayName("no Rust >= 1.96 in the archive: fails at once with one message, never falls back to 1.85")
    void noRecentRust() throws Exception {
        // when
        long start = System.nanoTime();
        Run run = run("stale", "toolchain_resolve_version", Map.of());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        // then
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stdout()).doesNotContain("1.85");
        assertThat(seconds).as("fails within seconds").isLessThan(30);
        List<String> errors =
                run.stderr().lines().filter(l -> l.startsWith("[bench] ERROR")).toList();
        assertThat(errors)
                .singleElement()
                .satisfies(e -> assertThat(e)
                        .contains("offers no Rust >= 1.96.0")
                        .contains("apt knows rustc-web 1.85.0+dfsg3-1~deb12u3")
                        .contains(
                                "could not fetch: http://archive.invalid/debian-security/dists/bookworm-security/main/binary-amd64/Packages.xz")
                        .contains("wait a few minutes and re-run")
                        .contains("it/bench/README.md"));
    }

    @Test
    @DisplayName("a healthy archive: one update, the newest release >= 1.96")
    void healthy() throws Exception {
        // when
        Run run = run("healthy", "toolchain_resolve_version", Map.of());

        // then
        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo(RUST_196);
        assertThat(updates(run)).isEqualTo(1);
    }

    @Test
    @DisplayName("a pinned version older than the minimum is refused by name")
    void pinnedTooOld() throws Exception {
        // when
        Run run = run(
                "healthy",
                "toolchain_resolve_version",
                Map.of("RUST_MAVEN_BENCH_RUST_VERSION", "1.85.0+dfsg3-1~deb12u3"));

        // then
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stderr())
                .contains("RUST_MAVEN_BENCH_RUST_VERSION=1.85.0+dfsg3-1~deb12u3")
                .contains("older than 1.96.0");
    }

    @Test
    @DisplayName(
            "the packages to unpack are the closure on an empty machine minus the host's C base, whatever is installed")
    void closureIgnoresInstalledPackages() throws Exception {
        // when
        Run run = run("healthy", "toolchain_packages " + RUST_196, Map.of());

        // then
        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout().lines().toList())
                .containsExactly(
                        "libgit2-1.5=1.5.1-1",
                        "libllvm22=1:22.1.8-1",
                        "libstd-rust-web-1.96=" + RUST_196,
                        "libstd-rust-web-dev=" + RUST_196,
                        "rustc-web=" + RUST_196,
                        "cargo-web=" + RUST_196,
                        "rust-web-src=" + RUST_196);
        assertThat(run.calls())
                .filteredOn(c -> c.contains(" -s "))
                .allSatisfy(c -> assertThat(c).contains("Dir::State::status="));
    }

    /** apt's lists of bookworm in FAKE_STATE/lists: an InRelease and both Packages lists; armhf's stale. */
    private Path staleLists() throws IOException, NoSuchAlgorithmException {
        Path lists = Files.createDirectories(work.resolve("state/lists"));
        String prefix = "archive.invalid_debian_dists_bookworm";
        StringBuilder inRelease =
                new StringBuilder("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nCodename: bookworm\nMD5Sum:\n");
        StringBuilder sha256 = new StringBuilder("SHA256:\n");
        for (String arch : List.of("armhf", "arm64")) {
            byte[] packages = ("Package: libc6-dev\nArchitecture: " + arch + "\nVersion: 2.36-9\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            inRelease
                    .append(" 0123456789abcdef0123456789abcdef ")
                    .append(packages.length)
                    .append(" main/binary-")
                    .append(arch)
                    .append("/Packages\n");
            sha256.append(' ')
                    .append(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(packages)))
                    .append(' ')
                    .append(packages.length)
                    .append(" main/binary-")
                    .append(arch)
                    .append("/Packages\n");
            Files.write(lists.resolve(prefix + "_main_binary-" + arch + "_Packages.lz4"), packages);
        }
        Files.writeString(lists.resolve(prefix + "_InRelease"), inRelease.append(sha256), StandardCharsets.UTF_8);
        // What the archive serves now: armhf's list as InRelease describes it. apt has an older one.
        Path fix = Files.createDirectories(work.resolve("fix"));
        Path armhf = lists.resolve(prefix + "_main_binary-armhf_Packages.lz4");
        Files.copy(armhf, fix.resolve(armhf.getFileName()));
        Files.writeString(
                armhf, "Package: libc6-dev\nArchitecture: armhf\nVersion: 2.36-8\n\n", StandardCharsets.UTF_8);
        return fix;
    }

    @Test
    @DisplayName(
            "Debian mirror: apt's Packages list disagrees with its InRelease; apt-get update, and the retry takes the fresh lists")
    void mirrorListsStaleThenFresh() throws Exception {
        // given
        Path fix = staleLists();
        Path mirror = work.resolve("mirror");

        // when
        Run run = run(
                "healthy",
                "debmirror_take_lists '" + mirror + "' && cat '" + mirror
                        + "/dists/bookworm/main/binary-armhf/Packages'",
                Map.of("FAKE_LISTS_FIX", fix.toString()));

        // then
        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("Version: 2.36-9").doesNotContain("2.36-8");
        assertThat(updates(run)).isEqualTo(1);
        assertThat(run.stderr())
                .contains("main/binary-armhf/Packages has sha256 and size")
                .contains("apt-get update and one more try");
        assertThat(mirror.resolve("dists/bookworm/InRelease")).exists();
        assertThat(mirror.resolve("dists/bookworm/main/binary-arm64/Packages")).exists();
    }

    @Test
    @DisplayName(
            "Debian mirror: apt's lists stay inconsistent after apt-get update; one error names the list and the InRelease entry")
    void mirrorListsStayStale() throws Exception {
        // given
        staleLists();

        // when
        Run run = run("healthy", "debmirror_take_lists '" + work.resolve("mirror") + "'", Map.of());

        // then
        assertThat(run.status()).isEqualTo(1);
        assertThat(updates(run)).isEqualTo(1);
        List<String> errors =
                run.stderr().lines().filter(l -> l.startsWith("[bench] ERROR")).toList();
        assertThat(errors)
                .singleElement()
                .satisfies(e -> assertThat(e)
                        .contains("still not usable after apt-get update")
                        .contains("main/binary-armhf/Packages has sha256 and size")
                        .contains("InRelease says")
                        .contains("archive.invalid_debian_dists_bookworm_main_binary-armhf_Packages.lz4"));
    }
}
