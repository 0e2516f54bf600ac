package dev.rustmaven.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start record on the real load path: child JVMs run {@link StartRecordMain} from an application jar next to
 * a jar of natives, with the default cache under their own {@code XDG_CACHE_HOME}, as an application starts.
 */
class StartRecordTest {

    private static final String RECORDED = "as recorded by an earlier start in ";

    @TempDir
    Path temp;

    private Path app;
    private Path natives;
    private Path root;

    @BeforeAll
    static void buildTheLibrary() throws Exception {
        EndToEndTest.buildTheLibrary();
    }

    @BeforeEach
    void jars() throws Exception {
        app = appJar(temp.resolve("app.jar"));
        natives = nativesJar(temp.resolve("adder-natives.jar"), EndToEndTest.library);
        root = temp.resolve("xdg").resolve("rust-native-loader");
    }

    @Test
    void theFirstStartWritesARecordAndTheNextStartLoadsWhatItNames() throws Exception {
        // when
        String first = start();
        String second = start();

        // then
        assertThat(first).contains("sum 42").contains("extracted to the cache").doesNotContain(RECORDED);
        Path record = record();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(record)))
                .isEqualTo("r--------");
        assertThat(second)
                .contains("sum 42")
                .contains("Loaded adder from " + copy(EndToEndTest.library) + " (" + EndToEndTest.hostTriple
                        + ") via CLASS_PATH " + RECORDED + record)
                .contains("That start's explanation:\nLoaded native library 'adder'");
        assertThat(temporaries()).isEmpty();
    }

    @Test
    void aNewJarOfNativesIsLoadedAndRecordedInstead() throws Exception {
        // given: a first start recorded the library; then the jar is rebuilt with other bytes (a new release)
        start();
        byte[] changed = EndToEndTest.library.clone();
        changed = java.util.Arrays.copyOf(changed, changed.length + 16);
        nativesJar(natives, changed);
        Files.setLastModifiedTime(natives, FileTime.fromMillis(System.currentTimeMillis() + 5000));

        // when
        String afterChange = start();
        String next = start();

        // then
        assertThat(afterChange)
                .contains("sum 42")
                .contains("file " + copy(changed))
                .contains("extracted to the cache")
                .doesNotContain(RECORDED);
        assertThat(next).contains("file " + copy(changed)).contains(RECORDED);
    }

    @Test
    void aJarOfNativesReplacedWithTheSameSizeAndTimeIsNotTrustedFromTheRecord() throws Exception {
        // given: the natives jar replaced by a file of the same size and modification time (as container image
        // builders and archives leave them): only its inode and change time differ
        start();
        FileTime time = Files.getLastModifiedTime(natives);
        Path replacement = Files.copy(natives, temp.resolve("replacement.jar"));
        Files.move(replacement, natives, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(natives, time);

        // when
        String replaced = start();

        // then
        assertThat(replaced)
                .contains("sum 42")
                .contains("reused the verified copy")
                .doesNotContain(RECORDED);
        assertThat(start()).contains(RECORDED);
    }

    @Test
    void aLoaderPropertyTurnsTheRecordOff() throws Exception {
        // when
        String off = start("-Ddev.rustmaven.loader.startRecord=false");
        boolean recordAfterOff = records().isEmpty();
        start();
        String offAgain = start("-Ddev.rustmaven.loader.startRecord=false");
        String explained = start("-Ddev.rustmaven.loader.explain=true");

        // then
        assertThat(off).contains("sum 42");
        assertThat(recordAfterOff).as("no record written with the property").isTrue();
        assertThat(offAgain)
                .contains("sum 42")
                .contains("reused the verified copy")
                .doesNotContain(RECORDED);
        assertThat(explained).contains("sum 42").doesNotContain(RECORDED);
    }

    @Test
    void aRecordSomeoneCouldWriteIsNotTrustedAndIsReplaced() throws Exception {
        // given
        start();
        Path record = record();
        Files.setPosixFilePermissions(record, PosixFilePermissions.fromString("rw-------"));

        // when
        String writable = start();
        String next = start();

        // then
        assertThat(writable).contains("sum 42").doesNotContain(RECORDED);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(record())))
                .isEqualTo("r--------");
        assertThat(next).contains(RECORDED);
    }

    @Test
    void aDamagedCopyIsNotLoadedFromTheRecordButRepaired() throws Exception {
        // given: the recorded copy made writable and changed (no longer sealed, another size)
        start();
        Path copy = copy(EndToEndTest.library);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        try (OutputStream out = Files.newOutputStream(copy, java.nio.file.StandardOpenOption.APPEND)) {
            out.write(new byte[] {1, 2, 3});
        }

        // when
        String repaired = start();

        // then
        assertThat(repaired)
                .contains("sum 42")
                .contains("extracted to the cache, replacing a damaged or untrusted copy")
                .doesNotContain(RECORDED);
        assertThat(Files.readAllBytes(copy)).isEqualTo(EndToEndTest.library);
        assertThat(start()).contains(RECORDED);
    }

    @Test
    void aRecordOfAnotherClassPathIsNotUsed() throws Exception {
        // given: the same library recorded by a program with another class path
        start();
        Path otherApp = Files.copy(app, temp.resolve("other-app.jar"));

        // when
        String other = start(otherApp, natives);

        // then: its own record, the same copy
        assertThat(other)
                .contains("sum 42")
                .contains("reused the verified copy")
                .doesNotContain(RECORDED);
        assertThat(records()).hasSize(2);
        assertThat(start(otherApp, natives)).contains(RECORDED);
    }

    @Test
    void aClassPathWithADirectoryGetsNoRecord() throws Exception {
        // given: the natives exploded into a directory, as in a build
        Path dir = Files.createDirectories(temp.resolve("natives-dir"));
        new TestJars()
                .library(EndToEndTest.hostTriple, "libadder.so", EndToEndTest.library, "2.17")
                .writeDirectory(dir);

        // when
        String first = start(app, dir);
        String second = start(app, dir);

        // then
        assertThat(first).contains("sum 42");
        assertThat(second).contains("sum 42").doesNotContain(RECORDED);
        assertThat(records()).isEmpty();
    }

    @Test
    void theSameRelativeClassPathStartedInAnotherDirectoryIsAnotherProgram() throws Exception {
        // given: two installations of the same program with jars of the same sizes and times, each started from
        // its own directory with the class path app.jar:adder-natives.jar
        Path first = installation("first");
        Path second = installation("second");
        String relative = "app.jar" + java.io.File.pathSeparator + "adder-natives.jar";
        startIn(first, relative);
        assertThat(startIn(first, relative)).contains(RECORDED);

        // when
        String other = startIn(second, relative);

        // then: the first installation's record is not the second's, which gets its own
        assertThat(other)
                .contains("sum 42")
                .contains("reused the verified copy")
                .doesNotContain(RECORDED);
        assertThat(records()).hasSize(2);
        assertThat(startIn(second, relative)).contains(RECORDED);
        assertThat(startIn(first, relative)).contains(RECORDED);
    }

    @Test
    void anEmptyClassPathEntryIsTheWorkingDirectoryAndGetsNoRecord() throws Exception {
        // given: a class path ending in a separator, as "$CP:$EXTRA" with nothing in EXTRA: the JVM searches the
        // working directory too, a directory whose contents can change below it
        String classPath = app + java.io.File.pathSeparator + natives + java.io.File.pathSeparator;

        // when
        String first = startIn(temp, classPath);
        String second = startIn(temp, classPath);

        // then
        assertThat(first).contains("sum 42");
        assertThat(second).contains("sum 42").doesNotContain(RECORDED);
        assertThat(records()).isEmpty();
    }

    @Test
    void withoutXdgCacheHomeTheRecordIsInTheHomeDirectorysCacheAndUsed() throws Exception {
        // given: no XDG_CACHE_HOME, and a home directory of the test's (a property the loader does not own)
        Path home = Files.createDirectories(temp.resolve("home"));
        root = home.resolve(".cache").resolve("rust-native-loader");
        String classPath = app + java.io.File.pathSeparator + natives;

        // when
        String first = startWithout("XDG_CACHE_HOME", classPath, "-Duser.home=" + home);
        String second = startWithout("XDG_CACHE_HOME", classPath, "-Duser.home=" + home);

        // then
        assertThat(first).contains("sum 42").doesNotContain(RECORDED);
        assertThat(records()).hasSize(1);
        assertThat(second).contains("sum 42").contains(RECORDED + record());
    }

    @Test
    void aStartWithARecordLoadsThreeOfTheLoadersClasses() throws Exception {
        // given
        start();

        // when
        String second = start("-Xlog:class+load=info:stdout:tags");

        // then: each class of the loader a start loads costs it a quarter of a millisecond or more
        assertThat(second).contains("sum 42").contains(RECORDED);
        List<String> loaderClasses = second.lines()
                .filter(line -> line.startsWith("[class,load] dev.rustmaven.loader."))
                .map(line -> line.substring("[class,load] ".length(), line.indexOf(' ', "[class,load] ".length())))
                .filter(name -> !name.equals(StartRecordMain.class.getName()) && !name.equals(JniAdder.class.getName()))
                .collect(Collectors.toList());
        assertThat(loaderClasses)
                .containsExactlyInAnyOrder(
                        NativeLoader.class.getName(),
                        dev.rustmaven.loader.cache.StartRecord.class.getName(),
                        LoadedLibrary.class.getName());
    }

    @Test
    void anApplicationInADirectoryWithASpaceLoadsFromItsRecordToo() throws Exception {
        // given: the loader's jar has a URL with an escape, which the start decodes as the full way does
        Path dir = Files.createDirectories(temp.resolve("my app"));
        Path spacedApp = Files.copy(app, dir.resolve("app.jar"));
        Path spacedNatives = Files.copy(natives, dir.resolve("adder-natives.jar"));

        // when
        String first = start(spacedApp, spacedNatives);
        String second = start(spacedApp, spacedNatives);

        // then
        assertThat(first).contains("sum 42").doesNotContain(RECORDED);
        assertThat(second).contains("sum 42").contains(RECORDED + record());
    }

    /** A directory holding copies of app.jar and adder-natives.jar, with the originals' modification times. */
    private Path installation(String name) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        for (Path jar : List.of(app, natives)) {
            Path copy = Files.copy(jar, dir.resolve(jar.getFileName()));
            Files.setLastModifiedTime(copy, FileTime.fromMillis(1_700_000_000_000L));
        }
        return dir;
    }

    private String start(String... jvmOptions) throws Exception {
        return start(app, natives, jvmOptions);
    }

    private String start(Path application, Path nativesEntry, String... jvmOptions) throws Exception {
        return startIn(temp, application + java.io.File.pathSeparator + nativesEntry, jvmOptions);
    }

    private String startIn(Path workingDirectory, String classPath, String... jvmOptions) throws Exception {
        return run(workingDirectory, classPath, null, jvmOptions);
    }

    private String startWithout(String variable, String classPath, String... jvmOptions) throws Exception {
        return run(temp, classPath, variable, jvmOptions);
    }

    /** Starts StartRecordMain with XDG_CACHE_HOME set to the test's, or without {@code unset} in the environment. */
    private String run(Path workingDirectory, String classPath, String unset, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(classPath);
        command.add(StartRecordMain.class.getName());
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        pb.environment().put("XDG_CACHE_HOME", temp.resolve("xdg").toString());
        if (unset != null) {
            pb.environment().remove(unset);
        }
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private Path copy(byte[] library) throws Exception {
        return root.resolve(TestJars.sha(library)).resolve("libadder.so");
    }

    private Path record() throws IOException {
        List<Path> records = records();
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private List<Path> records() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".start-adder-")
                            && f.getFileName().toString().endsWith(".record"))
                    .collect(Collectors.toList());
        }
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp"))
                    .collect(Collectors.toList());
        }
    }

    private static Path nativesJar(Path jar, byte[] library) throws Exception {
        return new TestJars()
                .library(EndToEndTest.hostTriple, "libadder.so", library, "2.17")
                .writeJar(jar);
    }

    /** The loader's classes, StartRecordMain and JniAdder in one jar: an application with the loader shaded in. */
    private static Path appJar(Path jar) throws Exception {
        Path loaderClasses = Paths.get(NativeLoader.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path testClasses = Paths.get(StartRecordMain.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            add(j, loaderClasses, loaderClasses);
            for (Class<?> c : List.of(StartRecordMain.class, JniAdder.class)) {
                String entry = c.getName().replace('.', '/') + ".class";
                j.putNextEntry(new JarEntry(entry));
                j.write(Files.readAllBytes(testClasses.resolve(entry)));
                j.closeEntry();
            }
        }
        return jar;
    }

    private static void add(JarOutputStream j, Path base, Path dir) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().collect(Collectors.toList());
        }
        for (Path child : children) {
            if (Files.isDirectory(child)) {
                add(j, base, child);
            } else {
                j.putNextEntry(new JarEntry(base.relativize(child).toString().replace('\\', '/')));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                Files.copy(child, bytes);
                j.write(bytes.toByteArray());
                j.closeEntry();
            }
        }
    }
}
