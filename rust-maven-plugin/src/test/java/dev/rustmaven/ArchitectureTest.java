package dev.rustmaven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shape of the plugin, checked on its sources: a core without Maven, Maven's words in the plugin
 * package only, a lean linker front end, and no package named like build output.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/rustmaven");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?([\\w.]+);");
    /** The classes of the link package that run in the plugin, not in the linker front end's JVM. */
    private static final Set<String> LINK_PLUGIN_SIDE =
            Set.of("LauncherWriter.java", "LldLocator.java", "LinkerConfigs.java");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String packageOf(Path source) {
        return MAIN.relativize(source.getParent()).toString().replace('/', '.');
    }

    private static List<String> imports(Path source) throws IOException {
        Matcher m = IMPORT.matcher(Files.readString(source, StandardCharsets.UTF_8));
        List<String> result = new ArrayList<>();
        while (m.find()) {
            result.add(m.group(1));
        }
        return result;
    }

    @Test
    @DisplayName("only the plugin package uses Maven or Plexus; the core is plain Java")
    void coreWithoutMaven() throws IOException {
        List<String> violations = new ArrayList<>();
        List<Path> sources = sources();
        assertThat(sources).hasSizeGreaterThan(50);
        for (Path source : sources) {
            if (packageOf(source).equals("plugin")) {
                continue;
            }
            for (String imported : imports(source)) {
                if (imported.startsWith("org.apache.maven")
                        || imported.startsWith("org.codehaus.plexus")
                        || imported.startsWith("javax.inject")
                        || imported.startsWith("dev.rustmaven.plugin")) {
                    violations.add(source + " imports " + imported);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    @DisplayName("Maven's parameter and property names appear in the plugin package only")
    void mavenWordsInThePluginOnly() throws IOException {
        Pattern mavenWords = Pattern.compile("\"[^\"\\n]*(\\(rust\\.[a-zA-Z]+\\)|-Drust\\.|mvn rust:)[^\"\\n]*\"");
        List<String> violations = new ArrayList<>();
        for (Path source : sources()) {
            if (packageOf(source).equals("plugin")) {
                continue;
            }
            Matcher m = mavenWords.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (m.find()) {
                violations.add(source + ": " + m.group());
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    @DisplayName("the linker front end's classes need only the JDK and the link package")
    void leanLinkerFrontEnd() throws IOException {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (Path source : sources()) {
            if (!packageOf(source).equals("link")
                    || LINK_PLUGIN_SIDE.contains(source.getFileName().toString())) {
                continue;
            }
            checked++;
            for (String imported : imports(source)) {
                if (!imported.startsWith("java.") && !imported.startsWith("dev.rustmaven.link.")) {
                    violations.add(source + " imports " + imported);
                }
            }
        }
        assertThat(checked).isGreaterThan(5);
        assertThat(violations).isEmpty();
    }

    @Test
    @DisplayName("the host's environment and properties are read in HostSystem only")
    void hostFactsReadOnce() throws IOException {
        Pattern read = Pattern.compile("System\\.(getenv|getProperty|getProperties)\\(");
        List<String> violations = new ArrayList<>();
        for (Path source : sources()) {
            if (source.endsWith(Path.of("system", "HostSystem.java"))) {
                continue;
            }
            Matcher m = read.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (m.find()) {
                violations.add(source + ": " + m.group());
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    @DisplayName("no package is named build, dist or target (names tools treat as build output)")
    void noOutputNamedPackages() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .doesNotContain("build", "dist", "target", "out", "bin");
        }
    }

    @Test
    @DisplayName("every package says what lives there")
    void packageInfoEverywhere() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            assertThat(dirs.filter(Files::isDirectory)
                            .filter(d -> !d.equals(MAIN))
                            .filter(d -> !Files.isRegularFile(d.resolve("package-info.java")))
                            .map(Path::toString))
                    .isEmpty();
        }
    }
}
