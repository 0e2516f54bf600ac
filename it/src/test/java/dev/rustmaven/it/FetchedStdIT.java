package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.installed;
import static dev.rustmaven.it.ItSupport.maven;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.elf.ArArchive;
import dev.rustmaven.elf.ElfHeader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Targets the compiler has no rust-std for: the plugin fetches it from a dist-server mirror served on
 * 127.0.0.1, verifies and caches it, and builds against it; offline builds reuse the cache.
 */
class FetchedStdIT {

    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    private static final String AARCH64 = "aarch64-unknown-linux-gnu";

    @RegisterExtension
    static final DistMirror server = new DistMirror();

    @BeforeAll
    static void requireCrates() {
        Bench.requireDebianCrates();
    }

    private static long requestsFor(String suffix) {
        return server.requests().stream().filter(r -> r.endsWith(suffix)).count();
    }

    @Test
    void staticLibraryWithRealDependenciesForTwoPiTargetsThenOfflineFromTheCache() throws Exception {
        // given
        Path project = ItSupport.project("staticlib-deps");
        Path cache = ItSupport.work().resolve("cache-fetched-std");
        ItSupport.deleteRecursively(cache);
        String[] props = Bench.buildProperties(server.url(), cache, "rust.targets=" + ARMV7 + "," + AARCH64);

        // when
        ItSupport.MavenResult online =
                maven(project, List.of("clean", "install"), props).assertSuccess();

        // then: each std came from the mirror once, and the archives hold ARM and AArch64 objects
        assertThat(requestsFor(Bench.stdTarball(ARMV7))).isEqualTo(1);
        assertThat(requestsFor(Bench.stdTarball(AARCH64))).isEqualTo(1);
        assertThat(online.log())
                .contains("Using rust-std for " + ARMV7 + " from " + cache)
                .contains("Compiling regex")
                .contains("Building staticlib-deps for " + ARMV7 + ", " + AARCH64 + " (release) with one cargo")
                .contains("[" + ARMV7 + " " + AARCH64 + "]");
        Path armLib = installed("dev.rustmaven.it", "staticlib-deps", "1.0", ARMV7, "a");
        Path aarch64Lib = installed("dev.rustmaven.it", "staticlib-deps", "1.0", AARCH64, "a");
        assertThat(ArArchive.read(armLib).elfMembers())
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.header().machine()).isEqualTo(ElfHeader.EM_ARM));
        assertThat(ArArchive.read(aarch64Lib).elfMembers())
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.header().machine()).isEqualTo(ElfHeader.EM_AARCH64));

        // when: the same build offline, after a clean
        int requestsBefore = server.requests().size();
        ItSupport.MavenResult offline =
                maven(project, List.of("clean", "install"), true, props).assertSuccess();

        // then: nothing was asked of the server
        assertThat(server.requests()).hasSize(requestsBefore);
        assertThat(offline.log()).contains("Using rust-std for " + ARMV7 + " from " + cache);
    }

    @Test
    void twoBuildsAtOnceDownloadOnceAndBothSucceed() throws Exception {
        Path cache = ItSupport.work().resolve("cache-concurrent");
        ItSupport.deleteRecursively(cache);
        Path first = ItSupport.projectAs("staticlib-deps", "staticlib-deps-a");
        Path second = ItSupport.projectAs("staticlib-deps", "staticlib-deps-b");
        String[] props = Bench.buildProperties(server.url(), cache, "rust.targets=" + AARCH64);
        long before = requestsFor(Bench.stdTarball(AARCH64));

        CompletableFuture<ItSupport.MavenResult> a = CompletableFuture.supplyAsync(() -> build(first, props));
        CompletableFuture<ItSupport.MavenResult> b = CompletableFuture.supplyAsync(() -> build(second, props));

        a.get().assertSuccess();
        b.get().assertSuccess();
        assertThat(requestsFor(Bench.stdTarball(AARCH64)) - before).isEqualTo(1);
    }

    private static ItSupport.MavenResult build(Path project, String[] props) {
        try {
            return maven(project, List.of("package"), props);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void offlineWithoutTheStdInTheCacheSaysHowToFetchItAndFetchGoalFixesIt() throws Exception {
        Path project = ItSupport.projectAs("staticlib-deps", "staticlib-deps-offline");
        Path cache = ItSupport.work().resolve("cache-offline");
        ItSupport.deleteRecursively(cache);
        String[] props = Bench.buildProperties(server.url(), cache, "rust.targets=" + ARMV7);

        ItSupport.MavenResult failed =
                maven(project, List.of("package"), true, props).assertFailure();
        assertThat(failed.log()).contains(ARMV7).contains("offline").contains("rust:fetch");

        ItSupport.MavenResult fetched =
                maven(project, List.of(ItSupport.fetchGoal()), props).assertSuccess();
        assertThat(fetched.log()).contains(ARMV7 + ": rust-std in " + cache);

        maven(project, List.of("package"), true, props).assertSuccess();
    }

    @Test
    void aTargetTheServerListsAsUnavailableFailsClearly() throws Exception {
        String unavailable = Bench.get("dist.unavailableTargets").split(",")[0];
        Path project = ItSupport.projectAs("staticlib-deps", "staticlib-deps-unavailable");
        String[] props = Bench.buildProperties(
                server.url(), ItSupport.work().resolve("cache-unavailable"), "rust.targets=" + unavailable);

        ItSupport.MavenResult result = maven(project, List.of("package"), props).assertFailure();

        assertThat(result.log())
                .contains("Could not provide rust-std for " + unavailable)
                .contains("available");
    }
}
