package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.installed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.testing.Required;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Maven build cache extension (a core extension of Maven 3.9 and newer) on a jar project with a crate, set
 * up as usage.md#Maven_build_cache_extension says (the fixture's .mvn/ and its {@code maven.build.cache.input}
 * property): an unchanged module is restored from the cache with its classified attachments and cargo does not
 * run; a changed crate file or a rust:build parameter changed on the command line builds again. Runs with the
 * Maven 3.9 that it/pom.xml unpacks into target/mavens; the cache lives in this test's work directory.
 */
class BuildCacheIT {

    private static final String GROUP = "dev.rustmaven.it";
    private static final String ARTIFACT = "build-cache";
    private static final String VERSION = "1.0";
    private static final String KEY = GROUP + ":" + ARTIFACT;

    @Test
    void anUnchangedModuleIsRestoredWithItsAttachmentsAndAChangedCrateOrParameterBuildsAgain() throws Exception {
        // given
        String host = ItSupport.hostTriple();
        ItSupport.Runtime maven39 = maven39();
        Path store = ItSupport.work().resolve("build-cache-store");
        ItSupport.deleteRecursively(store);
        deleteInstalled();
        String compiling = "[" + host + "]    Compiling build-cache v0.1.0";

        // when: the first build
        Path project = ItSupport.projectAs("build-cache", "build-cache");
        String first = build("first", project, maven39, store, host);

        // then: nothing cached yet, cargo ran, the build was saved with its attachments
        assertThat(first)
                .contains("Loading cache configuration from " + project.resolve(".mvn/maven-build-cache-config.xml"))
                .contains("Local build was not found by checksum")
                .contains(compiling)
                .contains("Attached 2 artifacts to " + KEY + ":" + VERSION + " (so:" + host + ", jar:" + host + ")")
                .contains("Saved Build to local file");
        byte[] so = Files.readAllBytes(installed(GROUP, ARTIFACT, VERSION, host, "so"));
        byte[] jar = Files.readAllBytes(installed(GROUP, ARTIFACT, VERSION, host, "jar"));
        byte[] mainJar = Files.readAllBytes(installed(GROUP, ARTIFACT, VERSION, null, "jar"));
        assertThat(so).startsWith(0x7f, 'E', 'L', 'F');

        // when: a clean checkout at the same path, nothing installed, the same build
        deleteInstalled();
        project = ItSupport.projectAs("build-cache", "build-cache");
        String second = build("restored", project, maven39, store, host);

        // then: restored, cargo and the plugin did not run, the same bytes are attached and installed
        assertThat(second)
                .contains("Found cached build, restoring " + KEY + " from cache")
                .contains("Skipping plugin execution (cached): rust:build")
                .doesNotContain(compiling)
                .doesNotContain("Rust build summary")
                .doesNotContain("Attached 2 artifacts");
        assertThat(installed(GROUP, ARTIFACT, VERSION, host, "so")).hasBinaryContent(so);
        assertThat(installed(GROUP, ARTIFACT, VERSION, host, "jar")).hasBinaryContent(jar);
        assertThat(installed(GROUP, ARTIFACT, VERSION, null, "jar")).hasBinaryContent(mainJar);
        assertThat(project.resolve("target/build-cache-1.0-" + host + ".jar")).hasBinaryContent(jar);

        // when: the same sources with another profile on the command line
        String dev = build("profile-dev", project, maven39, store, host, "rust.profile=dev");

        // then: the reconciled parameter differs from the cached build's, so it builds (a dev library)
        assertThat(dev)
                .contains("Found cached build, restoring " + KEY + " from cache")
                .contains("Plugin parameter mismatch found. Parameter: profile, expected: release, actual: dev")
                .contains(compiling)
                .doesNotContain("Skipping plugin execution (cached): rust:build");
        assertThat(Files.readAllBytes(installed(GROUP, ARTIFACT, VERSION, host, "so")))
                .isNotEqualTo(so);

        // when: a Rust source changes
        Path lib = project.resolve("src/main/rust/src/lib.rs");
        Files.writeString(lib, Files.readString(lib).replace("    42\n", "    43\n"));
        String changedSource = build("changed-source", project, maven39, store, host);

        // then: another key, built by cargo
        assertThat(changedSource)
                .contains("Local build was not found by checksum")
                .contains(compiling)
                .doesNotContain("Skipping plugin execution (cached): rust:build");
        byte[] changedSo = Files.readAllBytes(installed(GROUP, ARTIFACT, VERSION, host, "so"));
        assertThat(changedSo).isNotEqualTo(so);

        // when: Cargo.toml changes
        Path manifest = project.resolve("src/main/rust/Cargo.toml");
        Files.writeString(manifest, Files.readString(manifest) + "\n[profile.release]\nopt-level = \"s\"\n");
        String changedManifest = build("changed-manifest", project, maven39, store, host);

        // then: another key, built by cargo
        assertThat(changedManifest)
                .contains("Local build was not found by checksum")
                .contains(compiling)
                .doesNotContain("Skipping plugin execution (cached): rust:build");
        assertThat(Files.readAllBytes(installed(GROUP, ARTIFACT, VERSION, host, "so")))
                .isNotEqualTo(changedSo);

        // when: a file the extension hashes but the crate does not use changes
        Files.createDirectories(project.resolve("src/main/resources"));
        Files.writeString(project.resolve("src/main/resources/app.properties"), "greeting=cached\n");
        String changedResource = build("changed-resource", project, maven39, store, host);

        // then: the extension runs the build, and the plugin's own stamp finds the Rust outputs up to date
        assertThat(changedResource)
                .contains("Local build was not found by checksum")
                .containsPattern("Rust outputs are up to date \\(no change in [1-9][0-9]* inputs\\); cargo not run")
                .doesNotContain(compiling)
                .contains("Attached 2 artifacts to " + KEY);

        // when: the POM no longer declares the crate as an input
        Path pom = project.resolve("pom.xml");
        Files.writeString(
                pom,
                Files.readString(pom)
                        .replace("<maven.build.cache.input.crate>src/main/rust</maven.build.cache.input.crate>", ""));
        String undeclared = build("undeclared", project, maven39, store, host);

        // then: the plugin says that the extension does not see the crate, and how to declare it
        assertThat(first + second + changedSource).doesNotContain("does not hash the crate");
        assertThat(undeclared)
                .contains("[WARNING] The Maven build cache extension does not hash the crate "
                        + project.resolve("src/main/rust"))
                .contains("<maven.build.cache.input.crate>src/main/rust</maven.build.cache.input.crate>");
    }

