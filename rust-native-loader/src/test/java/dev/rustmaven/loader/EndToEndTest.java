package dev.rustmaven.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.FakeHost;
import dev.rustmaven.loader.platform.HostRequirement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a real JNI cdylib for the host with cargo, packages it as rust-maven-plugin does, and
 * loads it through {@link NativeLoader} from a jar on a {@link URLClassLoader}.
 */
class EndToEndTest {

    private static final String LIB_RS = ""
            + "use std::ffi::c_void;\n"
            + "\n"
            + "#[no_mangle]\n"
            + "pub extern \"system\" fn Java_dev_rustmaven_loader_JniAdder_add(\n"
            + "    _env: *mut c_void, _class: *mut c_void, a: i32, b: i32) -> i32 {\n"
            + "    a.wrapping_add(b)\n"
            + "}\n";

    private static final String CARGO_TOML = ""
            + "[package]\nname = \"jni-adder\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n"
            + "[lib]\nname = \"adder\"\ncrate-type = [\"cdylib\"]\npath = \"src/lib.rs\"\n";

    static String hostTriple;
    static byte[] library;

    @TempDir
    Path temp;

    @BeforeAll
    static void buildTheLibrary() throws Exception {
        String version = run(Paths.get("."), "rustc", "-vV");
        HostRequirement.require(
                version != null && version.contains("host: "), "rustc is not on PATH: cannot build a JNI test library");
        hostTriple = version.substring(version.indexOf("host: ") + 6).split("\\s")[0];
        HostRequirement.require(
                TargetTriples.candidates(NativeLoader.platform()).contains(hostTriple),
                "rustc's host " + hostTriple + " is not a candidate of " + NativeLoader.platform());
        // under target/ so that repeated runs reuse cargo's build
        Path crate = Paths.get("target", "jni-adder").toAbsolutePath();
        Files.createDirectories(crate.resolve("src"));
        Files.write(crate.resolve("Cargo.toml"), CARGO_TOML.getBytes(StandardCharsets.UTF_8));
        Files.write(crate.resolve("src/lib.rs"), LIB_RS.getBytes(StandardCharsets.UTF_8));
        String output = run(crate, "cargo", "build", "--release", "--offline", "--quiet");
        HostRequirement.require(output != null, "cargo is not on PATH: cannot build a JNI test library");
        Path so = crate.resolve("target/release/" + TargetTriples.libraryFileName(hostTriple, "adder"));
        assertThat(so).as("cargo output:\n" + output).isRegularFile();
        library = Files.readAllBytes(so);
    }

    private Path jar() throws Exception {
        String path = NativeResources.libraryPath(hostTriple, TargetTriples.libraryFileName(hostTriple, "adder"));
        byte[] adderClass = readAll(JniAdder.class.getResourceAsStream("JniAdder.class"));
        return new TestJars()
                .entry(path, library)
                .properties(
                        path,
                        hostTriple,
                        hostTriple.endsWith("-gnu") ? "2.17" : "",
                        TestJars.sha(library),
                        library.length)
                .entry("dev/rustmaven/loader/JniAdder.class", adderClass)
                .writeJar(temp.resolve("adder-natives.jar"));
    }

    @Test
    void loadsTheRustLibraryFromAJarAndCallsIt() throws Exception {
        // given
        Path jar = jar();
        Path cache = temp.resolve("cache");

        // when
        LoadedLibrary loaded;
        try (URLClassLoader loader = TestJars.loaderOf(jar)) {
            loaded = NativeLoader.load(
                    "adder",
                    LoadOptions.builder()
                            .classLoader(loader)
                            .cacheDirectory(cache)
                            .build());
        }

        // then
        assertThat(JniAdder.add(2, 40)).isEqualTo(42);
        assertThat(JniAdder.add(Integer.MAX_VALUE, 1)).isEqualTo(Integer.MIN_VALUE);
        assertThat(loaded.triple()).isEqualTo(hostTriple);
        assertThat(loaded.file()).isEqualTo(cache.resolve(TestJars.sha(library)).resolve("libadder.so"));
    }

