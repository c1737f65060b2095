package io.enseada.registry.maven;

import io.enseada.registry.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

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
    static MavenHttp admin;
    static MavenHttp deployer;
    static MavenHttp anonymous;

    @BeforeAll
    static void start() throws Exception {
        Path config = dataDir.resolve("enseada.yaml");
        Files.writeString(config, CONFIG);
        registry = TestRegistry.start(dataDir.resolve("data"), TestRegistry.settings("ENSEADA_CONFIG", config.toString()));
        admin = new MavenHttp(registry.url(), "admin", TestRegistry.ADMIN_PASSWORD);
        deployer = new MavenHttp(registry.url(), "deployer", "deployer-password");
        anonymous = new MavenHttp(registry.url(), null, null);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void deployedFileResolvesWithEveryChecksumAndHead() {
        byte[] jar = "jar bytes of app 1.0".getBytes(StandardCharsets.UTF_8);
        String path = "/maven/releases/com/example/app/1.0/app-1.0.jar";
        assertThat(deployer.put(path, jar).statusCode()).isEqualTo(201);

        HttpResponse<byte[]> get = deployer.get(path);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(jar);
        assertThat(get.headers().firstValue("Content-Length")).hasValue(Integer.toString(jar.length));
        assertThat(get.headers().firstValue("X-Checksum-SHA1")).hasValue(Checksums.of(jar).sha1());

        HttpResponse<byte[]> head = deployer.head(path);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(jar.length));
        assertThat(head.body()).isEmpty();

        Checksums expected = Checksums.of(jar);
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            HttpResponse<byte[]> checksum = deployer.get(path + "." + algorithm.extension());
            assertThat(checksum.statusCode()).isEqualTo(200);
            assertThat(MavenHttp.text(checksum)).isEqualTo(expected.get(algorithm));
            // Uploading the right checksum is accepted; nothing is stored for it.
            assertThat(deployer.put(path + "." + algorithm.extension(), expected.get(algorithm)).statusCode()).isEqualTo(200);
        }

        // Files go out as stored even to clients that accept gzip (Maven's do).
        byte[] pom = ("<project>" + "<!-- padding -->".repeat(300) + "</project>").getBytes(StandardCharsets.UTF_8);
        assertThat(deployer.put("/maven/releases/com/example/app/1.0/app-1.0.pom", pom).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> gzipAccepted = deployer.get("/maven/releases/com/example/app/1.0/app-1.0.pom", "Accept-Encoding", "gzip");
        assertThat(gzipAccepted.body()).isEqualTo(pom);
        assertThat(gzipAccepted.headers().firstValue("Content-Encoding")).isEmpty();

        String metadata = MavenHttp.text(deployer.get("/maven/releases/com/example/app/maven-metadata.xml"));
        assertThat(metadata).contains("<groupId>com.example</groupId>", "<artifactId>app</artifactId>",
                "<release>1.0</release>", "<version>1.0</version>");
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
            String response = deployer.raw("PUT", target, body);
            assertThat(response).as(target).startsWith("HTTP/1.1 400");
        }
        // Not a Maven coordinate.
        for (String path : List.of("/maven/releases/evil/x-1.jar", "/maven/releases/evil/x/1/other-1.jar",
                "/maven/releases/evil/x/1/x-2.jar", "/maven/releases/evil/x/1/x-1")) {
            HttpResponse<byte[]> response = deployer.put(path, body);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(MavenHttp.text(response).strip()).doesNotContain("\n");
        }
        assertThat(deployer.get("/maven/releases/evil/").statusCode()).isEqualTo(404);
        assertThat(deployer.get("/maven/releases/evil/x/1/x-1.jar").statusCode()).isEqualTo(404);
    }

    @Test
    void versionPolicyIsEnforced() {
        HttpResponse<byte[]> snapshotToReleases = deployer.put("/maven/releases/com/example/policy/1.0-SNAPSHOT/policy-1.0-SNAPSHOT.jar", "x");
        assertThat(snapshotToReleases.statusCode()).isEqualTo(400);
        assertThat(MavenHttp.text(snapshotToReleases)).contains("version policy 'release'");
        HttpResponse<byte[]> releaseToSnapshots = deployer.put("/maven/snapshots/com/example/policy/1.0/policy-1.0.jar", "x");
        assertThat(releaseToSnapshots.statusCode()).isEqualTo(400);
        assertThat(MavenHttp.text(releaseToSnapshots)).contains("version policy 'snapshot'");
        assertThat(deployer.put("/maven/open/com/example/policy/1.0/policy-1.0.jar", "x").statusCode()).isEqualTo(201);
        assertThat(deployer.put("/maven/open/com/example/policy/1.0-SNAPSHOT/policy-1.0-SNAPSHOT.jar", "x").statusCode()).isEqualTo(201);
    }

    @Test
    void releasesAreImmutableUnlessTheRepositoryAllowsRedeploy() {
        String path = "/maven/releases/com/example/immutable/2.0/immutable-2.0.jar";
        assertThat(deployer.put(path, "first").statusCode()).isEqualTo(201);
        HttpResponse<byte[]> again = deployer.put(path, "second");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(MavenHttp.text(again)).contains("immutable");
        assertThat(MavenHttp.text(deployer.get(path))).isEqualTo("first");
        assertThat(MavenHttp.text(deployer.get(path + ".sha1"))).isEqualTo(Checksums.of("first".getBytes(StandardCharsets.UTF_8)).sha1());

        String open = "/maven/open/com/example/immutable/2.0/immutable-2.0.jar";
        assertThat(deployer.put(open, "first").statusCode()).isEqualTo(201);
        assertThat(deployer.put(open, "second").statusCode()).isEqualTo(201);
        assertThat(MavenHttp.text(deployer.get(open))).isEqualTo("second");
    }

    @Test
    void checksumMismatchIsRefused() {
        String path = "/maven/releases/com/example/sums/1.0/sums-1.0.jar";
        assertThat(deployer.put(path, "content").statusCode()).isEqualTo(201);
        HttpResponse<byte[]> wrong = deployer.put(path + ".sha1", "0000000000000000000000000000000000000000");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(MavenHttp.text(wrong)).contains("sha1 checksum mismatch");
        assertThat(deployer.put(path + ".md5", "not a checksum").statusCode()).isEqualTo(400);

        // A checksum sent beside the bytes is verified before the file is recorded.
        String declared = "/maven/releases/com/example/sums/1.1/sums-1.1.jar";
        HttpResponse<byte[]> refused = deployer.put(declared, "content", "X-Checksum-SHA1", "0000000000000000000000000000000000000000");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(deployer.get(declared).statusCode()).isEqualTo(404);
        assertThat(MavenHttp.text(deployer.get("/maven/releases/com/example/sums/maven-metadata.xml"))).doesNotContain("1.1");
    }

    @Test
    void concurrentDeploysLoseNothingFromTheMetadata() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                String version = "3." + i;
                results.add(pool.submit(() -> deployer.put("/maven/releases/com/example/parallel/" + version
                        + "/parallel-" + version + ".jar", "jar " + version).statusCode()));
                results.add(pool.submit(() -> deployer.put("/maven/releases/com/example/parallel/" + version
                        + "/parallel-" + version + ".pom", "pom " + version).statusCode()));
            }
            // And ten files of one snapshot build at once.
            for (int i = 1; i <= 10; i++) {
                String classifier = "part" + i;
                results.add(pool.submit(() -> deployer.put("/maven/snapshots/com/example/parallel/1.0-SNAPSHOT/parallel-1.0-20250101.120000-1-"
                        + classifier + ".jar", classifier).statusCode()));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        String metadata = MavenHttp.text(deployer.get("/maven/releases/com/example/parallel/maven-metadata.xml"));
        IntStream.rangeClosed(1, 10).forEach(i -> assertThat(metadata).contains("<version>3." + i + "</version>"));
        assertThat(metadata).contains("<latest>3.10</latest>", "<release>3.10</release>");
        String snapshot = MavenHttp.text(deployer.get("/maven/snapshots/com/example/parallel/1.0-SNAPSHOT/maven-metadata.xml"));
        IntStream.rangeClosed(1, 10).forEach(i -> assertThat(snapshot).contains("<classifier>part" + i + "</classifier>"));
        assertChecksumsMatch("/maven/releases/com/example/parallel/maven-metadata.xml");
    }

    @Test
    void snapshotMetadataNamesTheNewestBuildPerClassifierAndExtension() {
        String dir = "/maven/snapshots/org/acme/lib/2.1-SNAPSHOT/";
        for (String file : List.of("lib-2.1-20250101.101010-1.jar", "lib-2.1-20250101.101010-1.pom",
                "lib-2.1-20250101.101010-1-sources.jar", "lib-2.1-20250102.090000-2.jar", "lib-2.1-20250102.090000-2.pom")) {
            assertThat(deployer.put(dir + file, file).statusCode()).as(file).isEqualTo(201);
        }
        String metadata = MavenHttp.text(deployer.get(dir + "maven-metadata.xml"));
        assertThat(metadata).contains("<version>2.1-SNAPSHOT</version>", "<timestamp>20250102.090000</timestamp>",
                "<buildNumber>2</buildNumber>", "<value>2.1-20250102.090000-2</value>", "<value>2.1-20250101.101010-1</value>");
        assertThat(metadata).containsOnlyOnce("<extension>pom</extension>");
        assertThat(metadata).contains("<classifier>sources</classifier>");
        assertChecksumsMatch(dir + "maven-metadata.xml");
        assertThat(MavenHttp.text(deployer.get("/maven/snapshots/org/acme/lib/maven-metadata.xml")))
                .contains("<latest>2.1-SNAPSHOT</latest>").doesNotContain("<release>");

        // A client's upload is merged: its stale view drops nothing, and its plugins are kept.
        String stale = """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata><groupId>org.acme</groupId><artifactId>lib</artifactId><version>2.1-SNAPSHOT</version>
                <versioning><snapshot><timestamp>20250101.101010</timestamp><buildNumber>1</buildNumber></snapshot></versioning></metadata>
                """;
        assertThat(deployer.put(dir + "maven-metadata.xml", stale).statusCode()).isEqualTo(201);
        assertThat(MavenHttp.text(deployer.get(dir + "maven-metadata.xml"))).contains("<buildNumber>2</buildNumber>");
        assertThat(deployer.put(dir + "maven-metadata.xml.sha1", Checksums.of(stale.getBytes(StandardCharsets.UTF_8)).sha1()).statusCode())
                .isEqualTo(200);
        assertChecksumsMatch(dir + "maven-metadata.xml");

        String plugins = """
                <metadata><plugins><plugin><name>Acme Plugin</name><prefix>acme</prefix><artifactId>acme-maven-plugin</artifactId></plugin></plugins></metadata>
                """;
        assertThat(deployer.put("/maven/snapshots/org/acme/maven-metadata.xml", plugins).statusCode()).isEqualTo(201);
        assertThat(MavenHttp.text(deployer.get("/maven/snapshots/org/acme/maven-metadata.xml")))
                .contains("<prefix>acme</prefix>", "<artifactId>acme-maven-plugin</artifactId>");
        assertThat(deployer.put("/maven/snapshots/org/acme/lib/maven-metadata.xml",
                "<metadata><groupId>org.other</groupId><artifactId>lib</artifactId></metadata>").statusCode()).isEqualTo(400);
        assertThat(deployer.put("/maven/snapshots/org/acme/lib/maven-metadata.xml",
                "<!DOCTYPE metadata [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><metadata>&x;</metadata>").statusCode()).isEqualTo(400);
    }

    @Test
    void directoriesListAsHtmlAndJson() {
        assertThat(deployer.put("/maven/releases/net/list/tool/1.0/tool-1.0.jar", "a").statusCode()).isEqualTo(201);
        assertThat(deployer.put("/maven/releases/net/list/tool/1.1/tool-1.1.jar", "b").statusCode()).isEqualTo(201);
        assertThat(deployer.put("/maven/releases/net/list/tool-extra/1.0/tool-extra-1.0.jar", "c").statusCode()).isEqualTo(201);

        HttpResponse<byte[]> html = deployer.get("/maven/releases/net/list/");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(MavenHttp.text(html)).contains("href=\"/maven/releases/net/list/tool/\"", "href=\"/maven/releases/net/list/tool-extra/\"");

        HttpResponse<byte[]> json = deployer.get("/maven/releases/net/list/tool", "Accept", "application/json");
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(MavenHttp.text(json)).contains("{\"name\":\"1.0\",\"type\":\"directory\"}", "{\"name\":\"1.1\",\"type\":\"directory\"}",
                "\"name\":\"maven-metadata.xml\",\"type\":\"file\"");
        assertThat(MavenHttp.text(deployer.get("/maven/releases/net/list/tool/1.0/", "Accept", "application/json")))
                .contains("\"name\":\"tool-1.0.jar\",\"type\":\"file\",\"size\":1,\"sha1\":\"" + Checksums.of("a".getBytes()).sha1());
        assertThat(MavenHttp.text(deployer.get("/maven/releases/", "Accept", "application/json"))).contains("{\"name\":\"net\",\"type\":\"directory\"}");
        assertThat(deployer.get("/maven/releases/net/nothing/").statusCode()).isEqualTo(404);
    }

    @Test
    void listingsShowAPathLimitedReaderOnlyWhatItMayOpen() {
        assertThat(deployer.put("/maven/releases/org/acme/lib/1.0/lib-1.0.jar", "acme").statusCode()).isEqualTo(201);
        assertThat(deployer.put("/maven/releases/org/acme/lib/1.1/lib-1.1.jar", "acme 1.1").statusCode()).isEqualTo(201);
        assertThat(deployer.put("/maven/releases/com/secret/tool/1.0/tool-1.0.jar", "secret").statusCode()).isEqualTo(201);
        MavenHttp reader = new MavenHttp(registry.url(), "acme-reader", "acme-reader-password");

        // The root is the repository as a whole, which a path-limited reader may list: it shows none of it here.
        String rootHtml = MavenHttp.text(reader.get("/maven/releases/"));
        assertThat(rootHtml).startsWith("<!DOCTYPE html>").doesNotContain("/maven/releases/com/", "/maven/releases/org/");
        assertThat(MavenHttp.text(reader.get("/maven/releases/", "Accept", "application/json"))).contains("\"entries\":[]");
        // A directory it may open shows the version it may read, not the other one nor the metadata.
        String libHtml = MavenHttp.text(reader.get("/maven/releases/org/acme/lib/"));
        assertThat(libHtml).contains("href=\"/maven/releases/org/acme/lib/1.0/\"")
                .doesNotContain("/maven/releases/org/acme/lib/1.1/", "maven-metadata.xml");
        assertThat(MavenHttp.text(reader.get("/maven/releases/org/acme/lib/", "Accept", "application/json")))
                .isEqualTo("{\"repository\":\"releases\",\"path\":\"org/acme/lib/\",\"entries\":[{\"name\":\"1.0\",\"type\":\"directory\"}]}");

        assertThat(MavenHttp.text(reader.get("/maven/releases/org/acme/lib/1.0/lib-1.0.jar"))).isEqualTo("acme");
        assertThat(reader.get("/maven/releases/org/acme/lib/1.1/lib-1.1.jar").statusCode()).isEqualTo(403);
        assertThat(MavenHttp.text(deployer.get("/maven/releases/org/acme/lib/", "Accept", "application/json")))
                .contains("{\"name\":\"1.1\",\"type\":\"directory\"}", "maven-metadata.xml");
        assertThat(MavenHttp.text(deployer.get("/maven/releases/", "Accept", "application/json"))).contains("{\"name\":\"com\",\"type\":\"directory\"}");
    }

    @Test
    void deleteNeedsTheDeleteRightAndUpdatesTheMetadata() {
        String base = "/maven/snapshots/io/gone/app/";
        deployer.put(base + "1.0-SNAPSHOT/app-1.0-20250101.000000-1.jar", "1");
        deployer.put(base + "1.0-SNAPSHOT/app-1.0-20250101.000001-2.jar", "2");
        deployer.put(base + "2.0-SNAPSHOT/app-2.0-20250101.000000-1.jar", "3");

        assertThat(deployer.delete(base + "2.0-SNAPSHOT/").statusCode()).isEqualTo(403);
        assertThat(anonymous.delete(base + "2.0-SNAPSHOT/").statusCode()).isEqualTo(401);

        assertThat(admin.delete(base + "2.0-SNAPSHOT/").statusCode()).isEqualTo(200);
        assertThat(MavenHttp.text(admin.get(base + "maven-metadata.xml"))).contains("<version>1.0-SNAPSHOT</version>")
                .doesNotContain("2.0-SNAPSHOT");
        assertThat(admin.get(base + "2.0-SNAPSHOT/maven-metadata.xml").statusCode()).isEqualTo(404);
        assertChecksumsMatch(base + "maven-metadata.xml");

        // Deleting the newest build falls back to the one before.
        assertThat(admin.delete(base + "1.0-SNAPSHOT/app-1.0-20250101.000001-2.jar").statusCode()).isEqualTo(200);
        assertThat(MavenHttp.text(admin.get(base + "1.0-SNAPSHOT/maven-metadata.xml"))).contains("<buildNumber>1</buildNumber>")
                .doesNotContain("-2</value>");
        assertThat(admin.delete(base + "1.0-SNAPSHOT/app-1.0-20250101.000000-1.jar").statusCode()).isEqualTo(200);
        assertThat(admin.get(base + "maven-metadata.xml").statusCode()).isEqualTo(404);
        assertThat(admin.delete(base + "1.0-SNAPSHOT/").statusCode()).isEqualTo(404);

        String audit = MavenHttp.text(admin.get("/api/v1/audit?limit=200"));
        assertThat(audit).contains("\"action\":\"maven.delete\",\"target\":\"snapshots/io/gone/app/2.0-SNAPSHOT\"",
                "\"action\":\"maven.deploy\",\"target\":\"snapshots/io/gone/app/1.0-SNAPSHOT/app-1.0-20250101.000000-1.jar\"");
    }

    @Test
    void publicRepositoriesAreReadableAnonymouslyAndPrivateOnesChallenge() {
        deployer.put("/maven/open/com/example/pub/1.0/pub-1.0.jar", "public");
        deployer.put("/maven/releases/com/example/priv/1.0/priv-1.0.jar", "private");
        assertThat(MavenHttp.text(anonymous.get("/maven/open/com/example/pub/1.0/pub-1.0.jar"))).isEqualTo("public");
        HttpResponse<byte[]> challenged = anonymous.get("/maven/releases/com/example/priv/1.0/priv-1.0.jar");
        assertThat(challenged.statusCode()).isEqualTo(401);
        assertThat(challenged.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic ");
        assertThat(anonymous.put("/maven/open/com/example/pub/1.1/pub-1.1.jar", "x").statusCode()).isEqualTo(401);
        assertThat(deployer.get("/maven/images/").statusCode()).isEqualTo(404);
        assertThat(deployer.get("/maven/no-such-repository/").statusCode()).isEqualTo(404);
    }

    private static void assertChecksumsMatch(String path) {
        byte[] bytes = deployer.get(path).body();
        Checksums expected = Checksums.of(bytes);
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            assertThat(MavenHttp.text(deployer.get(path + "." + algorithm.extension()))).as(path + " " + algorithm)
                    .isEqualTo(expected.get(algorithm));
        }
    }
}
