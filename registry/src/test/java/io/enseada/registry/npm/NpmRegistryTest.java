package io.enseada.registry.npm;

import static io.enseada.registry.npm.TestPackages.publishBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The npm API in-process, over HTTP, with publish bodies built the way the CLI builds them. */
class NpmRegistryTest {
    private static final String NPM = "/npm/npm/";

    @TempDir
    static Path dataDir;

    static TestRegistry registry;
    static HttpSession admin;

    @BeforeAll
    static void start() {
        registry = TestRegistry.start(dataDir, Map.of());
        admin = registry.admin();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void scopedPackageIsReadInBothSpellingsWithVersionsTagsAndTarball() throws Exception {
        ObjectNode body = publishBody("@acme/widget", "1.2.3");
        assertThat(admin.put(NPM + "@acme%2fwidget", body).status()).isEqualTo(201);

        for (String path : List.of("@acme%2fwidget", "@acme/widget", "@acme%2Fwidget")) {
            HttpSession.Response read = admin.get(NPM + path);
            assertThat(read.status()).as(path).isEqualTo(200);
            assertThat(read.json().path("versions").has("1.2.3")).isTrue();
        }
        JsonNode version = admin.get(NPM + "@acme/widget/1.2.3").json();
        assertThat(version.path("version").asText()).isEqualTo("1.2.3");
        String tarballUrl = version.path("dist").path("tarball").asText();
        assertThat(tarballUrl).isEqualTo(registry.url() + NPM + "@acme/widget/-/widget-1.2.3.tgz");
        assertThat(admin.get(NPM + "@acme%2fwidget/latest")
                        .json()
                        .path("version")
                        .asText())
                .isEqualTo("1.2.3");
        assertThat(admin.get(NPM + "@acme/widget/9.9.9").status()).isEqualTo(404);

        HttpSession.Response tarball = admin.get(tarballUrl);
        assertThat(tarball.status()).isEqualTo(200);
        byte[] sent = Base64.getDecoder()
                .decode(body.path("_attachments").elements().next().path("data").asText());
        assertThat(tarball.bytes()).isEqualTo(sent);
        assertThat(tarball.headers().firstValue("Content-Length")).hasValue(Integer.toString(sent.length));
        assertThat(tarball.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void abbreviatedDocumentKeepsOnlyWhatInstallersNeed() throws Exception {
        admin.put(NPM + "abbrev-me", publishBody("abbrev-me", "1.0.0"));
        HttpSession.Response response = admin.get(
                NPM + "abbrev-me",
                "Accept",
                "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("application/vnd.npm.install-v1+json");
        JsonNode doc = TestPackages.JSON.readTree(response.text());
        assertThat(names(doc)).containsExactlyInAnyOrder("name", "modified", "dist-tags", "versions");
        JsonNode version = doc.path("versions").path("1.0.0");
        assertThat(names(version))
                .containsExactlyInAnyOrder("name", "version", "dependencies", "engines", "dist", "hasInstallScript");
        assertThat(version.path("hasInstallScript").asBoolean()).isTrue();
        assertThat(names(version.path("dist"))).contains("tarball", "integrity", "shasum");
        assertThat(doc.path("dist-tags").path("latest").asText()).isEqualTo("1.0.0");

        JsonNode full = admin.get(NPM + "abbrev-me").json();
        assertThat(names(full)).contains("_id", "_rev", "time", "description", "maintainers");
        assertThat(full.path("versions").path("1.0.0").has("scripts")).isTrue();
    }

    @Test
    void metadataCarriesAnEtagAndIsGzipped() throws Exception {
        ObjectNode body = publishBody("etagged", "1.0.0");
        body.put("readme", "x".repeat(5000));
        admin.put(NPM + "etagged", body);
        HttpSession.Response first = admin.get(NPM + "etagged", "Accept-Encoding", "gzip");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Encoding")).hasValue("gzip");
        JsonNode doc = TestPackages.JSON.readTree(new GZIPInputStream(new java.io.ByteArrayInputStream(first.bytes())));
        assertThat(doc.path("readme").asText()).hasSize(5000);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpSession.Response again = admin.get(NPM + "etagged", "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.text()).isEmpty();
    }

    @Test
    void republishingAVersionIsRefusedEvenAfterItsUnpublish() {
        admin.put(NPM + "once-only", publishBody("once-only", "1.0.0"));
        admin.put(NPM + "once-only", publishBody("once-only", "1.1.0"));
        HttpSession.Response again = admin.put(NPM + "once-only", publishBody("once-only", "1.0.0"));
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.json().path("error").asText())
                .contains("cannot publish over the previously published versions: 1.0.0");

        // What npm unpublish sends: the packument without the version, against the revision it read.
        ObjectNode packument =
                (ObjectNode) admin.get(NPM + "once-only?write=true").json();
        ((ObjectNode) packument.path("versions")).remove("1.0.0");
        assertThat(admin.put(NPM + "once-only/-rev/" + packument.path("_rev").asText(), packument)
                        .status())
                .isEqualTo(200);
        assertThat(admin.get(NPM + "once-only").json().path("versions").has("1.0.0"))
                .isFalse();

        HttpSession.Response afterUnpublish = admin.put(NPM + "once-only", publishBody("once-only", "1.0.0"));
        assertThat(afterUnpublish.status()).isEqualTo(403);
        assertThat(afterUnpublish.json().path("error").asText()).contains("previously unpublished version");
        // A stale revision is a conflict, as in CouchDB.
        assertThat(admin.put(NPM + "once-only/-rev/" + packument.path("_rev").asText(), packument)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void tarballWhoseBytesDoNotMatchDistIsRefusedAndLeavesNothing() {
        ObjectNode wrongIntegrity = publishBody("tampered", "1.0.0");
        dist(wrongIntegrity, "1.0.0")
                .put("integrity", "sha512-" + Base64.getEncoder().encodeToString(new byte[64]));
        HttpSession.Response refused = admin.put(NPM + "tampered", wrongIntegrity);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).startsWith("integrity mismatch");

        ObjectNode wrongShasum = publishBody("tampered", "1.0.0");
        dist(wrongShasum, "1.0.0").put("shasum", "0".repeat(40));
        assertThat(admin.put(NPM + "tampered", wrongShasum).json().path("error").asText())
                .startsWith("shasum mismatch");

        ObjectNode wrongLength = publishBody("tampered", "1.0.0");
        ((ObjectNode) wrongLength.path("_attachments").elements().next()).put("length", 1);
        assertThat(admin.put(NPM + "tampered", wrongLength).status()).isEqualTo(400);

        assertThat(admin.get(NPM + "tampered").status()).isEqualTo(404);
        // And the version is still free: nothing was recorded.
        assertThat(admin.put(NPM + "tampered", publishBody("tampered", "1.0.0")).status())
                .isEqualTo(201);
    }

    @Test
    void attachmentsMayComeBeforeTheVersionsAsYarnSendsThemAndPublishesAreAudited() {
        ObjectNode cliOrder = publishBody("yarn-style", "1.0.0");
        ObjectNode yarnOrder = TestPackages.JSON.createObjectNode();
        yarnOrder.set("_attachments", cliOrder.get("_attachments"));
        cliOrder.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("_attachments")) {
                yarnOrder.set(field.getKey(), field.getValue());
            }
        });
        assertThat(admin.put(NPM + "yarn-style", yarnOrder).status()).isEqualTo(201);
        assertThat(admin.get(NPM + "yarn-style/1.0.0").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/audit?limit=500").json().path("items"))
                .anyMatch(entry -> entry.path("record").path("action").asText().equals("npm.publish")
                        && entry.path("record").path("target").asText().equals("npm:npm/yarn-style@1.0.0"));
    }

    @Test
    void invalidNamesAreRefusedWithNpmsReason() {
        Map<String, String> cases = Map.of(
                "Capital",
                "capital letters",
                ".hidden",
                "cannot start with a period",
                "_private",
                "cannot start with an underscore",
                "fs",
                "core module name",
                "node_modules",
                "not a valid package name",
                "crazy!name",
                "special characters",
                "x".repeat(215),
                "more than 214 characters");
        cases.forEach((name, reason) -> {
            HttpSession.Response response = admin.put(NPM + name, publishBody(name, "1.0.0"));
            assertThat(response.status()).as(name).isEqualTo(400);
            assertThat(response.json().path("error").asText()).as(name).contains(reason);
        });
        assertThat(admin.put(NPM + "bad%20name", publishBody("bad name", "1.0.0"))
                        .status())
                .isEqualTo(400);
        assertThat(admin.put(NPM + "semver-please", publishBody("semver-please", "1.0"))
                        .json()
                        .path("error")
                        .asText())
                .contains("valid semver");
    }

    @Test
    void nameMustMatchBetweenUrlBodyAndTarball() {
        HttpSession.Response urlVsBody = admin.put(NPM + "left-name", publishBody("right-name", "1.0.0"));
        assertThat(urlVsBody.status()).isEqualTo(400);
        assertThat(urlVsBody.json().path("error").asText()).contains("does not match the name in the URL");

        byte[] otherTarball = TestPackages.tarball(TestPackages.packageJson("someone-else", "1.0.0"));
        HttpSession.Response bodyVsTarball =
                admin.put(NPM + "honest-name", publishBody("honest-name", "1.0.0", otherTarball));
        assertThat(bodyVsTarball.status()).isEqualTo(400);
        assertThat(bodyVsTarball.json().path("error").asText())
                .contains("package.json in the tarball names someone-else@1.0.0");

        byte[] notGzip = "definitely not a tarball".getBytes(StandardCharsets.UTF_8);
        assertThat(admin.put(NPM + "honest-name", publishBody("honest-name", "1.0.0", notGzip))
                        .json()
                        .path("error")
                        .asText())
                .contains("not gzip");
        assertThat(admin.get(NPM + "honest-name").status()).isEqualTo(404);
    }

    @Test
    void tenParallelPublishesOfOnePackageAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String version = "2.0." + i;
                Callable<Integer> publish = () -> admin.put(NPM + "@acme%2fbusy", publishBody("@acme/busy", version))
                        .status();
                results.add(pool.submit(publish));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdown();
        }
        JsonNode doc = admin.get(NPM + "@acme%2fbusy").json();
        assertThat(names(doc.path("versions"))).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(doc.path("time").has("2.0." + i)).isTrue();
            assertThat(admin.get(NPM + "@acme/busy/-/busy-2.0." + i + ".tgz").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void distTagsCanBeListedSetAndRemoved() {
        admin.put(NPM + "tagged", publishBody("tagged", "1.0.0"));
        admin.put(NPM + "tagged", publishBody("tagged", "2.0.0-beta.1"));
        assertThat(admin.put(NPM + "-/package/tagged/dist-tags/next", "\"2.0.0-beta.1\"")
                        .status())
                .isEqualTo(201);
        assertThat(admin.put(NPM + "-/package/tagged/dist-tags/latest", "\"1.0.0\"")
                        .status())
                .isEqualTo(201);
        JsonNode tags = admin.get(NPM + "-/package/tagged/dist-tags").json();
        assertThat(tags.path("next").asText()).isEqualTo("2.0.0-beta.1");
        assertThat(tags.path("latest").asText()).isEqualTo("1.0.0");
        assertThat(admin.get(NPM + "tagged/next").json().path("version").asText())
                .isEqualTo("2.0.0-beta.1");
        assertThat(admin.put(NPM + "-/package/tagged/dist-tags/1.0", "\"1.0.0\"")
                        .status())
                .isEqualTo(400);
        assertThat(admin.put(NPM + "-/package/tagged/dist-tags/other", "\"3.0.0\"")
                        .status())
                .isEqualTo(404);
        assertThat(admin.delete(NPM + "-/package/tagged/dist-tags/next").status())
                .isEqualTo(200);
        assertThat(admin.delete(NPM + "-/package/tagged/dist-tags/latest").status())
                .isEqualTo(400);
        assertThat(names(admin.get(NPM + "-/package/tagged/dist-tags").json())).containsExactly("latest");
    }

    @Test
    void searchFindsPackagesByNameDescriptionAndKeywords() {
        admin.put(NPM + "searchable-one", publishBody("searchable-one", "1.0.0"));
        admin.put(NPM + "@find%2fsearchable-two", publishBody("@find/searchable-two", "1.0.0"));
        JsonNode found = admin.get(NPM + "-/v1/search?text=searchable&size=1").json();
        assertThat(found.path("total").asInt()).isEqualTo(2);
        assertThat(found.path("objects")).hasSize(1);
        JsonNode pkg = found.path("objects").get(0).path("package");
        assertThat(pkg.path("name").asText()).isEqualTo("@find/searchable-two");
        assertThat(pkg.path("scope").asText()).isEqualTo("find");
        assertThat(admin.get(NPM + "-/v1/search?text=searchable&from=1")
                        .json()
                        .path("objects")
                        .get(0)
                        .path("package")
                        .path("name")
                        .asText())
                .isEqualTo("searchable-one");
        assertThat(admin.get(NPM + "-/v1/search?text=no-such-thing-anywhere")
                        .json()
                        .path("total")
                        .asInt())
                .isZero();
    }

    @Test
    void searchShowsOnlyPackagesTheCallerMayRead() throws Exception {
        assertThat(admin.put(NPM + "@open%2fshown-lib", publishBody("@open/shown-lib", "1.0.0"))
                        .status())
                .isEqualTo(201);
        assertThat(admin.put(NPM + "@closed%2fhidden-lib", publishBody("@closed/hidden-lib", "1.0.0"))
                        .status())
                .isEqualTo(201);
        assertThat(admin.post("/api/v1/users", Map.of("name", "open-reader", "password", "open-reader-password"))
                        .status())
                .isEqualTo(201);
        assertThat(admin.post(
                                "/api/v1/policies",
                                Map.of(
                                        "name",
                                        "open-reader",
                                        "subjects",
                                        List.of("user:open-reader"),
                                        "rules",
                                        List.of(Map.of(
                                                "repositories",
                                                List.of("npm"),
                                                "paths",
                                                List.of("@open/**"),
                                                "actions",
                                                List.of("read")))))
                        .status())
                .isEqualTo(201);
        HttpSession reader = registry.anonymous().basic("open-reader", "open-reader-password");

        JsonNode found = reader.get(NPM + "-/v1/search?text=lib").json();

        assertThat(found.path("total").asInt()).isEqualTo(1);
        assertThat(found.path("objects").findValuesAsText("name")).containsExactly("@open/shown-lib");
        assertThat(admin.get(NPM + "-/v1/search?text=lib")
                        .json()
                        .path("objects")
                        .findValuesAsText("name"))
                .contains("@open/shown-lib", "@closed/hidden-lib");
        assertThat(reader.get(NPM + "@closed%2fhidden-lib").status()).isEqualTo(403);
    }

    @Test
    void auditWebLoginAndAccessAnswersAreClear() {
        assertThat(admin.post(NPM + "-/npm/v1/security/advisories/bulk", "{\"left-pad\":[\"1.0.0\"]}")
                        .json()
                        .isEmpty())
                .isTrue();
        JsonNode quick =
                admin.post(NPM + "-/npm/v1/security/audits/quick", "{}").json();
        assertThat(quick.path("advisories").isEmpty()).isTrue();
        assertThat(quick.path("metadata")
                        .path("vulnerabilities")
                        .path("critical")
                        .asInt())
                .isZero();

        HttpSession.Response web = registry.anonymous().post(NPM + "-/v1/login", "{}");
        assertThat(web.status()).isEqualTo(404);
        assertThat(web.json().path("error").asText()).contains("--auth-type=legacy");

        HttpSession.Response anonymous = registry.anonymous().get(NPM + "anything");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(anonymous.json().path("error").asText()).isNotEmpty();
        assertThat(registry.anonymous().get(NPM + "-/whoami").status()).isEqualTo(401);
        assertThat(admin.get(NPM + "-/whoami").json().path("username").asText()).isEqualTo("admin");

        assertThat(admin.get("/npm/containers/anything").status()).isEqualTo(404);
        assertThat(admin.get("/npm/no-such-repository/anything").status()).isEqualTo(404);
    }

    @Test
    void legacyLoginMintsATokenThatWorks() {
        HttpSession.Response wrong = registry.anonymous()
                .put(NPM + "-/user/org.couchdb.user:admin", Map.of("name", "admin", "password", "wrong"));
        assertThat(wrong.status()).isEqualTo(401);
        HttpSession.Response login = registry.anonymous()
                .put(
                        NPM + "-/user/org.couchdb.user:admin",
                        Map.of(
                                "_id",
                                "org.couchdb.user:admin",
                                "name",
                                "admin",
                                "password",
                                TestRegistry.ADMIN_PASSWORD,
                                "type",
                                "user"));
        assertThat(login.status()).isEqualTo(201);
        String token = login.json().path("token").asText();
        assertThat(token).startsWith("ens_");
        assertThat(registry.anonymous()
                        .bearer(token)
                        .get(NPM + "-/whoami")
                        .json()
                        .path("username")
                        .asText())
                .isEqualTo("admin");
    }

    @Test
    void installsNeedReadPublishingWriteAndUnpublishingDelete() {
        for (String user : List.of("npm-reader", "npm-writer")) {
            assertThat(admin.post("/api/v1/users", Map.of("name", user, "password", user + "-password-1"))
                            .status())
                    .isEqualTo(201);
        }
        assertThat(admin.post(
                                "/api/v1/policies",
                                Map.of(
                                        "name",
                                        "npm-reading",
                                        "subjects",
                                        List.of("user:npm-reader"),
                                        "rules",
                                        List.of(Map.of("repositories", List.of("npm"), "actions", List.of("read")))))
                        .status())
                .isEqualTo(201);
        assertThat(admin.post(
                                "/api/v1/policies",
                                Map.of(
                                        "name",
                                        "npm-writing",
                                        "subjects",
                                        List.of("user:npm-writer"),
                                        "rules",
                                        List.of(Map.of(
                                                "repositories", List.of("npm"), "actions", List.of("read", "write")))))
                        .status())
                .isEqualTo(201);
        HttpSession reader = registry.anonymous().basic("npm-reader", "npm-reader-password-1");
        HttpSession writer = registry.anonymous().basic("npm-writer", "npm-writer-password-1");

        HttpSession.Response denied = reader.put(NPM + "guarded", publishBody("guarded", "1.0.0"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().path("error").asText()).contains("write access");
        assertThat(writer.put(NPM + "guarded", publishBody("guarded", "1.0.0")).status())
                .isEqualTo(201);
        assertThat(writer.put(NPM + "guarded", publishBody("guarded", "1.1.0")).status())
                .isEqualTo(201);
        assertThat(reader.get(NPM + "guarded").status()).isEqualTo(200);

        ObjectNode packument =
                (ObjectNode) writer.get(NPM + "guarded?write=true").json();
        ((ObjectNode) packument.path("versions")).remove("1.0.0");
        String rev = packument.path("_rev").asText();
        assertThat(writer.put(NPM + "guarded/-rev/" + rev, packument).status()).isEqualTo(403);
        assertThat(writer.delete(NPM + "guarded/-rev/" + rev).status()).isEqualTo(403);
        assertThat(admin.get(NPM + "guarded").json().path("versions").size()).isEqualTo(2);
    }

    @Test
    void largeTarballsStreamThroughAndBrokenBodiesLeaveNothing() throws Exception {
        byte[] noise = new byte[6 * 1024 * 1024];
        new java.util.Random(42).nextBytes(noise);
        byte[] tarball = TestPackages.tarball(TestPackages.packageJson("big-one", "1.0.0"), noise);
        assertThat(admin.put(NPM + "big-one", publishBody("big-one", "1.0.0", tarball))
                        .status())
                .isEqualTo(201);
        HttpSession.Response read = admin.get(NPM + "big-one/-/big-one-1.0.0.tgz");
        assertThat(read.bytes()).isEqualTo(tarball);

        String body = TestPackages.JSON.writeValueAsString(publishBody(
                "cut-short", "1.0.0", TestPackages.tarball(TestPackages.packageJson("cut-short", "1.0.0"), noise)));
        HttpSession.Response truncated = admin.put(NPM + "cut-short", body.substring(0, body.length() / 2));
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(admin.get(NPM + "cut-short").status()).isEqualTo(404);
    }

    @Test
    void attachmentDataThatIsNotBase64IsABadRequest() {
        ObjectNode body = publishBody("not-base64", "1.0.0");
        ((ObjectNode) body.path("_attachments").path("not-base64-1.0.0.tgz")).put("data", "!!!not*base64***");
        HttpSession.Response refused = admin.put(NPM + "not-base64", body);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).startsWith("the tarball in _attachments is not valid base64");
        assertThat(admin.get(NPM + "not-base64").status()).isEqualTo(404);
    }

    @Test
    void aDistThatIsNotAnObjectIsABadRequest() {
        ObjectNode body = publishBody("odd-dist", "1.0.0");
        ((ObjectNode) body.path("versions").path("1.0.0")).put("dist", 42);
        HttpSession.Response refused = admin.put(NPM + "odd-dist", body);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).isEqualTo("versions.1.0.0.dist must be an object");
        assertThat(admin.get(NPM + "odd-dist").status()).isEqualTo(404);
    }

    @Test
    void aTarballThatUnpacksPastOneGibibyteIsRefused() {
        byte[] bomb = TestPackages.bomb(TestPackages.packageJson("bomb", "1.0.0"), (1L << 30) + (64 << 20), false);
        assertThat(bomb.length).as("compressed size").isLessThan(8 << 20);
        Instant sent = Instant.now();
        HttpSession.Response refused = admin.put(NPM + "bomb", publishBody("bomb", "1.0.0", bomb));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
        assertThat(refused.json().path("error").asText())
                .isEqualTo(
                        "the tarball unpacks to more than 1073741824 bytes, the most this registry accepts for a package");
        assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(admin.get(NPM + "bomb").status()).isEqualTo(404);
        assertThat(admin.get(NPM + "bomb/-/bomb-1.0.0.tgz").status()).isEqualTo(404);
    }

    @Test
    void aTarballWithoutPackageJsonInItsFirstBytesIsRefused() {
        byte[] bomb = TestPackages.bomb(TestPackages.packageJson("late", "1.0.0"), 300L << 20, true);
        HttpSession.Response refused = admin.put(NPM + "late", publishBody("late", "1.0.0", bomb));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("error").asText())
                .isEqualTo(
                        "the tarball has no package/package.json in its first 268435456 unpacked bytes; npm pack puts it first");
        assertThat(admin.get(NPM + "late").status()).isEqualTo(404);
    }

    private static ObjectNode dist(ObjectNode body, String version) {
        return (ObjectNode) body.path("versions").path(version).path("dist");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
