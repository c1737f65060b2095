package io.enseada.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.RegistryProcess;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar across restarts: ENSEADA_ADMIN_PASSWORD only seeds a missing admin, whatever
 * happens to the account later stays, and {@code reset-admin-password} is the way back in.
 */
class AdminBootstrapIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Pattern GENERATED = Pattern.compile("shown only this once:\\s+(\\S+)");
    private static final String RESET = "reset-admin-password";

    @TempDir
    Path workDir;

    @Test
    void thePasswordVariableSeedsAdminOnceAndTheResetCommandRecoversIt() throws Exception {
        Map<String, String> seeded = Map.of("ENSEADA_ADMIN_PASSWORD", "seed-password-1");
        try (RegistryProcess first = RegistryProcess.start(workDir, seeded).awaitReady(START)) {
            HttpSession seed = session(first, "admin", "seed-password-1");
            assertThat(seed.patch("/api/v1/users/admin", Map.of("password", "changed-password-1"))
                            .status())
                    .isEqualTo(200);
            HttpSession changed = session(first, "admin", "changed-password-1");
            assertThat(changed.post(
                                    "/api/v1/users",
                                    Map.of("name", "root", "password", "root-password-1", "admin", true))
                            .status())
                    .isEqualTo(201);
            assertThat(session(first, "root", "root-password-1")
                            .patch("/api/v1/users/admin", Map.of("disabled", true))
                            .status())
                    .isEqualTo(200);
            assertThat(first.stop()).isIn(0, 143);
        }

        try (RegistryProcess second = RegistryProcess.start(workDir, seeded).awaitReady(START)) {
            assertThat(session(second, "admin", "seed-password-1")
                            .get("/api/v1/whoami")
                            .status())
                    .as("the variable did not put its password back")
                    .isEqualTo(401);
            assertThat(session(second, "admin", "changed-password-1")
                            .get("/api/v1/whoami")
                            .status())
                    .as("nor re-enable the account")
                    .isEqualTo(401);
            assertThat(second.output())
                    .contains("ENSEADA_ADMIN_PASSWORD only sets the password of a new admin and is not applied");
            HttpSession root = session(second, "root", "root-password-1");
            assertThat(root.patch("/api/v1/users/admin", Map.of("disabled", false))
                            .status())
                    .isEqualTo(200);
            assertThat(session(second, "admin", "changed-password-1")
                            .get("/api/v1/whoami")
                            .json()
                            .at("/name")
                            .asText())
                    .isEqualTo("admin");

            // Taken away admin's rights and disabled again: the reset must undo both. It needs the
            // embedded store to itself, so it refuses while the registry runs.
            assertThat(root.patch("/api/v1/users/admin", Map.of("admin", false, "disabled", true))
                            .status())
                    .isEqualTo(200);
            try (RegistryProcess busy =
                    RegistryProcess.start(workDir, Map.of("ENSEADA_ADMIN_PASSWORD", "recovered-password-1"), RESET)) {
                assertThat(busy.awaitExit(START)).as(busy.output()).isEqualTo(2);
                assertThat(busy.output()).contains("stop the registry that uses this data directory first");
            }
            assertThat(second.stop()).isIn(0, 143);
        }

        try (RegistryProcess reset =
                RegistryProcess.start(workDir, Map.of("ENSEADA_ADMIN_PASSWORD", "recovered-password-1"), RESET)) {
            assertThat(reset.awaitExit(START)).as(reset.output()).isZero();
            assertThat(reset.output())
                    .contains("the password of user 'admin' is now the one in ENSEADA_ADMIN_PASSWORD")
                    .doesNotContain("recovered-password-1");
        }

        try (RegistryProcess third = RegistryProcess.start(workDir, seeded).awaitReady(START)) {
            HttpSession recovered = session(third, "admin", "recovered-password-1");
            assertThat(recovered.get("/api/v1/whoami").json().at("/admin").asBoolean())
                    .isTrue();
            assertThat(recovered.get("/api/v1/users").status()).isEqualTo(200);
            assertThat(session(third, "admin", "changed-password-1")
                            .get("/api/v1/whoami")
                            .status())
                    .isEqualTo(401);
            assertThat(session(third, "admin", "seed-password-1")
                            .get("/api/v1/whoami")
                            .status())
                    .isEqualTo(401);
            assertThat(session(third, "root", "root-password-1")
                            .get("/api/v1/whoami")
                            .status())
                    .as("other users untouched")
                    .isEqualTo(200);
        }
    }

    @Test
    void withoutAPasswordTheResetGeneratesOneAndShowsItOnce() throws Exception {
        String firstPassword;
        try (RegistryProcess first = RegistryProcess.start(workDir, Map.of()).awaitReady(START)) {
            firstPassword = generated(first.output());
            assertThat(session(first, "admin", firstPassword)
                            .get("/api/v1/whoami")
                            .status())
                    .isEqualTo(200);
        }
        String resetPassword;
        try (RegistryProcess reset = RegistryProcess.start(workDir, Map.of(), RESET)) {
            assertThat(reset.awaitExit(START)).as(reset.output()).isZero();
            resetPassword = generated(reset.output());
        }
        assertThat(resetPassword).isNotEqualTo(firstPassword);
        try (RegistryProcess second = RegistryProcess.start(workDir, Map.of()).awaitReady(START)) {
            assertThat(second.output()).doesNotContain("shown only this once");
            assertThat(session(second, "admin", resetPassword)
                            .get("/api/v1/whoami")
                            .status())
                    .isEqualTo(200);
            assertThat(session(second, "admin", firstPassword)
                            .get("/api/v1/whoami")
                            .status())
                    .isEqualTo(401);
        }
    }

    @Test
    void anUnknownCommandIsRefusedWithItsUsage() throws Exception {
        try (RegistryProcess unknown = RegistryProcess.start(workDir, Map.of(), "reset-everything")) {
            assertThat(unknown.awaitExit(START)).isEqualTo(2);
            assertThat(unknown.output()).contains("unknown command 'reset-everything'", RESET);
        }
    }

    private static String generated(String output) {
        Matcher matcher = GENERATED.matcher(output);
        assertThat(matcher.find()).as("a generated password in:\n%s", output).isTrue();
        return matcher.group(1);
    }

    private static HttpSession session(RegistryProcess registry, String user, String password) {
        return new HttpSession(registry.url(), null).basic(user, password);
    }
}