    @Test
    void twoJvmsLoadFromTheSameEmptyCacheAtOnce() throws Exception {
        // given
        Path jar = jar();
        Path cache = temp.resolve("shared-cache");

        // when
        List<Process> jvms = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            jvms.add(childJvm("plain", jar, cache));
        }

        // then: the file lock lets one of them extract, the other reuses its copy
        int extracted = 0;
        for (Process p : jvms) {
            String out = output(p);
            assertThat(out).contains("sum 42");
            extracted += count(out, "extracted to the cache");
        }
        assertThat(extracted).isEqualTo(1);
        assertThat(cache.resolve(TestJars.sha(library)).resolve("libadder.so")).isRegularFile();
        assertThat(temporaries(cache)).isEmpty();
    }

    @Test
    void thirtyTwoThreadsLoadAtOnceWithOneExtraction() throws Exception {
        // given: each thread has its own class loader, so each one really runs a load
        Path jar = jar();
        Path cache = temp.resolve("threads-cache");
        int threads = 32;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<LoadedLibrary>> results = new ArrayList<>();

        // when
        List<LoadedLibrary> loaded = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    try (URLClassLoader loader = TestJars.loaderOf(jar)) {
                        start.await();
                        return NativeLoader.load(
                                "adder",
                                LoadOptions.builder()
                                        .classLoader(loader)
                                        .cacheDirectory(cache)
                                        .build());
                    }
                }));
            }
            for (Future<LoadedLibrary> f : results) {
                loaded.add(f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        Path file = cache.resolve(TestJars.sha(library)).resolve("libadder.so");
        assertThat(loaded).extracting(LoadedLibrary::file).containsOnly(file);
        assertThat(loaded)
                .filteredOn(l -> l.explanation().contains("extracted to the cache"))
                .hasSize(1);
        assertThat(JniAdder.add(40, 2)).isEqualTo(42);
        assertThat(temporaries(cache)).isEmpty();
    }

    @Test
    void aHundredSuccessiveLoadsInOneJvmExtractOnce() throws Exception {
        // given
        Path jar = jar();
        Path cache = temp.resolve("successive-cache");

        // when
        int extracted = 0;
        int reused = 0;
        for (int i = 0; i < 100; i++) {
            try (URLClassLoader loader = TestJars.loaderOf(jar)) {
                LoadedLibrary loaded = NativeLoader.load(
                        "adder",
                        LoadOptions.builder()
                                .classLoader(loader)
                                .cacheDirectory(cache)
                                .build());
                extracted += count(loaded.explanation(), "extracted to the cache");
                reused += count(loaded.explanation(), "reused the verified copy in the cache");
            }
        }

        // then
        assertThat(extracted).isEqualTo(1);
        assertThat(reused).isEqualTo(99);
        assertThat(JniAdder.add(1, 2)).isEqualTo(3);
        assertThat(temporaries(cache)).isEmpty();
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("libadder.so", ".libadder.so.lock");
        }
    }

    @Test
    void aRealNoexecMountIsSeenInMountinfoAndNotUsed() throws Exception {
        // given: the real mount table, the first cache directory on a real noexec tmpfs
        Path noexec = mountNoexec();
        Path exec = temp.resolve("exec-cache");
        try {
            FakeHost host = new FakeHost()
                    .file("/proc/self/mountinfo", Files.readAllBytes(Paths.get("/proc/self/mountinfo")))
                    .property("dev.rustmaven.loader.cacheDir", exec.toString());

            // when
            LoadedLibrary loaded;
            try (URLClassLoader loader = TestJars.loaderOf(jar())) {
                loaded = NativeLoader.load("adder", options(loader, host, noexec.resolve("cache")));
            }

            // then
            assertThat(loaded.file()).startsWith(exec);
            assertThat(loaded.explanation())
                    .contains("1. skipped " + hostTriple + " [" + noexec.resolve("cache")
                            + "]: cache directory skipped: on a file system mounted noexec (mount point "
                            + noexec.toRealPath() + ", per /proc/self/mountinfo)");
            try (Stream<Path> files = Files.list(noexec)) {
                assertThat(files).isEmpty();
            }
        } finally {
            unmount(noexec);
        }
    }

    @Test
    void aNoexecMountTheTableDidNotShowFailsToMapAndTheNextDirectoryIsUsed() throws Exception {
        // given: a real noexec tmpfs, but no mount table to warn about it: System.load itself fails
        Path noexec = mountNoexec();
        Path exec = temp.resolve("exec-cache");
        try {
            FakeHost host = new FakeHost().property("dev.rustmaven.loader.cacheDir", exec.toString());

            // when
            LoadedLibrary loaded;
            try (URLClassLoader loader = TestJars.loaderOf(jar())) {
                loaded = NativeLoader.load("adder", options(loader, host, noexec.resolve("cache")));
            }

            // then
            Path refused =
                    noexec.resolve("cache").resolve(TestJars.sha(library)).resolve("libadder.so");
            assertThat(loaded.file()).startsWith(exec);
            assertThat(JniAdder.add(2, 3)).isEqualTo(5);
            assertThat(loaded.explanation())
                    .contains("1. skipped " + hostTriple + " [" + refused
                            + "]: load failed, the directory looks noexec: ")
                    .contains("failed to map segment from shared object")
                    .contains("2. taken " + hostTriple + " [")
                    .contains("]: extracted to the cache, " + loaded.file());
        } finally {
            unmount(noexec);
        }
    }

    private LoadOptions options(URLClassLoader loader, FakeHost host, Path cache) {
        return LoadOptions.builder()
                .classLoader(loader)
                .host(host)
                .platform(NativeLoader.platform())
                .cacheDirectory(cache)
                .build();
    }

    /** A fresh tmpfs mounted noexec; needs root (or CAP_SYS_ADMIN): skipped loudly without, a failure on CI. */
    private Path mountNoexec() throws Exception {
        Path point = Files.createDirectories(temp.resolve("noexec-mount"));
        Process p;
        try {
            p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "noexec,size=64m", "tmpfs", point.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            p = null;
        }
        String out =
                p == null ? "mount is not installed" : new String(readAll(p.getInputStream()), StandardCharsets.UTF_8);
        boolean mounted = p != null && p.waitFor() == 0;
        HostRequirement.require(
                mounted,
                "the noexec cache directory case was NOT exercised on a real mount: mount -t tmpfs -o noexec failed"
                        + " (needs root): " + out.trim());
        return point;
    }

    /**
     * Detaches the mount lazily: after "failed to map segment" glibc keeps a read-only mapping of the
     * refused copy in this JVM, which keeps the file system busy until the JVM exits.
     */
    private static void unmount(Path point) throws Exception {
        Process p = new ProcessBuilder("umount", "-l", point.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(readAll(p.getInputStream()), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("umount " + point + ": " + out).isZero();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static List<Path> temporaries(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                    .collect(Collectors.toList());
        }
    }

    @Test
    void theLinkerOptionBindsTheLibraryToTheCallersClassLoader() throws Exception {
        // given: JniAdder defined by a child class loader, as in an application server
        Path jar = jar();

        // when
        String bound = output(childJvm("child", jar, temp.resolve("c1")));
        String unbound = output(childJvm("child-default", jar, temp.resolve("c2")));

        // then
        assertThat(bound).contains("sum 42");
        assertThat(unbound).contains("unbound: java.lang.UnsatisfiedLinkError");
    }

    private static Process childJvm(String mode, Path jar, Path cache) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        EndToEndMain.class.getName(),
                        mode,
                        jar.toString(),
                        cache.toString())
                .redirectErrorStream(true)
                .start();
    }

    private static String output(Process p) throws Exception {
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(readAll(in), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Runs a tool; its output, or null if it is not installed. */
    private static String run(Path dir, String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return null;
        }
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(readAll(in), StandardCharsets.UTF_8);
        }
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        while ((n = in.read(b)) > 0) {
            out.write(b, 0, n);
        }
        return out.toByteArray();
    }
}
