package io.enseada.registry.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.lifecycle.ImageLayout;
import io.enseada.registry.testing.Browser;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.Mvn;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web UI in a real headless Chromium, over content the real clients put there: an image
 * pushed by skopeo, a jar deployed by mvn, a package published by npm (with a README that tries
 * to run script). Every page is checked with axe-core and on a narrow screen; the main pages are
 * photographed into {@code docs/ui/} for the README, and the page budget is written to
 * {@code target/ui-budget.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiBrowserIT {
    private static final int MIB = 1 << 20;
    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;
    private static final Path SCREENSHOTS = Path.of("..", "docs", "ui");
    private static final String README = """
            # ui-demo

            A demo package for **Enseada**.

            | Option | Default |
            |--------|---------|
            | retries | 3 |

            <script>window.pwned = 1</script>
            <img src="x" onerror="window.pwned = 2">

            [a link](javascript:window.pwned=3)
            """;

    @TempDir
    static Path work;

    private TestRegistry registry;
    private Browser browser;
    private ImageLayout.Image image;
    private byte[] jar;
    private final Map<String, String> budget = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        Path config = Files.writeString(work.resolve("enseada.yaml"), """
                repositories:
                  - {name: images, format: oci}
                  - {name: libs, format: maven}
                  - {name: js, format: npm}
                """);
        registry = TestRegistry.start(
                work.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString(), "ENSEADA_GC_GRACE_PERIOD", "PT0S"));
        registry.user("reader", "reader-password-1", List.of("*"), "read");

        image = ImageLayout.write(
                work.resolve("layout"),
                "1.0",
                List.of(ImageLayout.randomLayer(3 * MIB, 1), ImageLayout.randomLayer(2 * MIB, 2)));
        Cli.of(
                        "skopeo",
                        "--insecure-policy",
                        "copy",
                        "--dest-creds",
                        CREDS,
                        "--dest-tls-verify=false",
                        "oci:" + work.resolve("layout") + ":1.0",
                        "docker://127.0.0.1:" + registry.port() + "/images/app:1.0")
                .timeout(Duration.ofMinutes(3))
                .run()
                .assertSucceeded();

        jar = new byte[MIB];
        new Random(7).nextBytes(jar);
        Path jarFile = Files.write(work.resolve("demo-lib-1.0.jar"), jar);
        Mvn.Run deployed = Mvn.run(
                work,
                Mvn.settings(work.resolve("settings.xml"), "admin", TestRegistry.ADMIN_PASSWORD),
                work.resolve("m2"),
                "org.apache.maven.plugins:maven-deploy-plugin:3.1.4:deploy-file",
                "-Dfile=" + jarFile,
                "-DgroupId=com.example.ui",
                "-DartifactId=demo-lib",
                "-Dversion=1.0",
                "-Dpackaging=jar",
                "-DrepositoryId=enseada",
                "-Durl=http://127.0.0.1:" + registry.port() + "/maven/libs");
        assertThat(deployed.exit()).as(deployed.output()).isZero();

        Path pkg = Files.createDirectories(work.resolve("ui-demo"));
        Files.writeString(pkg.resolve("package.json"), """
                {"name":"ui-demo","version":"1.2.0","description":"a demo package for the web UI",
                 "keywords":["demo","browser"],"license":"MIT","dependencies":{"left-pad":"^1.3.0"}}
                """);
        Files.writeString(pkg.resolve("README.md"), README);
        Files.writeString(pkg.resolve("index.js"), "module.exports = 1;\n");
        Cli.Result published = npm(npmrc("_auth=" + base64(CREDS)), pkg, "publish");
        assertThat(published.exit()).as(published.output()).isZero();

        browser = Browser.start();
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (registry != null) {
            registry.close();
        }
        StringBuilder report = new StringBuilder();
        budget.forEach(
                (what, value) -> report.append(what).append(": ").append(value).append('\n'));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "ui-budget.txt"), report.toString());
        System.out.print("UI page budget:\n" + report);
    }

    @Test
    @Order(1)
    void anAdministratorSignsInAndTheDashboardListsTheRepositoriesByFormat() throws IOException {
        browser.open(url("/ui/"));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/ui/login?next=%2Fui%2F");
        checkPage("login");

        signIn("admin", TestRegistry.ADMIN_PASSWORD);

        assertThat(browser.driver().getCurrentUrl()).isEqualTo(url("/ui/"));
        String dashboard = text("main");
        assertThat(dashboard).contains("Container images", "Maven", "npm", "images", "libs", "js", "Recently pushed");
        assertThat(dashboard).contains("app", "com.example.ui:demo-lib");
        checkPage("dashboard");

        // a cold first load: a new profile holding only this session's cookie, set from a page that loads nothing
        String session =
                browser.driver().manage().getCookieNamed(SessionCookies.SESSION).getValue();
        try (Browser fresh = Browser.start()) {
            fresh.open(url("/health/live"));
            fresh.driver().manage().addCookie(new org.openqa.selenium.Cookie(SessionCookies.SESSION, session));
            fresh.open(url("/ui/"));
            assertThat(fresh.driver().getTitle()).startsWith("Dashboard");
            budget.put(
                    "dashboard, first load, bytes on the wire (compressed)", Long.toString(fresh.transferredBytes()));
        }
    }

    @Test
    @Order(2)
    void theImagePushedBySkopeoShowsItsTagDigestAndLayers() throws IOException {
        browser.open(url("/ui/"));
        clickAndWait(By.linkText("images"));
        assertThat(text("h1")).isEqualTo("images");
        assertThat(text("pre.snippet")).contains("docker pull 127.0.0.1:" + registry.port() + "/images/IMAGE:TAG");
        checkPage("repository");

        clickAndWait(By.linkText("app"));

        assertThat(text("h1")).isEqualTo("app");
        WebElement tag = browser.driver().findElement(By.xpath("//table//th[@scope='row'][text()='1.0']/.."));
        assertThat(tag.findElement(By.cssSelector("code")).getAttribute("title"))
                .isEqualTo(image.manifest());
        assertThat(text("main"))
                .contains(image.manifest(), "3.0 MiB", "2.0 MiB", "application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(browser.driver().findElements(By.cssSelector("table.layers tbody tr")))
                .hasSize(2);
        checkPage("image");
    }

    @Test
    @Order(3)
    void theJarDeployedByMvnDownloadsFromItsPage() throws Exception {
        browser.open(url("/ui/repositories/libs"));
        clickAndWait(By.linkText("com.example.ui:demo-lib"));

        assertThat(text("h1")).startsWith("demo-lib");
        WebElement link = browser.driver().findElement(By.linkText("demo-lib-1.0.jar"));
        String sha1 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(jar));
        assertThat(text("main")).contains(sha1);
        checkPage("artifact");

        // the link carries the browser's session, as a click on it does
        String session =
                browser.driver().manage().getCookieNamed(SessionCookies.SESSION).getValue();
        HttpSession.Response download = registry.anonymous()
                .withCookie(SessionCookies.SESSION + "=" + session)
                .get(Path.of(java.net.URI.create(link.getAttribute("href")).getPath())
                        .toString());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(jar);
        assertThat(registry.anonymous()
                        .get("/maven/libs/com/example/ui/demo-lib/1.0/demo-lib-1.0.jar")
                        .status())
                .as("the repository is private: without the session the same link is refused")
                .isEqualTo(401);
    }

    @Test
    @Order(5)
    void searchFindsEachFormatsPackage() throws IOException {
        for (String[] query :
                List.of(new String[] {"app", "app"}, new String[] {"demo-lib", "com.example.ui:demo-lib"})) {
            browser.open(url("/ui/"));
            WebElement box = browser.driver().findElement(By.id("site-search"));
            box.sendKeys(query[0]);
            box.submit();
            assertThat(browser.driver().findElements(By.cssSelector("ul.results a")))
                    .as(query[0])
                    .extracting(WebElement::getText)
                    .contains(query[1]);
        }
        checkPage("search");
    }

    @Test
    @Order(6)
    void aTokenCreatedInTheUiPublishesWithNpm() throws IOException {
        browser.open(url("/ui/admin/tokens"));
        browser.driver().findElement(By.id("description")).sendKeys("npm publish from CI");
        new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("repository")))
                .selectByVisibleText("js");
        browser.driver().findElement(By.id("access-write")).click();
        clickAndWait(By.cssSelector("form[action='/ui/admin/tokens'] button"));

        String token = browser.driver().findElement(By.id("new-token")).getAttribute("value");
        assertThat(token).isNotBlank();
        checkPage("tokens");

        Path pkg = Files.createDirectories(work.resolve("token-demo"));
        Files.writeString(
                pkg.resolve("package.json"), "{\"name\":\"token-demo\",\"version\":\"0.1.0\",\"license\":\"MIT\"}");
        Cli.Result published = npm(npmrc("_authToken=" + token), pkg, "publish");
        assertThat(published.exit()).as(published.output()).isZero();

        browser.open(url("/ui/admin/tokens"));
        assertThat(text("main")).contains("npm publish from CI").doesNotContain(token);
    }

    @Test
    @Order(7)
    void anAdministratorManagesUsersRobotsPoliciesTheAuditLogAndStorage() throws IOException {
        browser.open(url("/ui/admin/users"));
        browser.driver().findElement(By.id("name")).sendKeys("carol");
        browser.driver().findElement(By.id("password")).sendKeys("carol-password-1");
        clickAndWait(By.cssSelector("form[action='/ui/admin/users'] button"));
        assertThat(text("main")).contains("carol");
        checkPage("users");

        browser.open(url("/ui/admin/policies"));
        browser.driver().findElement(By.id("name")).sendKeys("carol-reads-js");
        browser.driver().findElement(By.id("subjects")).sendKeys("user:carol");
        browser.driver().findElement(By.id("rules")).sendKeys("js read");
        clickAndWait(By.cssSelector("form[action='/ui/admin/policies'] button"));
        assertThat(text("main")).contains("carol-reads-js");
        checkPage("policies");
        assertThat(registry.anonymous()
                        .basic("carol", "carol-password-1")
                        .get("/api/v1/whoami")
                        .text())
                .as("the user made in the UI signs in, with the rights of the policy made in the UI")
                .contains("\"repository\":\"js\"")
                .doesNotContain("\"repository\":\"libs\"");

        browser.open(url("/ui/admin/robots"));
        checkPage("robots");

        browser.open(url("/ui/admin/audit?who=admin&action=user.create"));
        assertThat(text("main")).contains("user:carol").doesNotContain("policy.create");
        checkPage("audit");

        assertThat(registry.admin()
                        .delete("/v2/images/app/manifests/" + image.manifest())
                        .status())
                .isEqualTo(202);
        browser.open(url("/ui/admin/storage"));
        clickAndWait(By.cssSelector("form[action='/ui/admin/storage/preview'] button"));
        assertThat(text("main")).contains("Garbage collection preview", "would be freed", "images");
        checkPage("storage");
    }

    @Test
    @Order(8)
    void aFormPostedWithoutItsSecurityTokenIsRefused() {
        browser.open(url("/ui/admin/tokens"));
        browser.driver().findElement(By.id("description")).sendKeys("forged");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript(
                        "document.querySelector(\"form[action='/ui/admin/tokens'] input[name='_csrf']\").remove()");
        clickAndWait(By.cssSelector("form[action='/ui/admin/tokens'] button"));

        assertThat(text("h1")).isEqualTo("Access denied");
        assertThat(text("main")).contains("security token");
        assertThat(registry.admin().get("/api/v1/tokens").text()).doesNotContain("forged");
    }

    @Test
    @Order(9)
    void signingOutReturnsToTheSignInPage() {
        browser.open(url("/ui/"));
        clickAndWait(By.cssSelector("form.signout button"));

        assertThat(browser.driver().getCurrentUrl()).isEqualTo(url("/ui/login"));
        browser.open(url("/ui/"));
        assertThat(browser.driver().getCurrentUrl()).contains("/ui/login");
    }

    @Test
    @Order(10)
    void aReaderSeesNoAdministrationAndIsRefusedItsPagesAndApi() throws IOException {
        browser.open(url("/ui/login"));
        signIn("reader", "reader-password-1");

        assertThat(browser.driver().findElements(By.linkText("Users"))).isEmpty();
        assertThat(text("main")).contains("images", "libs", "js");
        for (String page : List.of(
                "/ui/admin/users", "/ui/admin/robots", "/ui/admin/policies", "/ui/admin/audit", "/ui/admin/storage")) {
            browser.open(url(page));
            assertThat(text("h1")).as(page).isEqualTo("Access denied");
        }
        browser.open(url("/api/v1/users"));
        assertThat(text("body")).contains("DENIED");
        String session =
                browser.driver().manage().getCookieNamed(SessionCookies.SESSION).getValue();
        assertThat(registry.anonymous()
                        .withCookie(SessionCookies.SESSION + "=" + session)
                        .get("/api/v1/users")
                        .status())
                .isEqualTo(403);
        browser.open(url("/ui/admin/tokens"));
        checkPage("tokens-reader");
    }

    private void signIn(String user, String password) {
        browser.driver().findElement(By.id("username")).sendKeys(user);
        browser.driver().findElement(By.id("password")).sendKeys(password);
        clickAndWait(By.cssSelector("form[action='/ui/login'] button"));
    }

    /** No serious or critical accessibility violation, no sideways scrolling at 360 px, and a screenshot. */
    private void checkPage(String name) throws IOException {
        assertThat(browser.accessibilityViolations()).as(name).isEmpty();
        assertThat(browser.policyViolations()).as(name).isEmpty();
        Files.createDirectories(SCREENSHOTS);
        browser.screenshot(SCREENSHOTS.resolve(name + ".png"));
        browser.narrow();
        try {
            assertThat(browser.scrollsSideways())
                    .as(name + " on a 360 px screen; too wide: " + tooWide())
                    .isFalse();
        } finally {
            browser.resize(Browser.WIDTH, Browser.HEIGHT);
        }
    }

    /** The innermost elements that reach past the viewport's right edge, for a failure's message. */
    private Object tooWide() {
        return ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript(
                        "return [...document.querySelectorAll('body *')]"
                                + ".filter(e => e.getBoundingClientRect().right > innerWidth + 1"
                                + " && ![...e.children].some(c => c.getBoundingClientRect().right > innerWidth + 1))"
                                + ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
    }

    /** Clicks a link or a form's button and waits until the page it leads to has replaced this one. */
    private void clickAndWait(By button) {
        WebElement clicked = browser.driver().findElement(button);
        clicked.click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(clicked));
    }

    private String text(String css) {
        return browser.driver().findElement(By.cssSelector(css)).getText();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + registry.port() + path;
    }

    private Path npmrc(String credential) throws IOException {
        String registryUrl = "//127.0.0.1:" + registry.port() + "/npm/js/";
        return Files.writeString(
                Files.createTempFile(work, "npmrc", ""),
                "registry=http:" + registryUrl + "\n" + registryUrl + ":" + credential + "\n");
    }

    private Cli.Result npm(Path npmrc, Path dir, String... args) {
        return Cli.npm(work, npmrc, dir, args);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
