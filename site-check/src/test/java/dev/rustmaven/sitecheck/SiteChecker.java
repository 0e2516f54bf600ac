package dev.rustmaven.sitecheck;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Crawls a site served by a {@link StaticSiteServer} from one start page, opening every HTML page it
 * reaches in the browser. A page must render (load completely, show text, not be Chromium's error
 * page, log no error to the console); every image must load; every link to the site must answer
 * HTTP 200, and its {@code #fragment} must name an element id (or {@code <a name>}) of the target page.
 * Links to other hosts are collected, never fetched.
 */
final class SiteChecker {

    /** Where render and console problems point instead of a link. */
    static final String PAGE = "(page)";

    static final String CONSOLE = "(console)";

    private static final Duration SETTLE = Duration.ofSeconds(10);

    /** What the browser sees on a page: its links, its anchors, its images and how much text it shows. */
    private static final String FACTS_SCRIPT = """
            const resolve = raw => { try { return new URL(raw, document.baseURI).href; } catch (e) { return null; } };
            const links = [];
            const add = (el, attr) => {
              const raw = el.getAttribute(attr);
              if (raw !== null) links.push([raw, resolve(raw)]);
            };
            document.querySelectorAll('a[href], area[href], link[href]').forEach(e => add(e, 'href'));
            document.querySelectorAll('script[src], iframe[src]').forEach(e => add(e, 'src'));
            const anchors = [];
            document.querySelectorAll('[id]').forEach(e => anchors.push(e.id));
            document.querySelectorAll('a[name]').forEach(e => anchors.push(e.getAttribute('name')));
            const images = Array.from(document.images).map(i =>
              [i.getAttribute('src') || '', i.currentSrc || i.src || '', i.complete && i.naturalWidth > 0]);
            return {
              url: location.href,
              readyState: document.readyState,
              text: document.body ? document.body.innerText.trim().length : 0,
              links: links,
              anchors: anchors,
              images: images
            };
            """;

    private final WebDriver driver;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Map<URI, Target> targets = new HashMap<>();

    // What one crawl has seen so far (a checker makes one crawl).
    private final Deque<String> queue = new ArrayDeque<>();
    private final Set<String> queued = new HashSet<>();
    private final List<String> pages = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Set<String>> anchors = new HashMap<>();
    private final List<FragmentLink> fragmentLinks = new ArrayList<>();
    private final SortedMap<String, SortedSet<String>> external = new TreeMap<>();
    private int links;
    private int images;

    private SiteChecker(WebDriver driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    /** One finding: the page, the link (or {@link #PAGE}, {@link #CONSOLE}) and what is wrong with it. */
    record Problem(String page, String href, String reason) {
        @Override
        public String toString() {
            return page + " -> " + href + ": " + reason;
        }
    }

    /**
     * What a crawl found: the pages opened (site paths, in the order opened), the problems, and each
     * link to another host with the pages that have it.
     */
    record Report(
            List<String> pages,
            Counts counts,
            List<Problem> problems,
            SortedMap<String, SortedSet<String>> externalLinks) {

        /** The problems, one a line, then the external links; for failure messages and the report file. */
        String describe() {
            StringBuilder out = new StringBuilder();
            out.append(pages.size())
                    .append(" pages opened; ")
                    .append(counts.links())
                    .append(" links to the site, ")
                    .append(counts.fragments())
                    .append(" of them with a #fragment, and ")
                    .append(counts.images())
                    .append(" images checked; ")
                    .append(problems.size())
                    .append(" problems")
                    .append(problems.isEmpty() ? "" : ":")
                    .append('\n');
            problems.forEach(p -> out.append("  ").append(p).append('\n'));
            out.append(externalLinks.size()).append(" external links (listed, not fetched):\n");
            externalLinks.forEach((url, from) -> out.append("  ")
                    .append(url)
                    .append("  <- ")
                    .append(String.join(", ", from))
                    .append('\n'));
            return out.toString();
        }

        /** Fails with every problem, one a line, as "page -> href: reason". */
        void assertNoProblems() {
            if (!problems.isEmpty()) {
                throw new AssertionError(
                        "the site has " + problems.size() + " broken pages, links, anchors or images:\n" + describe());
            }
        }
    }

    /** How many links to the site (how many with a fragment) and images the pages have. */
    record Counts(int links, int fragments, int images) {}

    /** What fetching a site URL gave: its HTTP status and whether it is an HTML page. */
    private record Target(int status, boolean html, String error) {
        String failure() {
            return error != null ? "not fetched: " + error : "HTTP " + status;
        }
    }

    /** A link with a fragment, checked once every page's anchors are known. */
    private record FragmentLink(String page, String href, String target, String fragment) {}

    /**
     * Serves {@code root} on loopback and checks, in {@code browser}, the page {@code start} (a path
     * below the root, such as {@code index.html}) and every page it reaches.
     */
    static Report check(SiteBrowser browser, Path root, String start) throws IOException {
        try (StaticSiteServer server = StaticSiteServer.serve(root)) {
            return new SiteChecker(browser.driver(), server.base()).crawl(start);
        }
    }

    private Report crawl(String start) {
        Target first = fetch(url(start));
        if (first.status() == 200 && first.html()) {
            queued.add(start);
            queue.add(start);
            while (!queue.isEmpty()) {
                visit(queue.removeFirst());
            }
            checkFragments();
        } else {
            problems.add(new Problem(start, PAGE, "the start page is not an HTML page: " + first.failure()));
        }
        Counts counts = new Counts(links, fragmentLinks.size(), images);
        return new Report(List.copyOf(pages), counts, List.copyOf(problems), external);
    }

    private void visit(String page) {
        pages.add(page);
        Map<String, Object> facts = open(page);
        if (facts == null) {
            return;
        }
        anchors.put(page, new HashSet<>(strings(facts.get("anchors"))));
        for (List<Object> link : rows(facts.get("links"))) {
            checkLink(page, String.valueOf(link.get(0)), link.get(1));
        }
        for (List<Object> image : rows(facts.get("images"))) {
            checkImage(page, String.valueOf(image.get(0)), String.valueOf(image.get(1)), image.get(2));
        }
        checkConsole(page);
    }

    private void checkLink(String page, String href, Object resolved) {
        URI uri;
        try {
            uri = new URI(String.valueOf(resolved));
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (resolved == null || uri == null) {
            problems.add(new Problem(page, href, "not a valid URL"));
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "mailto", "tel", "data", "javascript" -> {
                // Not a page or a file of the site: nothing to fetch.
            }
            case "http", "https" -> {
                if (isSite(uri)) {
                    checkSiteLink(page, href, uri);
                } else {
                    external.computeIfAbsent(withoutFragment(uri).toString(), u -> new TreeSet<>())
                            .add(page);
                }
            }
            default ->
                problems.add(new Problem(page, href, "a " + scheme + ": link, which the published site cannot follow"));
        }
    }

    /** A link to the site: its target must answer 200; an HTML target is crawled, its fragment checked later. */
    private void checkSiteLink(String page, String href, URI uri) {
        links++;
        URI file = withoutFragment(uri);
        Target target = fetch(file);
        if (target.status() != 200) {
            problems.add(new Problem(page, href, target.failure()));
            return;
        }
        String targetPage = sitePath(file);
        if (target.html() && queued.add(targetPage)) {
            queue.addLast(targetPage);
        }
        String fragment = uri.getFragment();
        if (fragment == null || fragment.isEmpty()) {
            return;
        }
        if (target.html()) {
            fragmentLinks.add(new FragmentLink(page, href, targetPage, fragment));
        } else {
            problems.add(new Problem(page, href, "a #fragment on a file that is not an HTML page"));
        }
    }

    private void checkImage(String page, String src, String loadedFrom, Object loaded) {
        images++;
        if (Boolean.TRUE.equals(loaded)) {
            return;
        }
        String detail = loadedFrom.isEmpty() ? "no source" : describeImage(loadedFrom);
        problems.add(new Problem(page, src, "image did not load (" + detail + ")"));
    }

    private void checkConsole(String page) {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER).getAll()) {
            // Chromium asks every host for /favicon.ico on its own; a page that names an icon has it
            // checked as a link.
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && !entry.getMessage().startsWith(base.resolve("/favicon.ico") + " ")) {
                problems.add(new Problem(page, CONSOLE, entry.getMessage()));
            }
        }
    }

    /** Once every page is open: each fragment must name an anchor of its target page. */
    private void checkFragments() {
        for (FragmentLink link : fragmentLinks) {
            Set<String> ids = anchors.get(link.target());
            if (ids != null && !ids.contains(link.fragment())) {
                problems.add(new Problem(
                        link.page(),
                        link.href(),
                        "no element with id or name \"" + link.fragment() + "\" on " + link.target()));
            }
        }
    }

    /** Opens a page in the browser and waits for it and its images; null (and a problem) when it failed. */
    private Map<String, Object> open(String page) {
        try {
            driver.get(url(page).toString());
        } catch (RuntimeException e) {
            problems.add(new Problem(page, PAGE, "the browser could not open it: " + firstLine(e.getMessage())));
            return null;
        }
        JavascriptExecutor js = (JavascriptExecutor) driver;
        // Lazy images load only when scrolled to: have them all load now.
        js.executeScript("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager');");
        boolean settled = waitFor(
                js, "return document.readyState === 'complete' && Array.from(document.images).every(i => i.complete);");
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = (Map<String, Object>) js.executeScript(FACTS_SCRIPT);
        String url = String.valueOf(facts.get("url"));
        if (url.startsWith("chrome-error:")) {
            problems.add(new Problem(page, PAGE, "Chromium shows its error page"));
            return null;
        }
        if (!settled) {
            problems.add(new Problem(
                    page,
                    PAGE,
                    "not loaded within " + SETTLE.toSeconds() + " s (document.readyState " + facts.get("readyState")
                            + ", or an image still loading)"));
        }
        if (((Number) facts.get("text")).longValue() == 0) {
            problems.add(new Problem(page, PAGE, "renders no text"));
        }
        return facts;
    }

    private static boolean waitFor(JavascriptExecutor js, String condition) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(js.executeScript(condition))) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private String describeImage(String loaded) {
        URI uri = URI.create(loaded);
        if (!isSite(uri)) {
            return "from another host: " + uri.getHost();
        }
        Target target = fetch(withoutFragment(uri));
        return target.status() == 200 ? "HTTP 200, but the browser cannot decode it" : target.failure();
    }

    /** The URL of a page given by its path below the site's root. */
    private URI url(String page) {
        try {
            return base.resolve(new URI(null, null, page, null));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a path: " + page, e);
        }
    }

    private boolean isSite(URI uri) {
        return base.getScheme().equalsIgnoreCase(uri.getScheme())
                && base.getAuthority().equalsIgnoreCase(uri.getAuthority());
    }

    /** The path below the site's root that a site URL names; a directory stands for its index.html. */
    private static String sitePath(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
        return path.isEmpty() || path.endsWith("/") ? path + "index.html" : path;
    }

    private Target fetch(URI uri) {
        return targets.computeIfAbsent(uri, this::request);
    }

    private Target request(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            String type = response.headers().firstValue("Content-Type").orElse("");
            return new Target(response.statusCode(), type.startsWith("text/html"), null);
        } catch (IOException e) {
            return new Target(0, false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Target(0, false, "interrupted");
        }
    }

    private static URI withoutFragment(URI uri) {
        String text = uri.toString();
        int hash = text.indexOf('#');
        return hash < 0 ? uri : URI.create(text.substring(0, hash));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Object>> rows(Object value) {
        return value instanceof List<?> list ? (List<List<Object>>) list : List.of();
    }
}
