package io.enseada.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.testing.Mvn;
import io.enseada.registry.testing.Nginx;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A Maven proxy of a real nginx serving a Maven layout, and a group of it and a hosted repository:
 * the real {@code mvn} resolves through the one group URL with {@code checksumPolicy=fail}, and
 * again from Enseada alone once the upstream is gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MavenProxyIT {
    private static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final String PARSER = "/org/example/upstream/parser/2.1/parser-2.1.jar";

    @TempDir
    static Path dir;

    private Nginx upstream;
    private MavenLayout layout;
    private TestRegistry registry;
    private HttpSession admin;
    private byte[] parserJar;

    @BeforeAll
    void start() throws IOException {
        Path root = dir.resolve("upstream");
        layout = new MavenLayout(root);
        parserJar = layout.artifact("org.example.upstream", "parser", "2.1", 3 << 20, List.of("2.0", "2.1"));
        upstream = Nginx.serve(root, dir.resolve("nginx"));
        Path config = dir.resolve("enseada.yaml");
        Files.writeString(config, """
                repositories:
                  - {name: releases, format: maven}
                  - name: central
                    format: maven
                    kind: proxy
                    proxy: {url: "%s", metadataMaxAge: %s, negativeCacheTtl: %s}
                  - {name: maven-all, format: maven, kind: group, group: {members: [releases, central]}}
                """.formatted(upstream.url(), MAX_AGE, MAX_AGE));
        registry = TestRegistry.start(dir.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString()));
        admin = registry.admin();
        // the team's own library, hosted, depending on the upstream's
        byte[] internalPom = """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example.team</groupId>
                  <artifactId>internal</artifactId>
                  <version>1.0</version>
                  <dependencies>
                    <dependency><groupId>org.example.upstream</groupId><artifactId>parser</artifactId><version>2.1</version></dependency>
                  </dependencies>
                </project>
                """.getBytes(StandardCharsets.UTF_8);
        String internal = "/maven/releases/com/example/team/internal/1.0/internal-1.0";
        assertThat(admin.putContent(internal + ".pom", internalPom).status()).isEqualTo(201);
        assertThat(admin.putContent(internal + ".jar", MavenLayout.jar("internal", 200_000))
                        .status())
                .isEqualTo(201);
    }

    @AfterAll
    void stop() {
        registry.close();
        upstream.close();
    }

    @Test
    @Order(1)
    void mvnResolvesHostedAndProxiedDependenciesThroughOneGroupUrl() throws Exception {
        Path consumer = consumer(dir.resolve("consumer"));

        Mvn.Run run = Mvn.run(
                consumer,
                Mvn.settings(dir.resolve("settings.xml"), "admin", TestRegistry.ADMIN_PASSWORD),
                dir.resolve("m2-first"),
                "compile");

        assertThat(run.exit()).as("mvn failed:%n%s", run.output()).isZero();
        Path resolved = dir.resolve("m2-first/org/example/upstream/parser/2.1/parser-2.1.jar");
        assertThat(Files.readAllBytes(resolved))
                .as("the jar mvn got is the upstream's")
                .isEqualTo(parserJar);
        assertThat(dir.resolve("m2-first/com/example/team/internal/1.0/internal-1.0.jar"))
                .exists();
        assertThat(upstream.requests("GET", PARSER)).isEqualTo(1);
    }

    @Test
    @Order(2)
    void twentyClientsAskingForOneUncachedJarCauseOneUpstreamFetch() throws Exception {
        byte[] big = layout.artifact("org.example.upstream", "big", "1.0", 8 << 20, List.of("1.0"));
        String path = "/org/example/upstream/big/1.0/big-1.0.jar";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<HttpSession.Response>> responses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                responses.add(pool.submit(() -> admin.get("/maven/central" + path)));
            }
            for (Future<HttpSession.Response> response : responses) {
                assertThat(response.get().status()).isEqualTo(200);
                assertThat(response.get().bytes()).isEqualTo(big);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(upstream.requests("GET", path)).isEqualTo(1);
        HttpSession.Response sha1 = admin.get("/maven/central" + path + ".sha1");
        assertThat(sha1.text()).isEqualTo(MavenLayout.sha1(big));
    }

    @Test
    @Order(3)
    void aJarThatDoesNotMatchTheUpstreamsSha1IsRefusedAndNotCached() throws Exception {
        layout.artifact("org.example.upstream", "tampered", "1.0", 100_000, List.of("1.0"));
        Path jar = layout.versionDir("org.example.upstream", "tampered", "1.0").resolve("tampered-1.0.jar");
        Files.writeString(jar.resolveSibling("tampered-1.0.jar.sha1"), "0".repeat(40));
        String path = "/maven/central/org/example/upstream/tampered/1.0/tampered-1.0.jar";

        HttpSession.Response refused = admin.get(path);

        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.text())
                .contains("upstream 127.0.0.1")
                .contains("sha1")
                .contains("it is not cached here");
        assertThat(admin.get(path).status()).as("nothing was cached").isEqualTo(502);
        Files.writeString(jar.resolveSibling("tampered-1.0.jar.sha1"), MavenLayout.sha1(Files.readAllBytes(jar)));
        assertThat(admin.get(path).status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void aNewUpstreamVersionShowsAfterMetadataMaxAgeAndNotBefore() throws Exception {
        String metadata = "/maven/maven-all/org/example/upstream/parser/maven-metadata.xml";
        assertThat(admin.get(metadata).text())
                .contains("<version>2.1</version>")
                .doesNotContain("2.2");

        layout.artifact("org.example.upstream", "parser", "2.2", 50_000, List.of("2.0", "2.1", "2.2"));

        assertThat(admin.get(metadata).text()).as("cached for metadataMaxAge").doesNotContain("2.2");
        await().atMost(MAX_AGE.multipliedBy(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get(metadata).text().contains("<version>2.2</version>"));
        HttpSession.Response xml = admin.get(metadata);
        assertThat(admin.get(metadata + ".sha1").text())
                .as("the checksum file agrees with the XML")
                .isEqualTo(MavenLayout.sha1(xml.bytes()));
    }

    @Test
    @Order(5)
    void aMissIsRememberedForTheNegativeCacheTtl() throws Exception {
        String path = "/maven/central/org/example/upstream/late/1.0/late-1.0.jar";
        assertThat(admin.get(path).status()).isEqualTo(404);

        layout.artifact("org.example.upstream", "late", "1.0", 10_000, List.of("1.0"));

        assertThat(admin.get(path).status()).as("the miss is remembered").isEqualTo(404);
        assertThat(upstream.requests("GET", "/org/example/upstream/late/1.0/late-1.0.jar"))
                .isEqualTo(1);
        await().atMost(MAX_AGE.multipliedBy(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get(path).status() == 200);
    }

    @Test
    @Order(6)
    void withTheUpstreamGoneAFreshBuildResolvesFromEnseadaAloneAndOnlyTheNeverFetchedFails() throws Exception {
        upstream.stop();
        try {
            Path consumer = consumer(dir.resolve("consumer-offline"));
            Mvn.Run run = Mvn.run(
                    consumer,
                    Mvn.settings(dir.resolve("settings.xml"), "admin", TestRegistry.ADMIN_PASSWORD),
                    dir.resolve("m2-second"),
                    "compile");
            assertThat(run.exit()).as("mvn failed:%n%s", run.output()).isZero();
            assertThat(Files.readAllBytes(dir.resolve("m2-second/org/example/upstream/parser/2.1/parser-2.1.jar")))
                    .isEqualTo(parserJar);

            // stale metadata is served rather than nothing
            await().pollDelay(MAX_AGE.plusSeconds(1))
                    .atMost(MAX_AGE.plusSeconds(10))
                    .until(() -> true);
            HttpSession.Response stale = admin.get("/maven/maven-all/org/example/upstream/parser/maven-metadata.xml");
            assertThat(stale.status()).isEqualTo(200);
            assertThat(stale.text()).contains("<version>2.2</version>");

            HttpSession.Response never = admin.get("/maven/central/org/example/upstream/never/1.0/never-1.0.jar");
            assertThat(never.status()).isEqualTo(502);
            assertThat(never.text()).contains("upstream 127.0.0.1").contains("not reachable");
        } finally {
            upstream.start();
        }
    }

    @Test
    @Order(7)
    void theApiAndMetricsShowHowTheCacheAnswersAndAnItemCanBeEmptied() throws Exception {
        JsonNode central = admin.get("/api/v1/repositories/central").json();
        assertThat(central.at("/cache/hit").asLong()).as(central.toString()).isPositive();
        assertThat(central.at("/cache/miss").asLong()).isPositive();
        assertThat(central.at("/cache/stale").asLong())
                .as("served while the upstream was gone")
                .isPositive();
        assertThat(central.at("/cache/error").asLong()).isPositive();
        assertThat(central.at("/cache/hitRatio").asDouble()).isBetween(0.0, 1.0);
        long cachedBytes = central.at("/cache/bytes").asLong();
        assertThat(cachedBytes)
                .as("the cache holds at least the parser and big jars")
                .isGreaterThanOrEqualTo(parserJar.length + (8L << 20));
        assertThat(central.at("/cache/items").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(admin.get("/api/v1/repositories/releases").json().has("cache"))
                .isFalse();
        String metrics = registry.anonymous().get("/metrics").text();
        assertThat(metrics)
                .containsPattern("enseada_proxy_requests_total\\{.*repository=\"central\".*result=\"hit\".*\\} [1-9]")
                .contains("enseada_proxy_upstream_seconds_count");

        long fetchedBefore = upstream.requests("GET", PARSER);
        HttpSession.Response emptied =
                admin.delete("/api/v1/repositories/central/cache?path=org/example/upstream/parser");
        assertThat(emptied.status()).isEqualTo(200);
        assertThat(emptied.json().path("removed").asLong()).isPositive();
        assertThat(admin.get("/api/v1/repositories/central")
                        .json()
                        .at("/cache/bytes")
                        .asLong())
                .as("the purged jar no longer counts")
                .isLessThanOrEqualTo(cachedBytes - parserJar.length);
        ListAppender<ILoggingEvent> accessLog = new ListAppender<>();
        Logger access = (Logger) LoggerFactory.getLogger("enseada.access");
        Level level = access.getLevel();
        access.setLevel(Level.INFO);
        accessLog.start();
        access.addAppender(accessLog);
        try {
            assertThat(admin.get("/maven/central" + PARSER).bytes()).isEqualTo(parserJar);
            // the line is written once the response is complete, possibly after the client has it
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                synchronized (accessLog) {
                    return accessLog.list.stream()
                            .anyMatch(line ->
                                    line.getFormattedMessage().startsWith("GET /maven/central" + PARSER + " 200 "));
                }
            });
        } finally {
            access.detachAppender(accessLog);
            access.setLevel(level);
        }
        assertThat(upstream.requests("GET", PARSER)).as("fetched again").isEqualTo(fetchedBefore + 1);
        HttpSession.Response audited = admin.get("/api/v1/audit?limit=100");
        assertThat(audited.status()).as(audited.toString()).isEqualTo(200);
        JsonNode audit = audited.json();
        List<String> proxyActions = new ArrayList<>();
        audit.path("items").forEach(item -> {
            if (item.at("/record/target").asText().startsWith("central")) {
                proxyActions.add(item.at("/record/action").asText());
            }
        });
        assertThat(proxyActions)
                .as("the audit log has the purge and no cache fill")
                .containsExactly("repository.cache.purge");
        assertThat(admin.get("/maven/central/org/example/upstream/big/1.0/big-1.0.jar")
                        .status())
                .isEqualTo(200);
        assertThat(upstream.requests("GET", "/org/example/upstream/big/1.0/big-1.0.jar"))
                .as("what was not named stays cached")
                .isEqualTo(1);
    }

    private Path consumer(Path project) throws IOException {
        Files.createDirectories(project);
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example.team</groupId>
                  <artifactId>app</artifactId>
                  <version>1.0</version>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <maven.compiler.release>17</maven.compiler.release>
                  </properties>
                  <dependencies>
                    <dependency><groupId>com.example.team</groupId><artifactId>internal</artifactId><version>1.0</version></dependency>
                  </dependencies>
                  <repositories>
                    <repository>
                      <id>enseada</id><url>%smaven/maven-all/</url>
                      <releases><checksumPolicy>fail</checksumPolicy></releases>
                      <snapshots><enabled>false</enabled></snapshots>
                    </repository>
                  </repositories>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                        <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                      </plugins>
                    </pluginManagement>
                  </build>
                </project>
                """.formatted(registry.url() + "/"));
        return project;
    }
}
