package dev.rustmaven.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheInputsTest {

    private static final String EXTENSIONS = """
            <extensions>
              <extension>
                <groupId>org.apache.maven.extensions</groupId>
                <artifactId>maven-build-cache-extension</artifactId>
                <version>1.3.0</version>
              </extension>
            </extensions>
            """;

    @TempDir
    Path root;

    private Path crate;

    @BeforeEach
    void project() throws Exception {
        crate = Files.createDirectories(root.resolve("src/main/rust/src")).getParent();
        Files.createDirectories(root.resolve(".mvn"));
    }

    private BuildCacheInputs.Build build(String mavenVersion, String... properties) {
        return new BuildCacheInputs.Build(mavenVersion, root, properties(properties), Path.of("/elsewhere/tmp"));
    }

    private BuildCacheInputs.Module module(boolean crateInPom, String... properties) {
        return new BuildCacheInputs.Module(
                root,
                crate,
                properties(properties),
                List.of(),
                List.of(root.resolve("src/main/java"), root.resolve("src/main/resources")),
                crateInPom);
    }

    private static Properties properties(String... nameValues) {
        Properties p = new Properties();
        for (String nv : nameValues) {
            int eq = nv.indexOf('=');
            p.setProperty(nv.substring(0, eq), nv.substring(eq + 1));
        }
        return p;
    }

    @Test
    void aCrateTheExtensionDoesNotHashIsReportedWithThePropertyToDeclare() throws Exception {
        // given
        Files.writeString(root.resolve(".mvn/extensions.xml"), EXTENSIONS);

        // when
        Optional<String> warning = BuildCacheInputs.warning(build("3.9.16"), module(false));

        // then
        assertThat(warning)
                .hasValueSatisfying(w -> assertThat(w)
                        .startsWith("The Maven build cache extension does not hash the crate " + crate)
                        .contains("<maven.build.cache.input.crate>src/main/rust</maven.build.cache.input.crate>")
                        .contains("usage.html#Maven_build_cache_extension"));
    }

    @Test
    void anInputPropertyNamingTheCrateOrADirectoryAboveItInsideTheModuleHashesIt() throws Exception {
        Files.writeString(root.resolve(".mvn/extensions.xml"), EXTENSIONS);

        assertThat(BuildCacheInputs.warning(
                        build("3.9.16"), module(false, "maven.build.cache.input.crate=src/main/rust")))
                .isEmpty();
        assertThat(BuildCacheInputs.warning(build("3.9.16"), module(false, "maven.build.cache.input.1=src/main")))
                .isEmpty();
        assertThat(BuildCacheInputs.warning(build("3.9.16"), module(false, "maven.build.cache.input.1=" + crate)))
                .isEmpty();
    }

    @Test
    void theModuleDirectoryAsInputIsReadWithoutSubdirectoriesSoItDoesNotHashTheCrate() throws Exception {
        Files.writeString(root.resolve(".mvn/extensions.xml"), EXTENSIONS);

        assertThat(BuildCacheInputs.warning(build("3.9.16"), module(false, "maven.build.cache.input.1=.")))
                .isPresent();
        assertThat(BuildCacheInputs.warning(
                        build("3.9.16"), module(false, "maven.build.cache.input.glob={*.rs}", "other=src/main/rust")))
                .isPresent();
    }

    @Test
    void aCrateNamedInThePomIsProbedUnlessUnderTheTemporaryDirectoryOrProbingIsOff() throws Exception {
        Files.writeString(root.resolve(".mvn/extensions.xml"), EXTENSIONS);

        assertThat(BuildCacheInputs.warning(build("3.9.16"), module(true))).isEmpty();
        assertThat(BuildCacheInputs.warning(
                        new BuildCacheInputs.Build("3.9.16", root, new Properties(), root.getParent()), module(true)))
                .isPresent();
        assertThat(BuildCacheInputs.warning(build("3.9.16"), module(true, "maven.build.cache.processPlugins=false")))
                .isPresent();
    }

    @Test
    void aGlobalIncludeOfTheConfigurationHashesTheCrate() throws Exception {
        Files.writeString(root.resolve(".mvn/extensions.xml"), EXTENSIONS);
        Files.writeString(root.resolve(".mvn/maven-build-cache-config.xml"), """
                <cache xmlns="http://maven.apache.org/BUILD-CACHE-CONFIG/1.2.0">
                  <input><global><includes><include>src/main/rust/</include></includes></global></input>
                </cache>
                """);

        assertThat(BuildCacheInputs.warning(build("3.9.16"), module(false))).isEmpty();
    }

    @Test
    void nothingIsReportedWithoutTheExtensionOnMavenBefore39OrWithTheCacheDisabled() throws Exception {
        // no extension
        assertThat(BuildCacheInputs.warning(build("3.9.16"), module(false))).isEmpty();

        // a build extension of the POM counts as declared
        BuildCacheInputs.Module withBuildExtension = new BuildCacheInputs.Module(
                root, crate, new Properties(), List.of(BuildCacheInputs.EXTENSION), List.of(), false);
        assertThat(BuildCacheInputs.warning(build("4.0.0-rc-7"), withBuildExtension))
                .isPresent();

        // Maven 3.8: the extension switches itself off
        Files.writeString(root.resolve(".mvn/extensions.xml"), EXTENSIONS);
        assertThat(BuildCacheInputs.warning(build("3.8.7"), module(false))).isEmpty();

        // disabled on the command line, or in the configuration unless the command line enables it
        assertThat(BuildCacheInputs.warning(build("3.9.16", "maven.build.cache.enabled=false"), module(false)))
                .isEmpty();
        Files.writeString(
                root.resolve(".mvn/maven-build-cache-config.xml"),
                "<cache><configuration><enabled>false</enabled></configuration></cache>");
        assertThat(BuildCacheInputs.warning(build("3.9.16"), module(false))).isEmpty();
        assertThat(BuildCacheInputs.warning(build("3.9.16", "maven.build.cache.enabled=true"), module(false)))
                .isPresent();
    }

    @Test
    void mavenVersionsFrom39OnRunTheExtension() {
        assertThat(BuildCacheInputs.supports("3.8.7")).isFalse();
        assertThat(BuildCacheInputs.supports("3.9.0")).isTrue();
        assertThat(BuildCacheInputs.supports("3.10.0-rc-1")).isTrue();
        assertThat(BuildCacheInputs.supports("4.0.0-rc-7")).isTrue();
    }
}
