package dev.rustmaven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.config.Setting;
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
 * package only, a lean linker front end and archiver, and no package named like build output.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/rustmaven");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?([\\w.]+);");
    /** The classes of the link package that run in the plugin, not in the linker front end's JVM. */
    private static final Set<String> LINK_PLUGIN_SIDE =
            Set.of("LauncherWriter.java", "LldLocator.java", "LinkerConfigs.java", "NativeFrontEnd.java");

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
        StringBuilder keys = new StringBuilder();
        for (Setting s : Setting.values()) {
            keys.append(keys.length() == 0 ? "" : "|").append(Pattern.quote("<" + s.key() + ">"));
        }
        Pattern mavenWords =
                Pattern.compile("\"[^\"\\n]*(\\(rust\\.[a-zA-Z]+\\)|rust\\.[a-z][a-zA-Z]+ |-Drust\\.|mvn rust:|" + keys
                        + ")[^\"\\n]*\"");
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

    /** The classes of the archiver package that run in the plugin, not in the archiver's JVM. */
    private static final Set<String> ARCHIVER_PLUGIN_SIDE = Set.of("ArchiverLauncher.java");

    @Test
    @DisplayName("the archiver's classes need only the JDK, the ELF reader, AtomicPublish and ResponseFiles")
    void leanArchiver() throws IOException {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (Path source : sources()) {
            if (!packageOf(source).equals("archiver")
                    || ARCHIVER_PLUGIN_SIDE.contains(source.getFileName().toString())) {
                continue;
            }
            checked++;
            for (String imported : imports(source)) {
                if (!imported.startsWith("java.")
                        && !imported.startsWith("dev.rustmaven.archiver.")
                        && !imported.startsWith("dev.rustmaven.elf.")
                        && !imported.equals("dev.rustmaven.fs.AtomicPublish")
                        && !imported.equals("dev.rustmaven.link.ResponseFiles")) {
                    violations.add(source + " imports " + imported);
                }
            }
        }
        assertThat(checked).isGreaterThan(4);
        assertThat(violations).isEmpty();
    }

    /**
     * Packages that depend on each other, as found today. ELF expectations are derived from a triple and a
     * glibc floor in {@code elf}, while {@code triple} and the glibc stub writer use {@code elf}'s numbers;
     * breaking that cycle means moving {@code ElfExpectation.forTarget} out of {@code elf}. Any other cycle
     * fails this test, and so does breaking this one (then empty the set).
     */
    private static final Set<Set<String>> KNOWN_CYCLES = Set.of(Set.of("elf", "glibc", "triple"));

    @Test
    @DisplayName("no package cycles beyond the one known (elf, glibc, triple)")
    void packageCycles() throws IOException {
        java.util.Map<String, Set<String>> edges = new java.util.TreeMap<>();
        for (Path source : sources()) {
            String from = packageOf(source);
            Set<String> to = edges.computeIfAbsent(from, k -> new java.util.TreeSet<>());
            for (String imported : imports(source)) {
                if (imported.startsWith("dev.rustmaven.")) {
                    String rest = imported.substring("dev.rustmaven.".length());
                    String pkg = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
                    if (!pkg.equals(from) && Character.isLowerCase(pkg.charAt(0))) {
                        to.add(pkg);
                    }
                }
            }
        }
        Set<Set<String>> cycles = new java.util.HashSet<>();
        for (String a : edges.keySet()) {
            Set<String> component = new java.util.TreeSet<>();
            for (String b : edges.keySet()) {
                if (reaches(edges, a, b) && reaches(edges, b, a)) {
                    component.add(b);
                }
            }
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
        assertThat(cycles).as("package dependency cycles; edges: %s", edges).isEqualTo(KNOWN_CYCLES);
    }

    private static boolean reaches(java.util.Map<String, Set<String>> edges, String from, String to) {
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(from));
        Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (p.equals(to)) {
                return true;
            }
            if (seen.add(p)) {
                todo.addAll(edges.getOrDefault(p, Set.of()));
            }
        }
        return false;
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

    @Test
    @DisplayName("the plugin's classes concatenate strings without invokedynamic (-XDstringConcat=inline, start-up)")
    void stringConcatenationWithoutInvokedynamic() throws IOException {
        // The bootstrap method's name is in the constant pool of every class that concatenates by invokedynamic.
        String bootstrap = "makeConcatWithConstants";
        List<String> indy = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> files = Files.walk(Path.of("target/classes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                classes++;
                // Latin-1 maps each byte to one char: a search of the bytes as text.
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(bootstrap)) {
                    indy.add(file.toString());
                }
            }
        }
        assertThat(classes).as("compiled classes in target/classes").isGreaterThan(100);
        assertThat(indy).as("classes that concatenate strings by invokedynamic").isEmpty();
    }
}
