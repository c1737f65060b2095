package io.enseada.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.config.SettingsLoader;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.Readme;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the README's "Proxy and group repositories" section tells a user to paste, run as written. */
class ProxyReadmeIT {
    @TempDir
    Path dir;

    @Test
    void theYamlExampleIsAValidConfiguration() throws Exception {
        Path config = dir.resolve("enseada.yaml");
        Files.writeString(config, Readme.block("yaml", "protectHostedPackages: true"));

        List<RepositorySpec> repositories = new SettingsLoader(Map.of("ENSEADA_CONFIG", config.toString()))
                .load()
                .repositories();

        assertThat(repositories)
                .extracting(r -> r.name() + ":" + r.kind().wireName())
                .containsExactly(
                        "npm:hosted",
                        "npmjs:proxy",
                        "npm-all:group",
                        "maven-releases:hosted",
                        "maven-central:proxy",
                        "maven-all:group");
        assertThat(repositories.get(1).proxy().credentials().username()).isEqualTo("ci");
    }

    @Test
    void theQuickStartCommandsCreateAProxyAndAGroupAndEmptyTheCache() throws Exception {
        try (TestRegistry registry = TestRegistry.start(dir.resolve("data"), Map.of())) {
            String create = Readme.pointedAt(
                    Readme.block("sh", "\"name\":\"npm-all\""), registry.port(), TestRegistry.ADMIN_PASSWORD, "");
            Cli.Result created = Cli.of("bash", "-e", "-c", create).in(dir).succeed();

            HttpSession admin = registry.admin();
            assertThat(admin.get("/api/v1/repositories/npmjs")
                            .json()
                            .path("kind")
                            .asText())
                    .isEqualTo(RepositoryKind.PROXY.wireName());
            JsonNode group = admin.get("/api/v1/repositories/npm-all").json();
            assertThat(group.at("/group/members/1").asText()).isEqualTo("npmjs");
            assertThat(created.output()).contains("\"cache\":{");

            String purge = Readme.pointedAt(
                    Readme.block("sh", "cache?path=left-pad"), registry.port(), TestRegistry.ADMIN_PASSWORD, "");
            assertThat(Cli.of("bash", "-e", "-c", purge).in(dir).succeed().output())
                    .contains("{\"removed\":0}");
        }
    }
}
