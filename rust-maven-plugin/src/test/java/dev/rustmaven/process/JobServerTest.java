package dev.rustmaven.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.system.HostSystem;
import dev.rustmaven.testing.Required;
import dev.rustmaven.toolchain.ExecutableFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobServerTest {

    @TempDir
    Path dir;

    private static JobServer jobServer(int jobs) {
        Optional<JobServer> made = JobServer.create(jobs, HostSystem.current().isWindows());
        Required.require(made.isPresent(), "named pipes (mkfifo) for the jobserver");
        return made.get();
    }

    @Test
    void cargoGetsTheJobserverInItsMakeflags() {
        JobServer jobs = jobServer(4);

        assertThat(jobs.environment())
                .containsExactly(Map.entry("CARGO_MAKEFLAGS", "-j4 --jobserver-fds=3,3 --jobserver-auth=3,3"));
        List<String> command = jobs.command(List.of("cargo", "build"));
        assertThat(command.subList(0, 3)).containsExactly("/bin/sh", "-c", "exec 3<>\"$0\" && exec \"$@\"");
        assertThat(Path.of(command.get(3))).exists();
        assertThat(command.subList(4, 6)).containsExactly("cargo", "build");
    }

    /**
     * A build script that runs make, as the cmake crate and autotools-style scripts do, with cargo's jobserver in
     * MAKEFLAGS: GNU make before 4.4 stops on a jobserver given as {@code fifo:<path>}, so it must get descriptors.
     */
    @Test
    void makeInABuildScriptJoinsTheJobserver() throws Exception {
        ExecutableFinder finder = ExecutableFinder.forHost(HostSystem.current());
        Required.require(
                finder.find("cargo").isPresent() && finder.find("make").isPresent(), "cargo and GNU make on the PATH");
        Path crate = dir.resolve("with-make");
        Files.createDirectories(crate.resolve("src"));
        Files.writeString(crate.resolve("Cargo.toml"), """
                [package]
                name = "with-make"
                version = "0.1.0"
                edition = "2021"
                """);
        Files.writeString(crate.resolve("src/lib.rs"), "pub fn f() {}\n");
        Files.writeString(crate.resolve("Makefile"), "all: a b\na:\n\t@echo made-a\nb:\n\t@echo made-b\n");
        Files.writeString(crate.resolve("build.rs"), """
                fn main() {
                    let flags = std::env::var("CARGO_MAKEFLAGS").unwrap_or_default();
                    let out = std::process::Command::new("make")
                        .arg("-C").arg(env!("CARGO_MANIFEST_DIR"))
                        .env("MAKEFLAGS", &flags)
                        .output()
                        .expect("make runs");
                    if !out.status.success() {
                        panic!("make failed with MAKEFLAGS={}: {}", flags, String::from_utf8_lossy(&out.stderr));
                    }
                }
                """);
        JobServer jobs = jobServer(2);

        ProcessBuilder builder = new ProcessBuilder(jobs.command(List.of(
                        finder.find("cargo").get().toString(),
                        "build",
                        "--offline",
                        "-q",
                        "--target-dir",
                        crate.resolve("target").toString())))
                .directory(crate.toFile())
                .redirectErrorStream(true);
        builder.environment().remove("MAKEFLAGS");
        builder.environment().putAll(jobs.environment());
        Process cargo = builder.start();
        String output = new String(cargo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(cargo.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(cargo.exitValue()).as(output).isZero();
    }

    @Test
    void aJobserverFromMakeWins() {
        assertThat(JobServer.inherited(Map.of("MAKEFLAGS", " -j8 --jobserver-auth=3,4")))
                .isTrue();
        assertThat(JobServer.inherited(Map.of("CARGO_MAKEFLAGS", "-j2 --jobserver-fds=5,6")))
                .isTrue();
        assertThat(JobServer.inherited(Map.of("MAKEFLAGS", "-k"))).isFalse();
        assertThat(JobServer.inherited(Map.of())).isFalse();
    }

    @Test
    void theFirstCargoRunsOnTheImplicitTokenAndEachFurtherOneHoldsATokenOfThePipe() throws Exception {
        // given: 3 jobs, so 2 tokens in the pipe
        JobServer jobs = jobServer(3);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            // when
            JobServer.Place first = jobs.join();
            JobServer.Place second = jobs.join();
            JobServer.Place third = jobs.join();
            Future<JobServer.Place> fourth = executor.submit(jobs::join);

            // then: the pipe is empty, the fourth waits until a place is given back
            assertThat(first.holdsToken()).isFalse();
            assertThat(second.holdsToken()).isTrue();
            assertThat(third.holdsToken()).isTrue();
            assertThat(waitsFor(fourth)).isTrue();
            first.close(); // the implicit token goes into the pipe for the one waiting
            JobServer.Place last = fourth.get(30, TimeUnit.SECONDS);
            assertThat(last.holdsToken()).isTrue();
            second.close();
            third.close();
            last.close(); // nobody waits: the lent implicit token is the implicit one again
            JobServer.Place again = jobs.join();
            assertThat(again.holdsToken()).isFalse();
            // and the pipe holds its 2 tokens again, no more
            JobServer.Place a = jobs.join();
            JobServer.Place b = jobs.join();
            Future<JobServer.Place> c = executor.submit(jobs::join);
            assertThat(waitsFor(c)).isTrue();
            again.close();
            c.get(30, TimeUnit.SECONDS).close();
            a.close();
            b.close();
        } finally {
            executor.shutdownNow();
        }
    }

    /** Whether {@code future} is still waiting after a while (it must not finish). */
    private static boolean waitsFor(Future<?> future) throws Exception {
        try {
            future.get(300, TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException e) {
            return true;
        }
    }

    /**
     * Two real cargo builds at once, each with four build scripts that take a second: on their own (each
     * {@code -j 2}) they run up to four at a time; sharing a jobserver of 2 jobs, never more than two.
     */
    @Test
    void twoCargosSharingAJobserverRunNoMoreJobsTogetherThanItHas() throws Exception {
        Required.require(
                ExecutableFinder.forHost(HostSystem.current()).find("cargo").isPresent(),
                "cargo on the PATH or in ~/.cargo/bin");
        Path cargo =
                ExecutableFinder.forHost(HostSystem.current()).find("cargo").orElseThrow();
        Path log = dir.resolve("jobs.log");
        List<Path> workspaces = List.of(workspace("a", log), workspace("b", log));

        int alone = maxAtOnce(runTogether(cargo, workspaces, Optional.empty(), "alone"), log);
        Files.delete(log);
        JobServer shared = jobServer(2);
        int sharing = maxAtOnce(runTogether(cargo, workspaces, Optional.of(shared), "sharing"), log);

        assertThat(alone).as("build scripts at once without a shared jobserver").isGreaterThan(2);
        assertThat(sharing)
                .as("build scripts at once with a shared jobserver of 2 jobs")
                .isBetween(1, 2);
    }

    private Path workspace(String name, Path log) throws Exception {
        Path root = dir.resolve(name);
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            Path crate = root.resolve("c" + i);
            Files.createDirectories(crate.resolve("src"));
            Files.writeString(crate.resolve("Cargo.toml"), """
                    [package]
                    name = "%s%d"
                    version = "0.1.0"
                    edition = "2021"
                    """.formatted(name, i));
            Files.writeString(crate.resolve("src/lib.rs"), "pub fn f() {}\n");
            Files.writeString(crate.resolve("build.rs"), """
                    use std::io::Write;
                    fn now() -> u128 {
                        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis()
                    }
                    fn main() {
                        let start = now();
                        std::thread::sleep(std::time::Duration::from_millis(1000));
                        let mut log = std::fs::OpenOptions::new().append(true).create(true)
                            .open(env!("JOBS_LOG")).unwrap();
                        // one write of the whole line: writeln! may write it in pieces, which the other
                        // build scripts' lines can come between even with O_APPEND
                        log.write_all(format!("{} {}\n", start, now()).as_bytes()).unwrap();
                    }
                    """.replace(
                            "env!(\"JOBS_LOG\")", "\"" + log.toString().replace("\\", "\\\\") + "\""));
            members.append("\"c").append(i).append("\", ");
        }
        Files.writeString(root.resolve("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [" + members + "]\n");
        return root;
    }

    private List<Integer> runTogether(Path cargo, List<Path> workspaces, Optional<JobServer> jobs, String targetDir)
            throws Exception {
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (Path ws : workspaces) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    List<String> command = List.of(
                            cargo.toString(),
                            "build",
                            "--offline",
                            "-q",
                            "-j",
                            "2",
                            "--target-dir",
                            ws.resolve(targetDir).toString());
                    ProcessBuilder builder = new ProcessBuilder(
                                    jobs.map(j -> j.command(command)).orElse(command))
                            .directory(ws.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ws.resolve(targetDir + ".out").toFile());
                    builder.environment().remove("MAKEFLAGS");
                    builder.environment().remove("CARGO_MAKEFLAGS");
                    jobs.ifPresent(j -> builder.environment().putAll(j.environment()));
                    if (jobs.isEmpty()) {
                        return builder.start().waitFor();
                    }
                    JobServer.Place place = jobs.get().join();
                    try {
                        return builder.start().waitFor();
                    } finally {
                        place.close();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Integer> exits = new ArrayList<>();
        for (CompletableFuture<Integer> run : runs) {
            exits.add(run.get(10, TimeUnit.MINUTES));
        }
        for (Path ws : workspaces) {
            assertThat(exits)
                    .as("cargo exit codes; output: " + Files.readString(ws.resolve(targetDir + ".out")))
                    .containsOnly(0);
        }
        return exits;
    }

    /** The most build scripts that ran at the same time, from their start and end times. */
    private static int maxAtOnce(List<Integer> exits, Path log) throws Exception {
        List<long[]> events = new ArrayList<>();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(8);
        for (String line : lines) {
            String[] parts = line.trim().split(" ");
            events.add(new long[] {Long.parseLong(parts[0]), 1});
            events.add(new long[] {Long.parseLong(parts[1]), -1});
        }
        events.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        int running = 0;
        int most = 0;
        for (long[] e : events) {
            running += (int) e[1];
            most = Math.max(most, running);
        }
        return most;
    }
}
