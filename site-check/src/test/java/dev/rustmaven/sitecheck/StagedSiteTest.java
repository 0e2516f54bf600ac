package dev.rustmaven.sitecheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.sitecheck.SiteChecker.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The project's own site, as {@code mvn -B test-compile site site:stage} at the root stages it in
 * {@code target/staging}: every page reachable from its home page renders in Chromium, with no broken
 * link, anchor or image. Writes what it found to {@code site-check/target/site-check/report.txt}.
 */
class StagedSiteTest {

    @Test
    @DisplayName("every page of the staged site renders, with no broken link, anchor or image")
    void stagedSite() throws IOException {
        // given
        Path staging = Path.of(System.getProperty("site.check.staging", "../target/staging"))
                .toAbsolutePath()
                .normalize();
        assertThat(staging.resolve("index.html"))
                .as("the staged site; build it first at the top of the repository: mvn -B test-compile site site:stage")
                .isRegularFile();
        SiteBrowser.require();

        // when
        Report report;
        try (SiteBrowser browser = SiteBrowser.start()) {
            report = SiteChecker.check(browser, staging, "index.html");
        }
        List<String> unreached = htmlFiles(staging).stream()
                .filter(page -> !report.pages().contains(page))
                .toList();
        String text = report.describe() + unreached.size() + " HTML files the pages do not link to"
                + (unreached.isEmpty() ? "" : ": " + String.join(", ", unreached)) + "\n";
        Path out = Path.of(System.getProperty("site.check.report", "target/site-check"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.txt"), text, StandardCharsets.UTF_8);
        System.out.print("Site check of " + staging + ":\n" + text);

        // then
        report.assertNoProblems();
        assertThat(report.pages())
                .as("the home page links, through the menu, to every page written in src-site/markdown")
                .containsAll(sitePages(Path.of(System.getProperty("site.check.sources", "../src-site/markdown"))));
        assertThat(unreached).as("pages of the staged site no page links to").isEmpty();
    }

    /** The HTML files of the staged site, as paths below its root with / between folders. */
    private static List<String> htmlFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".html"))
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    /** The page each Markdown source of the site becomes: architecture.md gives architecture.html. */
    private static List<String> sitePages(Path markdown) throws IOException {
        assertThat(markdown).as("the site's Markdown sources").isDirectory();
        try (Stream<Path> files = Files.list(markdown)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".md"))
                    .map(name -> name.substring(0, name.length() - ".md".length()) + ".html")
                    .sorted()
                    .toList();
        }
    }
}