    @Test
    void theMavenRunningTheItsBuildsTheSameProjectAndBelow39TheExtensionStepsAside() throws Exception {
        // given
        String host = ItSupport.hostTriple();
        Path mavenHome = Path.of(System.getProperty("it.mavenHome"));
        String version = MavenVersionsIT.versionOf(mavenHome);
        Path store = ItSupport.work().resolve("build-cache-store-running");
        ItSupport.deleteRecursively(store);
        Path project = ItSupport.projectAs("build-cache", "build-cache-running");

        // when
        String log = build(
                "running-maven", project, new ItSupport.Runtime(Optional.of(mavenHome), Optional.empty()), store, host);

        // then
        assertThat(log).contains("Attached 2 artifacts to " + KEY + ":" + VERSION);
        if (version.startsWith("3.") && !version.startsWith("3.9.")) {
            assertThat(log)
                    .contains("Cache requires Maven >= 3.9, but version is " + version + ". Disabling cache.")
                    .contains("[" + host + "]    Compiling build-cache v0.1.0")
                    .doesNotContain("Saved Build to local file");
        } else {
            assertThat(log).contains("Saved Build to local file");
        }
    }

    /** Runs {@code mvn install} with the cache in {@code store}; its log is kept as build-cache-{@code step}.log. */
    private static String build(
            String step, Path project, ItSupport.Runtime maven39, Path store, String host, String... more)
            throws Exception {
        List<String> properties =
                new ArrayList<>(List.of("rust.targets=" + host, "maven.build.cache.location=" + store));
        properties.addAll(Arrays.asList(more));
        ItSupport.MavenResult result = ItSupport.maven(
                project,
                List.of("install"),
                false,
                ItSupport.settings(),
                Map.of(),
                maven39,
                properties.toArray(String[]::new));
        Files.writeString(ItSupport.work().resolve("build-cache-" + step + ".log"), result.log());
        return result.assertSuccess().log();
    }

    private static void deleteInstalled() throws Exception {
        ItSupport.deleteRecursively(
                installed(GROUP, ARTIFACT, VERSION, null, "pom").getParent());
    }

    /** The Maven 3.9 of it/pom.xml, unpacked into target/mavens: the oldest Maven line the extension supports. */
    private static ItSupport.Runtime maven39() {
        String version = Arrays.stream(
                        System.getProperty("it.mavenVersions", "").split(","))
                .map(String::strip)
                .filter(v -> v.startsWith("3.9."))
                .findFirst()
                .orElse("3.9 (none in it.mavenVersions)");
        Path home = Path.of(System.getProperty("it.mavens", "target/mavens")).resolve("apache-maven-" + version);
        Required.require(
                Files.isExecutable(home.resolve("bin/mvn")),
                "Maven " + version + " in " + home + " (it/pom.xml unpacks it in pre-integration-test)");
        return new ItSupport.Runtime(Optional.of(home), Optional.empty());
    }
}
