package io.enseada.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.testing.Mvn;
import io.enseada.registry.testing.Nginx;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Maven proxy's {@code unusedFor}: the files the real {@code mvn} fetched through it carry when
 * they were requested; once nobody asked for them for longer than the policy (their stamps moved
 * back, as time would), a dry run lists them and their bytes, the real run evicts them, and
 * {@code mvn} still builds, the proxy fetching them again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MavenProxyEvictionIT {
    private static final String JAR = "org/example/upstream/parser/2.1/parser-2.1.jar";
    private static final String POM = "org/example/upstream/parser/2.1/parser-2.1.pom";

    @TempDir
    static Path dir;

    private Nginx upstream;
    private TestRegistry registry;
    private byte[] jar;

    @BeforeAll
    void start() throws IOException {
        Path root = dir.resolve("upstream");
        jar = new MavenLayout(root).artifact("org.example.upstream", "parser", "2.1", 2 << 20, List.of("2.1"));
        upstream = Nginx.serve(root, dir.resolve("nginx"));
        Path config = Files.writeString(dir.resolve("enseada.yaml"), """
                repositories:
                  - name: evicting
                    format: maven
                    kind: proxy
                    proxy: {url: "%s"}
                    retention: {unusedFor: P30D}
                """.formatted(upstream.url()));
        registry = TestRegistry.start(
                dir.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString(), "ENSEADA_GC_GRACE_PERIOD", "PT0S"));
    }

    @AfterAll
    void stop() {
        registry.close();
        upstream.close();
    }

    @Test
    void filesNobodyRequestedForUnusedForAreEvictedAndFetchedAgainWhenMvnAsks() throws Exception {
        assertThat(build("m2-first").exit()).isZero();
        for (String path : List.of(JAR, POM)) {
            assertThat(requested(path))
                    .as("%s was stamped when it was served", path)
                    .isNotNull();
        }
        assertThat(collectedItems(collect(true))).as("nothing unused yet").isEmpty();

        Instant longAgo = Instant.now().minus(Duration.ofDays(31));
        backdate(JAR, longAgo);
        JsonNode preview = collect(true);

        assertThat(collectedItems(preview)).containsExactly("cached " + JAR);
        assertThat(share(preview)).isEqualTo(List.of(1L, (long) jar.length));
        assertThat(admin().get("/maven/evicting/" + JAR).bytes())
                .as("a dry run evicts nothing")
                .isEqualTo(jar);
        assertThat(requested(JAR))
                .as("a request within the hour of the last stamp writes none")
                .isEqualTo(longAgo);

        JsonNode run = collect(false);

        assertThat(collectedItems(run)).containsExactly("cached " + JAR);
        assertThat(share(run)).isEqualTo(List.of(1L, (long) jar.length));
        assertThat(registry.documents().get("maven-file:evicting/" + JAR)).isEmpty();
        assertThat(requested(POM)).as("a file requested lately stays").isNotNull();
        long fetched = upstream.requests("GET", "/" + JAR);
        Mvn.Run again = build("m2-second");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("m2-second").resolve(JAR))).isEqualTo(jar);
        assertThat(upstream.requests("GET", "/" + JAR)).as("fetched again").isEqualTo(fetched + 1);
    }

    private HttpSession admin() {
        return registry.admin().withTimeout(Duration.ofMinutes(2));
    }

    private Instant requested(String path) {
        return registry.documents()
                .get("maven-file:evicting/" + path)
                .map(document -> document.body().path("requested"))
                .filter(JsonNode::isTextual)
                .map(node -> Instant.parse(node.asText()))
                .orElse(null);
    }

    private void backdate(String path, Instant at) {
        registry.documents()
                .update("maven-file:evicting/" + path, body -> ((ObjectNode) body).put("requested", at.toString()));
    }

    private JsonNode collect(boolean dryRun) {
        HttpSession.Response response = admin().post("/api/v1/maintenance/gc", Map.of("dryRun", dryRun));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static List<String> collectedItems(JsonNode report) {
        List<String> items = new ArrayList<>();
        for (JsonNode entry : report.path("retention")) {
            if ("evicting".equals(entry.path("repository").asText())) {
                entry.path("items")
                        .forEach(item -> items.add(item.path("kind").asText() + " "
                                + item.path("item").asText()));
            }
        }
        return items;
    }

    private static List<Long> share(JsonNode report) {
        for (JsonNode share : report.path("byRepository")) {
            if ("evicting".equals(share.path("repository").asText())) {
                return List.of(share.path("blobs").asLong(), share.path("bytes").asLong());
            }
        }
        return List.of(0L, 0L);
    }

    private Mvn.Run build(String localRepository) throws Exception {
        Path project = Files.createDirectories(dir.resolve("consumer-" + localRepository));
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example.team</groupId>
                  <artifactId>consumer</artifactId>
                  <version>1.0</version>
                  <dependencies>
                    <dependency><groupId>org.example.upstream</groupId><artifactId>parser</artifactId><version>2.1</version></dependency>
                  </dependencies>
                  <repositories>
                    <repository>
                      <id>enseada</id><url>%s/maven/evicting/</url>
                      <releases><enabled>true</enabled><checksumPolicy>fail</checksumPolicy></releases>
                      <snapshots><enabled>false</enabled></snapshots>
                    </repository>
                  </repositories>
                </project>
                """.formatted(registry.url()));
        Mvn.Run run = Mvn.run(
                project,
                Mvn.settings(dir.resolve("settings.xml"), "admin", TestRegistry.ADMIN_PASSWORD),
                dir.resolve(localRepository),
                "dependency:resolve");
        assertThat(run.exit()).as("mvn failed:%n%s", run.output()).isZero();
        return run;
    }
}
