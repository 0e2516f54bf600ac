package dev.rustmaven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every test that the site and the README cite as {@code `Class#method`} exists: the pages (reliability.md
 * most of all) say which test shows a behaviour, and a renamed or removed test would leave them naming one that
 * does not. A citation is {@code `Class#method`} or {@code `package.Class#method`}; a following {@code `#method`}
 * on the same line is of the same class.
 */
class CitedTestsTest {

    private static final Path SITE = Path.of("../src-site/markdown");
    private static final Path README = Path.of("../README.md");
    private static final List<Path> TEST_SOURCES = List.of(
            Path.of("src/test/java"), Path.of("../rust-native-loader/src/test/java"), Path.of("../it/src/test/java"));

    private static final Pattern CITATION = Pattern.compile("`((?:[a-z]+\\.)*([A-Z][A-Za-z0-9]*))?#([a-z]\\w*)`");
    private static final Pattern METHOD = Pattern.compile("void\\s+(\\w+)\\s*\\(");

    @Test
    void everyCitedTestExists() throws IOException {
        // given
        Map<String, Set<String>> methods = testMethods();
        List<Path> pages;
        try (Stream<Path> files = Files.list(SITE)) {
            pages = files.filter(f -> f.toString().endsWith(".md")).sorted().collect(Collectors.toList());
        }
        pages.add(README);

        // when
        int cited = 0;
        List<String> missing = new ArrayList<>();
        for (Path page : pages) {
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String testClass = null;
                Matcher m = CITATION.matcher(lines.get(i));
                while (m.find()) {
                    if (m.group(2) != null) {
                        testClass = m.group(2);
                    } else if (testClass == null) {
                        // a `#fragment` with no class before it on the line: not a citation
                        continue;
                    }
                    cited++;
                    if (!methods.getOrDefault(testClass, Set.of()).contains(m.group(3))) {
                        missing.add(page.getFileName() + ":" + (i + 1) + " " + testClass + "#" + m.group(3));
                    }
                }
            }
        }

        // then
        assertThat(cited)
                .as("citations found: the pattern still matches how the pages cite")
                .isGreaterThan(150);
        assertThat(missing)
                .as("tests the pages cite that do not exist: rename the citation with the test, or cite the test"
                        + " that now shows the behaviour")
                .isEmpty();
    }

    /** The methods declared {@code void} in each test source file, by the file's class name. */
    private static Map<String, Set<String>> testMethods() throws IOException {
        Map<String, Set<String>> methods = new HashMap<>();
        for (Path root : TEST_SOURCES) {
            List<Path> sources;
            try (Stream<Path> files = Files.walk(root)) {
                sources = files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList());
            }
            for (Path source : sources) {
                String name = source.getFileName().toString().replace(".java", "");
                Matcher m = METHOD.matcher(Files.readString(source, StandardCharsets.UTF_8));
                Set<String> declared = methods.computeIfAbsent(name, n -> new HashSet<>());
                while (m.find()) {
                    declared.add(m.group(1));
                }
            }
        }
        assertThat(methods).as("test sources found").hasSizeGreaterThan(100);
        return methods;
    }
}
