package dev.rustmaven.sitecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.sitecheck.SiteChecker.Counts;
import dev.rustmaven.sitecheck.SiteChecker.Problem;
import dev.rustmaven.sitecheck.SiteChecker.Report;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker itself, in the browser, on tiny sites: one sound, one broken in every way it must catch. */
class SiteCheckerTest {

    private static SiteBrowser browser;

    @TempDir
    Path site;

    /** One browser for all the tests, started by the first; each test is skipped (or fails on CI) without it. */
    @BeforeEach
    void startBrowser() throws IOException {
        SiteBrowser.require();
        if (browser == null) {
            browser = SiteBrowser.start();
        }
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @DisplayName("a sound site: every reachable page opened, no problem, links to other hosts listed but not fetched")
    void soundSite(@TempDir Path elsewhere) throws IOException {
        // given a site whose deepest page is two links away, and a server on another port standing for another host
        try (StaticSiteServer otherHost = StaticSiteServer.serve(elsewhere)) {
            String other = "http://localhost:" + otherHost.base().getPort() + "/page.html";
            write("index.html", page("Home", """
                    <h1 id="top">Home</h1>
                    <p><a href="a.html">A</a>, <a href="a.html#Section_one">its first section</a>,
                    <a href="sub/">a folder</a>, <a href="#top">top</a>, <a href="#">also top</a>,
                    <a href="%s">another host</a>, <a href="mailto:dev@example.invalid">mail</a></p>
                    <p><img src="images/dot.png" alt="a dot"></p>
                    """.formatted(other)));
            write("a.html", page("A", """
                    <h2><a name="Section_one"></a>Section one</h2>
                    <p><a href="deep.html">deeper</a></p>
                    """));
            write("deep.html", page("Deep", "<p>two links away from the home page</p>"));
            write("sub/index.html", page("Sub", """
                    <p><a href="../index.html#top">back</a> <img src="../images/dot.png" alt="" loading="lazy"></p>
                    """));
            png("images/dot.png");

            // when
            Report report = SiteChecker.check(browser, site, "index.html");

            // then
            assertThat(report.problems()).isEmpty();
            assertThat(report.counts())
                    .as("links to the site, with a #fragment, images")
                    .isEqualTo(new Counts(7, 3, 2));
            assertThat(report.pages()).containsExactly("index.html", "a.html", "sub/index.html", "deep.html");
            assertThat(report.externalLinks()).containsOnlyKeys(other);
            assertThat(report.externalLinks().get(other)).containsExactly("index.html");
            assertThat(otherHost.requests()).as("requests to the other host").isZero();
            report.assertNoProblems();
        }
    }

    @Test
    @DisplayName("a broken site: each missing page, anchor, image, empty page and script error is named")
    void brokenSite() throws IOException {
        // given
        write("index.html", page("Home", """
                <h1 id="here">Home</h1>
                <p><a href="missing.html">gone</a>, <a href="page.html#nowhere">a wrong anchor</a>,
                <a href="page.html#there">a right one</a>, <a href="#not-here">a wrong one on this page</a>,
                <a href="empty.html">an empty page</a>, <a href="script.html">a failing script</a>,
                <a href="notes.txt#line">a fragment on a text file</a>, <a href="file:///etc/hosts">a file</a></p>
                <p><img src="images/missing.png" alt="missing"> <img src="images/corrupt.png" alt="corrupt"></p>
                """));
        write("page.html", page("Page", "<p id=\"there\">there</p>"));
        write("empty.html", page("Empty", ""));
        write("script.html", page("Script", "<p>text</p><script>throw new Error('deliberately broken');</script>"));
        write("notes.txt", "notes\n");
        write("images/corrupt.png", "not a picture\n");

        // when
        Report report = SiteChecker.check(browser, site, "index.html");

        // then
        assertThat(report.pages()).containsExactlyInAnyOrder("index.html", "page.html", "empty.html", "script.html");
        assertThat(report.problems())
                .filteredOn(p -> !p.href().equals(SiteChecker.CONSOLE))
                .map(Problem::toString)
                .containsExactlyInAnyOrder(
                        "index.html -> missing.html: HTTP 404",
                        "index.html -> notes.txt#line: a #fragment on a file that is not an HTML page",
                        "index.html -> file:///etc/hosts: a file: link, which the published site cannot follow",
                        "index.html -> images/missing.png: image did not load (HTTP 404)",
                        "index.html -> images/corrupt.png: image did not load (HTTP 200, but the browser cannot decode it)",
                        "empty.html -> (page): renders no text",
                        "index.html -> page.html#nowhere: no element with id or name \"nowhere\" on page.html",
                        "index.html -> #not-here: no element with id or name \"not-here\" on index.html");
        assertThat(report.problems())
                .filteredOn(p -> p.page().equals("script.html"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.href()).isEqualTo(SiteChecker.CONSOLE);
                    assertThat(p.reason()).contains("deliberately broken");
                });
        assertThat(report.problems())
                .as("what the console said on the home page: the missing image, not the browser's own favicon request")
                .filteredOn(p -> p.page().equals("index.html") && p.href().equals(SiteChecker.CONSOLE))
                .singleElement()
                .satisfies(p ->
                        assertThat(p.reason()).contains("images/missing.png").contains("404"));
        assertThatThrownBy(report::assertNoProblems)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("index.html -> missing.html: HTTP 404\n")
                .hasMessageContaining("index.html -> page.html#nowhere: no element with id or name");
    }

    @Test
    @DisplayName("a start page that is not there is one problem, not an empty success")
    void missingStartPage() throws IOException {
        // given an empty site

        // when
        Report report = SiteChecker.check(browser, site, "index.html");

        // then
        assertThat(report.problems())
                .map(Problem::toString)
                .containsExactly("index.html -> (page): the start page is not an HTML page: HTTP 404");
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title></head>
                <body>
                %s</body></html>
                """.formatted(title, body);
    }

    private void write(String path, String text) throws IOException {
        Path file = site.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void png(String path) throws IOException {
        Path file = site.resolve(path);
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xcc3300);
        ImageIO.write(image, "png", file.toFile());
    }
}
