package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, driven through Debian's chromedriver (packages {@code chromium} and {@code chromium-driver}):
 * no browser or driver is downloaded, ever. Started headless with the flags this machine's closed network needs
 * (Chromium's own background connections would otherwise hang or fail), a fresh profile per browser, and either a
 * desktop window or a phone's viewport. It injects axe-core from {@code node_modules} into pages and writes
 * screenshots.
 */
public final class Chromium implements AutoCloseable {
    static final String INSTALL = "apt-get install -y chromium chromium-driver";
    private static final List<Path> BROWSERS = List.of(Path.of("/usr/bin/chromium"),
            Path.of("/usr/bin/chromium-browser"));
    private static final List<Path> DRIVERS = List.of(Path.of("/usr/bin/chromedriver"),
            Path.of("/usr/lib/chromium/chromedriver"));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A browser window: a desktop one, or a phone's viewport (mobile emulation: touch, the viewport meta tag). */
    public record Viewport(String name, int width, int height, boolean phone) {
        public static final Viewport DESKTOP = new Viewport("desktop-1280", 1280, 900, false);
        public static final Viewport PHONE = new Viewport("phone-390x844", 390, 844, true);
    }

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final Viewport viewport;

    private Chromium(ChromeDriver driver, ChromeDriverService service, Path profile, Viewport viewport) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
        this.viewport = viewport;
    }

    /** Starts a browser, or fails the test saying how to install one. */
    public static Chromium start(Viewport viewport) {
        Path browser = BROWSERS.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Path driverFile = DRIVERS.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (browser == null || driverFile == null) {
            fail("The browser tests need Debian's Chromium and its driver, and " + (browser == null
                    ? "chromium is not installed (looked for " + BROWSERS + ")"
                    : "chromium-driver is not installed (looked for " + DRIVERS + ")")
                    + ". Install them as root with: " + INSTALL
                    + " (./countersign test runs that itself when it runs as root).");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("countersign-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=" + viewport.width() + "," + viewport.height());
        if (viewport.phone()) {
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of("width",
                    viewport.width(), "height", viewport.height(), "pixelRatio", 2.0, "touch", true)));
        }
        // The driver's path is given, so Selenium Manager (which would download one) is never asked.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverFile.toFile())
                .usingAnyFreePort().withSilent(true).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return new Chromium(driver, service, profile, viewport);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Viewport viewport() {
        return viewport;
    }

    /** axe-core's violations on the current page, as {@code "rule: help (n nodes: selectors)"} lines. */
    public List<String> axeViolations(Path projectRoot) {
        Path axe = projectRoot.resolve("node_modules/axe-core/axe.min.js");
        if (!Files.isRegularFile(axe)) {
            fail("axe-core is not installed (" + axe + " is missing): run npm ci in " + projectRoot
                    + " (./countersign test does)");
        }
        JavascriptExecutor js = driver;
        try {
            js.executeScript(Files.readString(axe));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object result = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations)), e => done('failed: ' + e));");
        String text = String.valueOf(result);
        assertThat(text).as("axe-core ran").doesNotStartWith("failed:");
        try {
            JsonNode violations = JSON.readTree(text);
            return Stream.of(JSON.convertValue(violations, JsonNode[].class)).map(v -> v.path("id").asText() + ": "
                    + v.path("help").asText() + " (" + v.path("nodes").size() + " nodes: "
                    + v.path("nodes").findValuesAsText("html").stream().limit(3).toList() + ")").toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the page as the approver sees it first ({@code <name>.png}, the viewport) and whole
     * ({@code <name>-full.png}).
     */
    public void screenshot(Path folder, String name) {
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
            double width = ((Number) size.get("width")).doubleValue();
            double height = Math.min(((Number) size.get("height")).doubleValue(), 16_000);
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height,
                            "scale", 1)));
            Files.write(folder.resolve(name + "-full.png"), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary profile is harmless
            }
        }
    }
}
