package io.enseada.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.shared.testing.TestServices;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its chromedriver, with what a web UI test asks of a
 * page: accessibility violations (axe-core), a screenshot, the bytes the first load transferred,
 * whether it scrolls sideways on a narrow screen, and what the console logged (a blocked inline
 * script shows up there as a Content-Security-Policy violation). Both binaries are named
 * explicitly, so Selenium Manager never runs and nothing is downloaded.
 */
public final class Browser implements AutoCloseable {
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 900;
    /** A small phone held upright. */
    public static final int NARROW_WIDTH = 360;

    public static final int NARROW_HEIGHT = 800;

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Set<String> BLOCKING_IMPACTS = Set.of("serious", "critical");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;
    private final String axe;
    private final List<LogEntry> network = new ArrayList<>();
    private final List<LogEntry> console = new ArrayList<>();

    private Browser(ChromeDriver driver, String axe) {
        this.driver = driver;
        this.axe = axe;
    }

    /** A fresh browser with a throw-away profile, its viewport {@link #WIDTH} x {@link #HEIGHT}. */
    public static Browser start() {
        String axe = read(TestServices.installed("axe-core/axe.min.js"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                // tests run as root, where Chromium's sandbox refuses to start
                "--no-sandbox",
                // containers often have a 64 MiB /dev/shm, which renderers outgrow
                "--disable-dev-shm-usage",
                "--window-size=" + WIDTH + "," + HEIGHT,
                "--lang=en-US",
                // Chromium still looks up Google's hosts (accounts, clients2, www) with background
                // networking off; only localhost and 127.0.0.1 resolve, so nothing leaves the machine
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
                "--disable-component-update");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        // DevTools Network events: the bytes each response really took on the wire
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Browser browser = new Browser(driver, axe);
        browser.resize(WIDTH, HEIGHT);
        return browser;
    }

    /** The WebDriver, for what this class does not name (clicks, forms, cookies via manage()). */
    public WebDriver driver() {
        return driver;
    }

    /** Loads {@code url} and waits for its load event; what is logged from here on is this page's. */
    public void open(String url) {
        driver.manage().logs().get(LogType.PERFORMANCE);
        driver.manage().logs().get(LogType.BROWSER);
        network.clear();
        console.clear();
        driver.get(url);
    }

    /**
     * The serious and critical axe-core violations of the current page. axe is injected through
     * WebDriver, which DevTools evaluates outside the page's Content-Security-Policy, so it runs on
     * pages that allow no script at all.
     */
    public List<Violation> accessibilityViolations() {
        driver.executeScript(axe);
        Object result = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                  .then(results => done(JSON.stringify(results.violations)))
                  .catch(error => done(JSON.stringify({error: String(error)})));
                """);
        JsonNode violations = parse((String) result);
        if (violations.has("error")) {
            throw new IllegalStateException(
                    "axe-core failed: " + violations.get("error").asText());
        }
        List<Violation> blocking = new ArrayList<>();
        for (JsonNode violation : violations) {
            String impact = violation.path("impact").asText();
            if (BLOCKING_IMPACTS.contains(impact)) {
                List<String> targets = new ArrayList<>();
                violation.path("nodes").forEach(node -> targets.add(selector(node.path("target"))));
                blocking.add(new Violation(
                        violation.path("id").asText(),
                        impact,
                        violation.path("help").asText(),
                        targets));
            }
        }
        return blocking;
    }

    /** The visible part of the page (the viewport), as a PNG at {@code png}. */
    public void screenshot(Path png) throws IOException {
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Bytes the current page's load took on the wire, compressed as sent, headers included: the
     * document and every resource it pulled in (DevTools' encodedDataLength per finished request).
     */
    public long transferredBytes() {
        network.addAll(driver.manage().logs().get(LogType.PERFORMANCE).getAll());
        long bytes = 0;
        for (LogEntry entry : network) {
            JsonNode message = parse(entry.getMessage()).path("message");
            if ("Network.loadingFinished".equals(message.path("method").asText())) {
                bytes += message.path("params").path("encodedDataLength").asLong();
            }
        }
        return bytes;
    }

    /**
     * A viewport of {@code width} x {@code height} CSS pixels at one device pixel per CSS pixel,
     * set through DevTools' device emulation: headless Chromium keeps room for browser controls it
     * does not draw (a 1280 x 900 window shows a 1280 x 757 page), so sizing the window would not
     * give the page the size asked for. It lasts across navigations.
     */
    public void resize(int width, int height) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** A narrow screen: {@link #NARROW_WIDTH} pixels wide. */
    public void narrow() {
        resize(NARROW_WIDTH, NARROW_HEIGHT);
    }

    /** Whether the page is wider than the viewport, so a reader must scroll sideways. */
    public boolean scrollsSideways() {
        return (Boolean) driver.executeScript("return document.scrollingElement.scrollWidth > window.innerWidth;");
    }

    /** The viewport's size in CSS pixels. */
    public Dimension viewport() {
        @SuppressWarnings("unchecked")
        Map<String, Long> size = (Map<String, Long>)
                driver.executeScript("return {width: window.innerWidth, height: window.innerHeight};");
        return new Dimension(size.get("width").intValue(), size.get("height").intValue());
    }

    /**
     * What the current page logged as errors: its own console.error calls, uncaught exceptions,
     * failed loads and the Content-Security-Policy violations Chromium reports.
     */
    public List<String> consoleErrors() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return console.stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /**
     * The Content-Security-Policy violations the current page logged, such as an inline script
     * that was not run; Chromium words them "... violates the following Content Security Policy
     * directive ...".
     */
    public List<String> policyViolations() {
        return consoleErrors().stream()
                .filter(error -> error.contains("Content Security Policy directive"))
                .toList();
    }

    /** The current page's {@code window[name]}, null when no script set it. */
    public Object windowGlobal(String name) {
        return driver.executeScript("return window[arguments[0]] ?? null;", name);
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static String selector(JsonNode target) {
        List<String> parts = new ArrayList<>();
        target.forEach(part -> parts.add(part.isTextual() ? part.asText() : part.toString()));
        return String.join(" ", parts);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One axe-core rule a page breaks: its id, how bad (serious, critical), and where. */
    public record Violation(String id, String impact, String help, List<String> targets) {}
}
