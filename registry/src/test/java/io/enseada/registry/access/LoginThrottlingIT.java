package io.enseada.registry.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed logins slow guessers down without locking anyone else out, and behind a trusted proxy
 * each client is counted (and audited) under its own address. The test talks to the registry from
 * 127.0.0.1, declared a trusted proxy, and names the client in {@code X-Forwarded-For} as an
 * ingress controller would.
 */
class LoginThrottlingIT {
    private static final String GUESSER = "203.0.113.7";
    private static final String NEIGHBOUR = "203.0.113.8";

    @TempDir
    Path dir;

    @Test
    void validCredentialsFromAnAddressPastItsLimitAreStillAccepted() {
        try (TestRegistry registry = TestRegistry.start(
                dir,
                TestRegistry.settings(
                        "ENSEADA_TRUSTED_PROXIES", "127.0.0.1", "ENSEADA_LOGIN_FAILURES_PER_ADDRESS", "5"))) {
            HttpSession admin = registry.admin();
            assertThat(admin.post("/api/v1/users", Map.of("name", "alice", "password", "alice-password"))
                            .status())
                    .isEqualTo(201);
            String token = admin.post("/api/v1/tokens", Map.of("owner", "user:alice"))
                    .json()
                    .at("/token")
                    .asText();
            for (int i = 0; i < 5; i++) {
                assertThat(whoami(registry.anonymous().basic("guess" + i, "wrong-password"), GUESSER)
                                .status())
                        .isEqualTo(401);
            }

            HttpSession.Response refused = whoami(registry.anonymous().basic("guess9", "wrong-password"), GUESSER);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isEqualTo("300");
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("TOOMANYREQUESTS");
            assertThat(whoami(registry.anonymous().bearer(token.substring(0, token.length() - 4) + "AAAA"), GUESSER)
                            .status())
                    .as("a wrong token from there too")
                    .isEqualTo(429);

            // Valid credentials from the same address: a token, and a password never checked before.
            assertThat(whoami(registry.anonymous().bearer(token), GUESSER).status())
                    .isEqualTo(200);
            assertThat(whoami(registry.anonymous().basic("alice", "alice-password"), GUESSER)
                            .json()
                            .at("/name")
                            .asText())
                    .isEqualTo("alice");
            assertThat(whoami(registry.anonymous().basic("admin", TestRegistry.ADMIN_PASSWORD), GUESSER)
                            .status())
                    .isEqualTo(200);
            // The client next to it behind the same proxy has its own count.
            assertThat(whoami(registry.anonymous().basic("guess9", "wrong-password"), NEIGHBOUR)
                            .status())
                    .isEqualTo(401);
        }
    }

    @Test
    void anAnonymousGuesserLocksAnAccountOutOnlyForItself() {
        try (TestRegistry registry =
                TestRegistry.start(dir, TestRegistry.settings("ENSEADA_TRUSTED_PROXIES", "127.0.0.1"))) {
            assertThat(registry.admin()
                            .post("/api/v1/users", Map.of("name", "bob", "password", "bob-password"))
                            .status())
                    .isEqualTo(201);
            for (String account : new String[] {"admin", "bob"}) {
                int status = 0;
                for (int i = 0; i < 10; i++) {
                    status = whoami(registry.anonymous().basic(account, "guess-" + i), GUESSER)
                            .status();
                }
                assertThat(status)
                        .as("the 10th guess for %s is still only wrong", account)
                        .isEqualTo(401);
                HttpSession.Response locked = whoami(registry.anonymous().basic(account, "guess-10"), GUESSER);
                assertThat(locked.status()).isEqualTo(429);
                assertThat(locked.header("Retry-After")).isEqualTo("300");
            }
            // The guesser's own further attempts wait, even with the right password...
            assertThat(whoami(registry.anonymous().basic("bob", "bob-password"), GUESSER)
                            .status())
                    .isEqualTo(429);
            // ...while the accounts' owners, elsewhere, log in as usual.
            assertThat(whoami(registry.anonymous().basic("bob", "bob-password"), NEIGHBOUR)
                            .json()
                            .at("/name")
                            .asText())
                    .isEqualTo("bob");
            assertThat(whoami(registry.anonymous().basic("admin", TestRegistry.ADMIN_PASSWORD), NEIGHBOUR)
                            .status())
                    .isEqualTo(200);
            assertThat(whoami(registry.anonymous().basic("bob", "another-guess"), NEIGHBOUR)
                            .status())
                    .as("and their own typos are only wrong")
                    .isEqualTo(401);
        }
    }

    @Test
    void theAuditTrailRecordsTheClientBehindTheProxy() {
        try (TestRegistry registry =
                TestRegistry.start(dir, TestRegistry.settings("ENSEADA_TRUSTED_PROXIES", "127.0.0.0/8"))) {
            HttpSession admin = registry.admin();
            HttpSession.Response created = admin.raw(
                    "POST",
                    "/api/v1/robots",
                    Map.of("Content-Type", "application/json", "X-Forwarded-For", "198.51.100.1, " + NEIGHBOUR),
                    "{\"name\":\"ci\"}".getBytes());
            assertThat(created.status()).isEqualTo(201);
            assertThat(admin.get("/api/v1/audit?limit=1")
                            .json()
                            .at("/items/0/record/source")
                            .asText())
                    .as("the right-most address that is not a trusted proxy")
                    .isEqualTo(NEIGHBOUR);
        }
    }

    @Test
    void withoutTrustedProxiesTheHeaderChangesNothing() {
        try (TestRegistry registry =
                TestRegistry.start(dir, TestRegistry.settings("ENSEADA_LOGIN_FAILURES_PER_ADDRESS", "3"))) {
            for (int i = 0; i < 3; i++) {
                whoami(registry.anonymous().basic("guess", "wrong-password"), "198.51.100." + i);
            }
            assertThat(whoami(registry.anonymous().basic("guess", "wrong-password"), "198.51.100.200")
                            .status())
                    .as("every failure counted against the real peer")
                    .isEqualTo(429);
            HttpSession admin = registry.admin();
            admin.raw(
                    "POST",
                    "/api/v1/robots",
                    Map.of("Content-Type", "application/json", "X-Forwarded-For", NEIGHBOUR),
                    "{\"name\":\"ci\"}".getBytes());
            assertThat(admin.get("/api/v1/audit?limit=1")
                            .json()
                            .at("/items/0/record/source")
                            .asText())
                    .isEqualTo("127.0.0.1");
        }
    }

    private static HttpSession.Response whoami(HttpSession session, String client) {
        return session.raw("GET", "/api/v1/whoami", Map.of("X-Forwarded-For", client), null);
    }
}
