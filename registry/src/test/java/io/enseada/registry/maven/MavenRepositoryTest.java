package io.enseada.registry.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Maven repository over HTTP, in-process: deploy, resolve, metadata, policies, paths, listings, delete, access. */
class MavenRepositoryTest {
    private static final String CONFIG = """
            repositories:
              - name: releases
                format: maven
                maven: {versionPolicy: release}
              - name: snapshots
                format: maven
                maven: {versionPolicy: snapshot}
              - name: open
                format: maven
                visibility: public
                maven: {versionPolicy: mixed, allowRedeploy: true}
              - name: images
                format: oci
            users:
              - name: deployer
                password: deployer-password
              - name: acme-reader
                password: acme-reader-password
            policies:
              - name: deployers
                subjects: ["user:deployer"]
                rules:
                  - repositories: ["*"]
                    actions: [read, write]
              - name: acme-readers
                subjects: ["user:acme-reader"]
                rules:
                  - repositories: [releases]
                    paths: ["org/acme/lib", "org/acme/lib/1.0", "org/acme/lib/1.0/*"]
                    actions: [read]
            """;

    @TempDir
    static Path dataDir;

    static TestRegistry registry;
    static HttpSession admin;
    static HttpSession deployer;
    static HttpSession anonymous;

    @BeforeAll
    static void start() throws Exception {
        Path config = dataDir.resolve("enseada.yaml");
        Files.writeString(config, CONFIG);
        registry =
                TestRegistry.start(dataDir.resolve("data"), TestRegistry.settings("ENSEADA_CONFIG", config.toString()));
        admin = new HttpSession(registry.url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
        deployer = new HttpSession(registry.url()).basic("deployer", "deployer-password");
        anonymous = new HttpSession(registry.url());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void deployedFileResolvesWithEveryChecksumAndHead() {
        byte[] jar = "jar bytes of app 1.0".getBytes(StandardCharsets.UTF_8);
        String path = "/maven/releases/com/example/app/1.0/app-1.0.jar";
        assertThat(deployer.putContent(path, jar).status()).isEqualTo(201);

        HttpSession.Response get = deployer.get(path);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.bytes()).isEqualTo(jar);
        assertThat(get.headers().firstValue("Content-Length")).hasValue(Integer.toString(jar.length));
        assertThat(get.headers().firstValue("X-Checksum-SHA1"))
                .hasValue(Checksums.of(jar).sha1());

        HttpSession.Response head = deployer.head(path);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(jar.length));
        assertThat(head.bytes()).isEmpty();

        Checksums expected = Checksums.of(jar);
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            HttpSession.Response checksum = deployer.get(path + "." + algorithm.extension());
            assertThat(checksum.status()).isEqualTo(200);
            assertThat(checksum.text()).isEqualTo(expected.get(algorithm));
            // Uploading the right checksum is accepted; nothing is stored for it.
            assertThat(deployer.putContent(path + "." + algorithm.extension(), expected.get(algorithm))
                            .status())
                    .isEqualTo(200);
        }

        // Files go out as stored even to clients that accept gzip (Maven's do).
        byte[] pom = ("<project>" + "<!-- padding -->".repeat(300) + "</project>").getBytes(StandardCharsets.UTF_8);
        assertThat(deployer.putContent("/maven/releases/com/example/app/1.0/app-1.0.pom", pom)
                        .status())
                .isEqualTo(201);
        HttpSession.Response gzipAccepted =
                deployer.get("/maven/releases/com/example/app/1.0/app-1.0.pom", "Accept-Encoding", "gzip");
        assertThat(gzipAccepted.bytes()).isEqualTo(pom);
        assertThat(gzipAccepted.headers().firstValue("Content-Encoding")).isEmpty();

