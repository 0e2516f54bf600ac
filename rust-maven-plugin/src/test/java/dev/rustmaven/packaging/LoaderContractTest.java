package dev.rustmaven.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.fs.Sha256;
import dev.rustmaven.loader.LoadOptions;
import dev.rustmaven.loader.LoadedLibrary;
import dev.rustmaven.loader.NativeLoader;
import dev.rustmaven.loader.NativeResources;
import dev.rustmaven.loader.platform.Platform;
import java.lang.module.ModuleFinder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the plugin packs, rust-native-loader finds, checks and loads: both follow {@link NativeResources}. */
class LoaderContractTest {

    private static final String ARMV7 = "armv7-unknown-linux-gnueabihf";
    private static final String ARMV6 = "arm-unknown-linux-gnueabihf";

    @TempDir
    Path dir;

    /** A Raspberry Pi 3 with 32-bit Raspberry Pi OS (bookworm: glibc 2.36). */
    private static Platform pi3() {
        return Platform.builder()
                .os(Platform.Os.LINUX)
                .arch(Platform.Arch.ARM)
                .floatAbi(Platform.FloatAbi.HARD)
                .armVersion(7)
                .neon(true)
                .libc(Platform.Libc.GLIBC, "2.36")
                .build();
    }

    /**
     * A real library of {@code triple}'s kind (the committed ELF fixture of that ARM flavour: the loader reads
     * the ELF header before loading) as cargo would leave it.
     */
    private NativeJar.Library library(String triple, String fixture, Map<String, String> properties) throws Exception {
        Path file =
                Files.createDirectories(dir.resolve("cargo").resolve(triple)).resolve("libhello.so");
        try (var in = LoaderContractTest.class.getResourceAsStream("/elf/" + fixture + "/libok.so")) {
            if (in == null) {
                throw new IllegalStateException("test fixture elf/" + fixture + "/libok.so is missing");
            }
            Files.write(file, in.readAllBytes());
        }
        return new NativeJar.Library(triple, file, properties);
    }

    private LoadOptions.Builder options(Path classPath, List<String> linked) throws Exception {
        URLClassLoader classLoader =
                new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null);
        return LoadOptions.builder()
                .classLoader(classLoader)
                .platform(pi3())
                .linker(linked::add)
                .cacheDirectory(dir.resolve("cache"))
                .javaLibraryPathFallback(false);
    }

    @Test
    void theLoaderExtractsAndVerifiesALibraryFromAJarThePluginWrote() throws Exception {
        // given
        NativeJar.Library armv7 = library(ARMV7, "armv7-hf", Map.of(NativeResources.GLIBC_FLOOR, "2.28"));
        Path jar = NativeJar.write(
                dir.resolve("hello-1.0-" + ARMV7 + ".jar"),
                List.of(armv7),
                Optional.of(Instant.parse("2026-11-24T00:00:00Z")));
        List<String> linked = new ArrayList<>();

        // when
        LoadedLibrary loaded = NativeLoader.load("hello", options(jar, linked).build());

        // then: the cache directory is named by the sha256 the plugin recorded, which the loader checked
        assertThat(loaded.triple()).isEqualTo(ARMV7);
        assertThat(loaded.source()).isEqualTo(LoadedLibrary.Source.CLASS_PATH);
        assertThat(loaded.file())
                .isEqualTo(dir.resolve("cache")
                        .resolve(Sha256.of(armv7.library()))
                        .resolve("libhello.so")
                        .toAbsolutePath());
        assertThat(loaded.file())
                .hasSameBinaryContentAs(dir.resolve("cargo").resolve(ARMV7).resolve("libhello.so"));
        assertThat(linked).containsExactly(loaded.file().toString());
    }

    @Test
    void theLoaderSkipsALibraryWhoseRecordedGlibcFloorIsTooNew() throws Exception {
        // given: the ARMv7 build needs a newer glibc than the Pi has, the ARMv6 one does not
        NativeJar.Library armv7 = library(ARMV7, "armv7-hf", Map.of(NativeResources.GLIBC_FLOOR, "2.41"));
        NativeJar.Library armv6 = library(ARMV6, "armv6-hf", Map.of(NativeResources.GLIBC_FLOOR, "2.31"));
        Path jar = NativeJar.write(dir.resolve("hello-1.0.jar"), List.of(armv7, armv6), Optional.empty());
        List<String> linked = new ArrayList<>();

        // when
        LoadedLibrary loaded = NativeLoader.load("hello", options(jar, linked).build());

        // then
        assertThat(loaded.triple()).isEqualTo(ARMV6);
        assertThat(loaded.file())
                .hasSameBinaryContentAs(dir.resolve("cargo").resolve(ARMV6).resolve("libhello.so"));
    }

    @Test
    void theLoaderFindsLibrariesBundledIntoTheClassesDirectory() throws Exception {
        // given
        NativeJar.Library armv7 = library(ARMV7, "armv7-hf", Map.of());
        Path classes = dir.resolve("classes");
        NativeJar.copyInto(classes, List.of(armv7));
        List<String> linked = new ArrayList<>();

        // when: without extraction, the loader takes the file where it is
        LoadedLibrary loaded = NativeLoader.load(
                "hello", options(classes, linked).extract(false).build());

        // then
        assertThat(loaded.triple()).isEqualTo(ARMV7);
        assertThat(loaded.file()).isEqualTo(classes.resolve(NativeResources.libraryPath(ARMV7, "libhello.so")));
        assertThat(linked).containsExactly(loaded.file().toString());
    }

    @Test
    void theLoaderJarNamesItsModule() throws Exception {
        // given: the loader as a jar (a reactor build up to package, or the local repository), not as classes
        Path location = Path.of(NativeResources.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Assumptions.assumeTrue(Files.isRegularFile(location), "the loader is not a jar here: " + location);

        // when
        List<String> names = ModuleFinder.of(location).findAll().stream()
                .map(reference -> reference.descriptor().name())
                .toList();

        // then: the Automatic-Module-Name of its manifest, not a name derived from the file name
        assertThat(names).containsExactly("dev.rustmaven.loader");
    }
}
