package io.enseada.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.RegistryProcess;
import io.enseada.shared.testing.HttpSession;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar on its embedded defaults keeps its repositories and users across a restart. */
class EmbeddedRestartIT {
    private static final Pattern GENERATED = Pattern.compile("shown only this once:\\s+(\\S+)");

    @TempDir
    Path workDir;

    @Test
    void restartKeepsRepositoriesAndTheGeneratedAdminPassword() throws Exception {
        Path config = workDir.resolve("enseada.yaml");
        Files.writeString(config, """
                repositories:
                  - name: team-images
                    format: oci
                  - name: shared-js
                    format: npm
                    visibility: public
                """);
        String password;
        try (RegistryProcess first = RegistryProcess.start(workDir, Map.of("ENSEADA_CONFIG", config.toString()))) {
            first.awaitReady(Duration.ofSeconds(30));
            Matcher matcher = GENERATED.matcher(first.output());
            assertThat(matcher.find())
                    .as("generated password printed:\n%s", first.output())
                    .isTrue();
            password = matcher.group(1);
            assertThat(get(first.url(), "/api/v1/repositories/team-images", password)
                            .status())
                    .isEqualTo(200);
            assertThat(first.stop()).as("graceful exit code").isIn(0, 143);
        }
        assertThat(workDir.resolve("data")).isDirectory();

        // Second start without the file: what the first declared must come from the data directory.
        try (RegistryProcess second = RegistryProcess.start(workDir, Map.of())) {
            second.awaitReady(Duration.ofSeconds(30));
            assertThat(second.output()).doesNotContain("shown only this once");
            HttpSession.Response images = get(second.url(), "/api/v1/repositories/team-images", password);
            assertThat(images.status()).isEqualTo(200);
            assertThat(images.text()).contains("\"format\":\"oci\"");
            HttpSession.Response all = get(second.url(), "/api/v1/repositories", password);
            assertThat(all.text())
                    .contains(
                            "\"team-images\"",
                            "\"shared-js\"",
                            "\"containers\"",
                            "\"maven-releases\"",
                            "\"maven-snapshots\"",
                            "\"npm\"");
            // The public repository is readable anonymously, the private one is not.
            assertThat(get(second.url(), "/api/v1/repositories/shared-js", null).status())
                    .isEqualTo(200);
            assertThat(get(second.url(), "/api/v1/repositories/team-images", null)
                            .status())
                    .isEqualTo(401);
            assertThat(get(second.url(), "/api/v1/repositories/team-images", "wrong")
                            .status())
                    .isEqualTo(401);
        }
    }

    private HttpSession.Response get(URI base, String path, String adminPassword) {
        HttpSession anonymous = new HttpSession(base);
        return (adminPassword == null ? anonymous : anonymous.basic("admin", adminPassword)).get(path);
    }
}
