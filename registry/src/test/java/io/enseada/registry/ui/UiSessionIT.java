package io.enseada.registry.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI's sessions as the wire shows them: the cookies' attributes, the form tokens, the
 * redirects, what a session may and may not authenticate, and sign-out. The browser test drives
 * the same pages in Chromium; this one checks the headers a browser does not show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiSessionIT {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TempDir
    static Path work;

    private TestRegistry registry;

    @BeforeAll
    void start() throws IOException {
        Path config = Files.writeString(work.resolve("enseada.yaml"), """
                repositories:
                  - {name: team-images, format: oci}
                  - {name: team-libs, format: maven}
                  - {name: secret-npm, format: npm}
                """);
        registry = TestRegistry.start(work.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString()));
        registry.user("reader", "reader-password-1", List.of("team-*"), "read");
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void aBrowserOpeningTheRootIsSentToTheUiAndOtherClientsGetA404() {
        HttpSession.Response browser = anonymous().get("/", "Accept", "text/html,application/xhtml+xml");
        assertThat(browser.status()).isEqualTo(303);
        assertThat(browser.header("Location")).isEqualTo("/ui/");
        assertThat(anonymous().get("/", "Accept", "application/json").status()).isEqualTo(404);
    }

    @Test
    void anAnonymousVisitorIsSentToSignInAndBackToThePageAfterwards() {
        HttpSession.Response page = anonymous().get("/ui/repositories/team-images?sort=updated");
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location"))
                .isEqualTo("/ui/login?next=%2Fui%2Frepositories%2Fteam-images%3Fsort%3Dupdated");

        String session = signIn("reader", "reader-password-1", "/ui/repositories/team-images?sort=updated");

        HttpSession.Response shown = withCookie(session).get("/ui/repositories/team-images?sort=updated");
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.text()).contains("<h1>team-images</h1>").contains("docker login");
    }

    @Test
    void theSignInPageAndItsCookiesCarryTheHeadersThatKeepThemPrivate() {
        HttpSession.Response form = anonymous().get("/ui/login");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.header("Content-Security-Policy"))
                .isEqualTo("default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self';"
                        + " frame-ancestors 'none'; base-uri 'none'");
        assertThat(form.header("Cache-Control")).isEqualTo("no-store");
        assertThat(form.header("Set-Cookie"))
                .startsWith("enseada_login=")
                .contains("; Path=/ui/login;", "; HttpOnly", "; SameSite=Strict")
                .doesNotContain("Secure");
        assertThat(form.text()).doesNotContain("<script");

        HttpSession.Response signedIn = postSignIn("reader", "reader-password-1", "/ui/", Map.of());
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo("/ui/");
        String cookie = sessionCookie(signedIn);
        assertThat(cookie)
                .contains("; Path=/;", "; Max-Age=43200", "; HttpOnly", "; SameSite=Strict")
                .doesNotContain("Secure");

        HttpSession.Response behindTls =
                postSignIn("reader", "reader-password-1", "/ui/", Map.of("X-Forwarded-Proto", "https"));
        assertThat(sessionCookie(behindTls)).endsWith("; Secure");
    }

    @Test
    void aWrongPasswordOrATokenOrAFormWithoutItsTokenOpensNoSession() {
        HttpSession.Response wrong = postSignIn("reader", "not-the-password", "/ui/", Map.of());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text()).contains("Wrong user name or password.");
        assertThat(wrong.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("enseada_session="));

        HttpSession.Response unknown = postSignIn("nobody", "not-the-password", "/ui/", Map.of());
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.text()).contains("Wrong user name or password.");

        HttpSession.Response created = registry.admin().post("/api/v1/tokens", Map.of("description", "for a client"));
        String token = created.json().path("token").asText();
        HttpSession.Response withToken = postSignIn("admin", token, "/ui/", Map.of());
        assertThat(withToken.status()).isEqualTo(401);
        assertThat(withToken.text()).contains("API tokens are for clients");

        HttpSession.Response forged = anonymous()
                .raw(
                        "POST",
                        "/ui/login",
                        Map.of("Content-Type", "application/x-www-form-urlencoded"),
                        form(Map.of("username", "reader", "password", "reader-password-1")));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("enseada_session="));
    }

    @Test
    void theLoginThrottleRefusesTheFormAfterTenWrongPasswordsEvenTheRightOne() {
        registry.admin().post("/api/v1/users", Map.of("name", "guessed", "password", "guessed-password-1"));
        for (int i = 0; i < 10; i++) {
            assertThat(postSignIn("guessed", "guess-" + i, "/ui/", Map.of()).status())
                    .isEqualTo(401);
        }

        HttpSession.Response locked = postSignIn("guessed", "guessed-password-1", "/ui/", Map.of());

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(locked.text()).contains("Too many failed attempts");
        assertThat(locked.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("enseada_session="));
    }

    @Test
    void theSignInSendsOnlyToPagesOfTheUi() {
        for (String elsewhere : List.of("https://evil.example/", "//evil.example/ui/", "/api/v1/users", "/ui/\\evil")) {
            HttpSession.Response signedIn = postSignIn("reader", "reader-password-1", elsewhere, Map.of());
            assertThat(signedIn.header("Location")).as(elsewhere).isEqualTo("/ui/");
        }
    }

    @Test
    void aSessionReadsTheApiButNeverWritesThroughIt() {
        String session = signIn("admin", TestRegistry.ADMIN_PASSWORD, "/ui/");

        HttpSession.Response whoami = withCookie(session).get("/api/v1/whoami");
        assertThat(whoami.json().path("name").asText()).isEqualTo("admin");

        HttpSession.Response write = withCookie(session)
                .request("POST", "/api/v1/users")
                .header("Content-Type", "application/json")
                .body("{\"name\":\"mallory\",\"password\":\"mallory-password-1\"}".getBytes(StandardCharsets.UTF_8))
                .send();
        assertThat(write.status()).isEqualTo(401);
        assertThat(registry.admin().get("/api/v1/users/mallory").status()).isEqualTo(404);
    }

    @Test
    void aReaderIsRefusedTheAdministratorsApiWithItsSession() {
        String session = signIn("reader", "reader-password-1", "/ui/");

        assertThat(withCookie(session).get("/api/v1/users").status()).isEqualTo(403);
        HttpSession.Response dashboard = withCookie(session).get("/ui/");
        assertThat(dashboard.status()).as(dashboard.text()).isEqualTo(200);
        assertThat(dashboard.text())
                .contains("team-images", "team-libs")
                .doesNotContain("secret-npm")
                .doesNotContain("/ui/admin/users");
        assertThat(withCookie(session).get("/ui/repositories/secret-npm").status())
                .isEqualTo(403);
    }

    @Test
    void aTokenFormWithoutTheSessionsTokenIsRefusedAndCreatesNothing() {
        String session = signIn("reader", "reader-password-1", "/ui/");
        HttpSession.Response page = withCookie(session).get("/ui/admin/tokens");
        String csrf = csrf(page.text());

        HttpSession.Response forged =
                postForm(session, "/ui/admin/tokens", Map.of("description", "forged", "expires", "30"));
        HttpSession.Response wrong = postForm(
                session, "/ui/admin/tokens", Map.of("description", "forged", "expires", "30", "_csrf", csrf + "x"));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(forged.text()).contains("security token");
        assertThat(registry.admin().get("/api/v1/tokens?owner=user:reader").text())
                .doesNotContain("forged");

        HttpSession.Response created =
                postForm(session, "/ui/admin/tokens", Map.of("description", "ci job", "expires", "30", "_csrf", csrf));
        assertThat(created.status()).isEqualTo(201);
        Matcher secret = Pattern.compile("id=\"new-token\" class=\"secret\" type=\"text\" readonly value=\"([^\"]+)\"")
                .matcher(created.text());
        assertThat(secret.find()).isTrue();
        assertThat(anonymous()
                        .bearer(secret.group(1))
                        .get("/api/v1/whoami")
                        .json()
                        .path("name")
                        .asText())
                .isEqualTo("reader");
        assertThat(withCookie(session).get("/ui/admin/tokens").text())
                .contains("ci job")
                .doesNotContain(secret.group(1));
    }

    @Test
    void signingOutEndsTheSessionForEveryRequest() {
        String session = signIn("reader", "reader-password-1", "/ui/");
        String csrf = csrf(withCookie(session).get("/ui/").text());

        HttpSession.Response out = postForm(session, "/ui/logout", Map.of("_csrf", csrf));

        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/ui/login");
        assertThat(out.header("Set-Cookie")).startsWith("enseada_session=;").contains("Max-Age=0");
        assertThat(withCookie(session).get("/ui/").status()).isEqualTo(303);
        assertThat(withCookie(session).get("/api/v1/whoami").json().path("name").asText())
                .isEqualTo("anonymous");
    }

    @Test
    void aChangedPasswordEndsTheSession() {
        registry.admin().post("/api/v1/users", Map.of("name", "changer", "password", "first-password-1"));
        String session = signIn("changer", "first-password-1", "/ui/");
        assertThat(withCookie(session).get("/ui/").status()).isEqualTo(200);

        registry.admin().patch("/api/v1/users/changer", Map.of("password", "second-password-2"));

        assertThat(withCookie(session).get("/ui/").status()).isEqualTo(303);
    }

    @Test
    void aPageThatDoesNotExistIsAnHtmlNotFoundPage() {
        String session = signIn("reader", "reader-password-1", "/ui/");

        HttpSession.Response missing = withCookie(session).get("/ui/no-such-page");
        HttpSession.Response noPackage = withCookie(session).get("/ui/repositories/team-images/no-such-image");

        for (HttpSession.Response page : List.of(missing, noPackage)) {
            assertThat(page.status()).isEqualTo(404);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Content-Security-Policy")).isEqualTo(UiHeaders.CONTENT_SECURITY_POLICY);
            assertThat(page.text()).contains("<h1>Not found</h1>");
        }
    }

    @Test
    void theStylesheetIsNamedByItsContentAndCachedForAYear() {
        String page = anonymous().get("/ui/login").text();
        Matcher link = Pattern.compile("href=\"(/ui/assets/enseada\\.[0-9a-f]{12}\\.css)\"")
                .matcher(page);
        assertThat(link.find()).isTrue();

        HttpSession.Response css = anonymous().get(link.group(1), "Accept-Encoding", "gzip");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");
        assertThat(css.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(anonymous().get("/ui/assets/enseada.000000000000.css").status())
                .isEqualTo(404);
    }

    private HttpSession anonymous() {
        return registry.anonymous();
    }

    /** Signs in through the form, as a browser does; returns the session cookie's value. */
    private String signIn(String user, String password, String next) {
        HttpSession.Response response = postSignIn(user, password, next, Map.of());
        assertThat(response.status()).as(response.text()).isEqualTo(303);
        String cookie = sessionCookie(response);
        return cookie.substring("enseada_session=".length(), cookie.indexOf(';'));
    }

    private HttpSession.Response postSignIn(String user, String password, String next, Map<String, String> headers) {
        HttpSession.Response form = anonymous().get("/ui/login");
        String loginCookie = form.header("Set-Cookie");
        String token = loginCookie.substring("enseada_login=".length(), loginCookie.indexOf(';'));
        Map<String, String> sent = new LinkedHashMap<>(headers);
        sent.put("Content-Type", "application/x-www-form-urlencoded");
        sent.put("Cookie", "enseada_login=" + token);
        return anonymous()
                .raw(
                        "POST",
                        "/ui/login",
                        sent,
                        form(Map.of("username", user, "password", password, "next", next, "_csrf", csrf(form.text()))));
    }

    private HttpSession.Response postForm(String session, String path, Map<String, String> fields) {
        return anonymous()
                .raw(
                        "POST",
                        path,
                        Map.of(
                                "Content-Type",
                                "application/x-www-form-urlencoded",
                                "Cookie",
                                "enseada_session=" + session),
                        form(fields));
    }

    private HttpSession withCookie(String session) {
        return anonymous().withCookie("enseada_session=" + session);
    }

    private static String sessionCookie(HttpSession.Response response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("enseada_session="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
    }

    private static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("a form token in the page").isTrue();
        return matcher.group(1);
    }

    private static byte[] form(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