        String metadata = deployer.get("/maven/releases/com/example/app/maven-metadata.xml")
                .text();
        assertThat(metadata)
                .contains(
                        "<groupId>com.example</groupId>",
                        "<artifactId>app</artifactId>",
                        "<release>1.0</release>",
                        "<version>1.0</version>");
        assertChecksumsMatch("/maven/releases/com/example/app/maven-metadata.xml");
    }

    @Test
    void pathAttacksAreRefusedAndWriteNothing() {
        byte[] body = "evil".getBytes(StandardCharsets.UTF_8);
        for (String target : List.of(
                "/maven/releases/evil/../../images/x/1/x-1.jar",
                "/maven/releases/evil/x/1/../x-1.jar",
                "/maven/releases/evil/%2e%2e/x/1/x-1.jar",
                "/maven/releases/evil/%2E%2E%2Fx/1/x-1.jar",
                "/maven/releases/evil%2fx/1/x-1.jar",
                "/maven/releases/evil%5cx/1/x-1.jar",
                "/maven/releases/evil\\x/1/x-1.jar",
                "/maven/releases/evil/x%00/1/x-1.jar",
                "/maven/releases/evil/x%0a/1/x-1.jar",
                "/maven/releases/evil/%252e%252e/x/1/x-1.jar",
                "/maven/releases/evil//x/1/x-1.jar")) {
            String response = deployer.verbatim("PUT", target, body);
            assertThat(response).as(target).startsWith("HTTP/1.1 400");
        }
        // Not a Maven coordinate.
        for (String path : List.of(
                "/maven/releases/evil/x-1.jar",
                "/maven/releases/evil/x/1/other-1.jar",
                "/maven/releases/evil/x/1/x-2.jar",
                "/maven/releases/evil/x/1/x-1")) {
            HttpSession.Response response = deployer.putContent(path, body);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.text().strip()).doesNotContain("\n");
        }
        assertThat(deployer.get("/maven/releases/evil/").status()).isEqualTo(404);
        assertThat(deployer.get("/maven/releases/evil/x/1/x-1.jar").status()).isEqualTo(404);
    }

    @Test
    void versionPolicyIsEnforced() {
        HttpSession.Response snapshotToReleases =
                deployer.putContent("/maven/releases/com/example/policy/1.0-SNAPSHOT/policy-1.0-SNAPSHOT.jar", "x");
        assertThat(snapshotToReleases.status()).isEqualTo(400);
        assertThat(snapshotToReleases.text()).contains("version policy 'release'");
        HttpSession.Response releaseToSnapshots =
                deployer.putContent("/maven/snapshots/com/example/policy/1.0/policy-1.0.jar", "x");
        assertThat(releaseToSnapshots.status()).isEqualTo(400);
        assertThat(releaseToSnapshots.text()).contains("version policy 'snapshot'");
        assertThat(deployer.putContent("/maven/open/com/example/policy/1.0/policy-1.0.jar", "x")
                        .status())
                .isEqualTo(201);
        assertThat(deployer.putContent("/maven/open/com/example/policy/1.0-SNAPSHOT/policy-1.0-SNAPSHOT.jar", "x")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void releasesAreImmutableUnlessTheRepositoryAllowsRedeploy() {
        String path = "/maven/releases/com/example/immutable/2.0/immutable-2.0.jar";
        assertThat(deployer.putContent(path, "first").status()).isEqualTo(201);
        HttpSession.Response again = deployer.putContent(path, "second");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text()).contains("immutable");
        assertThat(deployer.get(path).text()).isEqualTo("first");
        assertThat(deployer.get(path + ".sha1").text())
                .isEqualTo(
                        Checksums.of("first".getBytes(StandardCharsets.UTF_8)).sha1());

        String open = "/maven/open/com/example/immutable/2.0/immutable-2.0.jar";
        assertThat(deployer.putContent(open, "first").status()).isEqualTo(201);
        assertThat(deployer.putContent(open, "second").status()).isEqualTo(201);
        assertThat(deployer.get(open).text()).isEqualTo("second");
    }

    @Test
    void checksumMismatchIsRefused() {
        String path = "/maven/releases/com/example/sums/1.0/sums-1.0.jar";
        assertThat(deployer.putContent(path, "content").status()).isEqualTo(201);
        HttpSession.Response wrong = deployer.putContent(path + ".sha1", "0000000000000000000000000000000000000000");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.text()).contains("sha1 checksum mismatch");
        assertThat(deployer.putContent(path + ".md5", "not a checksum").status())
                .isEqualTo(400);

        // A checksum sent beside the bytes is verified before the file is recorded.
        String declared = "/maven/releases/com/example/sums/1.1/sums-1.1.jar";
        HttpSession.Response refused =
                deployer.putContent(declared, "content", "X-Checksum-SHA1", "0000000000000000000000000000000000000000");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(deployer.get(declared).status()).isEqualTo(404);
        assertThat(deployer.get("/maven/releases/com/example/sums/maven-metadata.xml")
                        .text())
                .doesNotContain("1.1");
    }

    @Test
    void concurrentDeploysLoseNothingFromTheMetadata() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                String version = "3." + i;
                results.add(pool.submit(() -> deployer.putContent(
                                "/maven/releases/com/example/parallel/" + version + "/parallel-" + version + ".jar",
                                "jar " + version)
                        .status()));
                results.add(pool.submit(() -> deployer.putContent(
                                "/maven/releases/com/example/parallel/" + version + "/parallel-" + version + ".pom",
                                "pom " + version)
                        .status()));
            }
            // And ten files of one snapshot build at once.
            for (int i = 1; i <= 10; i++) {
                String classifier = "part" + i;
                results.add(pool.submit(() -> deployer.putContent(
                                "/maven/snapshots/com/example/parallel/1.0-SNAPSHOT/parallel-1.0-20250101.120000-1-"
                                        + classifier + ".jar",
                                classifier)
                        .status()));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        String metadata = deployer.get("/maven/releases/com/example/parallel/maven-metadata.xml")
                .text();
        IntStream.rangeClosed(1, 10).forEach(i -> assertThat(metadata).contains("<version>3." + i + "</version>"));
        assertThat(metadata).contains("<latest>3.10</latest>", "<release>3.10</release>");
        String snapshot = deployer.get("/maven/snapshots/com/example/parallel/1.0-SNAPSHOT/maven-metadata.xml")
                .text();
        IntStream.rangeClosed(1, 10)
                .forEach(i -> assertThat(snapshot).contains("<classifier>part" + i + "</classifier>"));
        assertChecksumsMatch("/maven/releases/com/example/parallel/maven-metadata.xml");
    }

    @Test
    void snapshotMetadataNamesTheNewestBuildPerClassifierAndExtension() {
        String dir = "/maven/snapshots/org/acme/lib/2.1-SNAPSHOT/";
        for (String file : List.of(
                "lib-2.1-20250101.101010-1.jar",
                "lib-2.1-20250101.101010-1.pom",
                "lib-2.1-20250101.101010-1-sources.jar",
                "lib-2.1-20250102.090000-2.jar",
                "lib-2.1-20250102.090000-2.pom")) {
            assertThat(deployer.putContent(dir + file, file).status()).as(file).isEqualTo(201);
        }
        String metadata = deployer.get(dir + "maven-metadata.xml").text();
        assertThat(metadata)
                .contains(
                        "<version>2.1-SNAPSHOT</version>",
                        "<timestamp>20250102.090000</timestamp>",
                        "<buildNumber>2</buildNumber>",
                        "<value>2.1-20250102.090000-2</value>",
                        "<value>2.1-20250101.101010-1</value>");
        assertThat(metadata).containsOnlyOnce("<extension>pom</extension>");
        assertThat(metadata).contains("<classifier>sources</classifier>");
        assertChecksumsMatch(dir + "maven-metadata.xml");
        assertThat(deployer.get("/maven/snapshots/org/acme/lib/maven-metadata.xml")
                        .text())
                .contains("<latest>2.1-SNAPSHOT</latest>")
                .doesNotContain("<release>");

        // A client's upload is merged: its stale view drops nothing, and its plugins are kept.
        String stale = """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata><groupId>org.acme</groupId><artifactId>lib</artifactId><version>2.1-SNAPSHOT</version>
                <versioning><snapshot><timestamp>20250101.101010</timestamp><buildNumber>1</buildNumber></snapshot></versioning></metadata>
                """;
        assertThat(deployer.putContent(dir + "maven-metadata.xml", stale).status())
                .isEqualTo(201);
        assertThat(deployer.get(dir + "maven-metadata.xml").text()).contains("<buildNumber>2</buildNumber>");
        assertThat(deployer.putContent(
                                dir + "maven-metadata.xml.sha1",
                                Checksums.of(stale.getBytes(StandardCharsets.UTF_8))
                                        .sha1())
                        .status())
                .isEqualTo(200);
        assertChecksumsMatch(dir + "maven-metadata.xml");

        String plugins = """
                <metadata><plugins><plugin><name>Acme Plugin</name><prefix>acme</prefix><artifactId>acme-maven-plugin</artifactId></plugin></plugins></metadata>
                """;
        assertThat(deployer.putContent("/maven/snapshots/org/acme/maven-metadata.xml", plugins)
                        .status())
                .isEqualTo(201);
        assertThat(deployer.get("/maven/snapshots/org/acme/maven-metadata.xml").text())
                .contains("<prefix>acme</prefix>", "<artifactId>acme-maven-plugin</artifactId>");
        assertThat(deployer.putContent(
                                "/maven/snapshots/org/acme/lib/maven-metadata.xml",
                                "<metadata><groupId>org.other</groupId><artifactId>lib</artifactId></metadata>")
                        .status())
                .isEqualTo(400);
        assertThat(deployer.putContent(
                                "/maven/snapshots/org/acme/lib/maven-metadata.xml",
                                "<!DOCTYPE metadata [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><metadata>&x;</metadata>")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void directoriesListAsHtmlAndJson() {
        assertThat(deployer.putContent("/maven/releases/net/list/tool/1.0/tool-1.0.jar", "a")
                        .status())
                .isEqualTo(201);
        assertThat(deployer.putContent("/maven/releases/net/list/tool/1.1/tool-1.1.jar", "b")
                        .status())
                .isEqualTo(201);
        assertThat(deployer.putContent("/maven/releases/net/list/tool-extra/1.0/tool-extra-1.0.jar", "c")
                        .status())
                .isEqualTo(201);

        HttpSession.Response html = deployer.get("/maven/releases/net/list/");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.text())
                .contains("href=\"/maven/releases/net/list/tool/\"", "href=\"/maven/releases/net/list/tool-extra/\"");

        HttpSession.Response json = deployer.get("/maven/releases/net/list/tool", "Accept", "application/json");
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json.text())
                .contains(
                        "{\"name\":\"1.0\",\"type\":\"directory\"}",
                        "{\"name\":\"1.1\",\"type\":\"directory\"}",
                        "\"name\":\"maven-metadata.xml\",\"type\":\"file\"");
        assertThat(deployer.get("/maven/releases/net/list/tool/1.0/", "Accept", "application/json")
                        .text())
                .contains("\"name\":\"tool-1.0.jar\",\"type\":\"file\",\"size\":1,\"sha1\":\""
                        + Checksums.of("a".getBytes()).sha1());
        assertThat(deployer.get("/maven/releases/", "Accept", "application/json")
                        .text())
                .contains("{\"name\":\"net\",\"type\":\"directory\"}");
        assertThat(deployer.get("/maven/releases/net/nothing/").status()).isEqualTo(404);
    }

    @Test
    void listingsShowAPathLimitedReaderOnlyWhatItMayOpen() {
        assertThat(deployer.putContent("/maven/releases/org/acme/lib/1.0/lib-1.0.jar", "acme")
                        .status())
                .isEqualTo(201);
        assertThat(deployer.putContent("/maven/releases/org/acme/lib/1.1/lib-1.1.jar", "acme 1.1")
                        .status())
                .isEqualTo(201);
        assertThat(deployer.putContent("/maven/releases/com/secret/tool/1.0/tool-1.0.jar", "secret")
                        .status())
                .isEqualTo(201);
        HttpSession reader = new HttpSession(registry.url()).basic("acme-reader", "acme-reader-password");

        // The root is the repository as a whole, which a path-limited reader may list: it shows none of it here.
        String rootHtml = reader.get("/maven/releases/").text();
        assertThat(rootHtml)
                .startsWith("<!DOCTYPE html>")
                .doesNotContain("/maven/releases/com/", "/maven/releases/org/");
        assertThat(reader.get("/maven/releases/", "Accept", "application/json").text())
                .contains("\"entries\":[]");
        // A directory it may open shows the version it may read, not the other one nor the metadata.
        String libHtml = reader.get("/maven/releases/org/acme/lib/").text();
        assertThat(libHtml)
                .contains("href=\"/maven/releases/org/acme/lib/1.0/\"")
                .doesNotContain("/maven/releases/org/acme/lib/1.1/", "maven-metadata.xml");
        assertThat(reader.get("/maven/releases/org/acme/lib/", "Accept", "application/json")
                        .text())
                .isEqualTo(
                        "{\"repository\":\"releases\",\"path\":\"org/acme/lib/\",\"entries\":[{\"name\":\"1.0\",\"type\":\"directory\"}]}");

        assertThat(reader.get("/maven/releases/org/acme/lib/1.0/lib-1.0.jar").text())
                .isEqualTo("acme");
        assertThat(reader.get("/maven/releases/org/acme/lib/1.1/lib-1.1.jar").status())
                .isEqualTo(403);
        assertThat(deployer.get("/maven/releases/org/acme/lib/", "Accept", "application/json")
                        .text())
                .contains("{\"name\":\"1.1\",\"type\":\"directory\"}", "maven-metadata.xml");
        assertThat(deployer.get("/maven/releases/", "Accept", "application/json")
                        .text())
                .contains("{\"name\":\"com\",\"type\":\"directory\"}");
    }

    @Test
    void deleteNeedsTheDeleteRightAndUpdatesTheMetadata() {
        String base = "/maven/snapshots/io/gone/app/";
        deployer.putContent(base + "1.0-SNAPSHOT/app-1.0-20250101.000000-1.jar", "1");
        deployer.putContent(base + "1.0-SNAPSHOT/app-1.0-20250101.000001-2.jar", "2");
        deployer.putContent(base + "2.0-SNAPSHOT/app-2.0-20250101.000000-1.jar", "3");

        assertThat(deployer.delete(base + "2.0-SNAPSHOT/").status()).isEqualTo(403);
        assertThat(anonymous.delete(base + "2.0-SNAPSHOT/").status()).isEqualTo(401);

        assertThat(admin.delete(base + "2.0-SNAPSHOT/").status()).isEqualTo(200);
        assertThat(admin.get(base + "maven-metadata.xml").text())
                .contains("<version>1.0-SNAPSHOT</version>")
                .doesNotContain("2.0-SNAPSHOT");
        assertThat(admin.get(base + "2.0-SNAPSHOT/maven-metadata.xml").status()).isEqualTo(404);
        assertChecksumsMatch(base + "maven-metadata.xml");

        // Deleting the newest build falls back to the one before.
        assertThat(admin.delete(base + "1.0-SNAPSHOT/app-1.0-20250101.000001-2.jar")
                        .status())
                .isEqualTo(200);
        assertThat(admin.get(base + "1.0-SNAPSHOT/maven-metadata.xml").text())
                .contains("<buildNumber>1</buildNumber>")
                .doesNotContain("-2</value>");
        assertThat(admin.delete(base + "1.0-SNAPSHOT/app-1.0-20250101.000000-1.jar")
                        .status())
                .isEqualTo(200);
        assertThat(admin.get(base + "maven-metadata.xml").status()).isEqualTo(404);
        assertThat(admin.delete(base + "1.0-SNAPSHOT/").status()).isEqualTo(404);

        String audit = admin.get("/api/v1/audit?limit=200").text();
        assertThat(audit)
                .contains(
                        "\"action\":\"maven.delete\",\"target\":\"snapshots/io/gone/app/2.0-SNAPSHOT\"",
                        "\"action\":\"maven.deploy\",\"target\":\"snapshots/io/gone/app/1.0-SNAPSHOT/app-1.0-20250101.000000-1.jar\"");
    }

    @Test
    void publicRepositoriesAreReadableAnonymouslyAndPrivateOnesChallenge() {
        deployer.putContent("/maven/open/com/example/pub/1.0/pub-1.0.jar", "public");
        deployer.putContent("/maven/releases/com/example/priv/1.0/priv-1.0.jar", "private");
        assertThat(anonymous.get("/maven/open/com/example/pub/1.0/pub-1.0.jar").text())
                .isEqualTo("public");
        HttpSession.Response challenged = anonymous.get("/maven/releases/com/example/priv/1.0/priv-1.0.jar");
        assertThat(challenged.status()).isEqualTo(401);
        assertThat(challenged.headers().firstValue("WWW-Authenticate").orElse(""))
                .startsWith("Basic ");
        assertThat(anonymous
                        .putContent("/maven/open/com/example/pub/1.1/pub-1.1.jar", "x")
                        .status())
                .isEqualTo(401);
        assertThat(deployer.get("/maven/images/").status()).isEqualTo(404);
        assertThat(deployer.get("/maven/no-such-repository/").status()).isEqualTo(404);
    }

    private static void assertChecksumsMatch(String path) {
        byte[] bytes = deployer.get(path).bytes();
        Checksums expected = Checksums.of(bytes);
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            assertThat(deployer.get(path + "." + algorithm.extension()).text())
                    .as(path + " " + algorithm)
                    .isEqualTo(expected.get(algorithm));
        }
    }
}
