package dev.rustmaven.sitecheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium driven through chromedriver, both given by path (Debian's {@code chromium} and
 * {@code chromium-driver}), so that Selenium Manager never looks for, or downloads, a browser or driver.
 */
final class SiteBrowser implements AutoCloseable {

    /**
     * Selenium looks for a DevTools binding matching the browser's version and warns when it has none;
     * the check never uses DevTools. Held here so that the setting is not collected with the logger.
     */
    private static final Logger CDP_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriver driver;
    private final Path profile;

    private SiteBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** The browser named by the build ({@code site.check.chromium}, {@code site.check.chromedriver}). */
    static Path chromium() {
        return Path.of(System.getProperty("site.check.chromium", "/usr/bin/chromium"));
    }

    static Path chromedriver() {
        return Path.of(System.getProperty("site.check.chromedriver", "/usr/bin/chromedriver"));
    }

    /**
     * Skips the calling test with a loud message when Chromium or chromedriver is missing, and fails it
     * on CI ({@code CI=true}), where a skip would hide that the site was never checked.
     */
    static void require() {
        List<String> missing = new ArrayList<>();
        for (Path tool : List.of(chromium(), chromedriver())) {
            if (!Files.isExecutable(tool)) {
                missing.add(tool.toString());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "NOT RUN: this test needs headless Chromium and chromedriver; missing " + missing
                + " (apt-get install chromium chromium-driver, or set -Dsite.check.chromium and"
                + " -Dsite.check.chromedriver)";
        System.err.println("*** " + message);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: a missing prerequisite is a failure)");
        }
        Assumptions.abort(message);
    }

    /** Starts headless Chromium with a new, empty profile. */
    static SiteBrowser start() throws IOException {
        Path profile = Files.createTempDirectory("site-check-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().toFile());
        // Without the background-networking switches Chromium keeps calling home, and the closed network
        // refuses those connections many at a time.
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new SiteBrowser(driver, profile);
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
