package dev.rustmaven.loader;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;
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

        // then
        for (Process p : jvms) {
            String out = output(p);
            assertThat(out).contains("sum 42");
        }
        assertThat(cache.resolve(TestJars.sha(library)).resolve("libadder.so")).isRegularFile();
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
