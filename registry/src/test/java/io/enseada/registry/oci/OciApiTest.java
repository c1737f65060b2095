package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.testing.RawExchange;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint and error code of the distribution API, over HTTP against an in-process registry. */
class OciApiTest {
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    @TempDir
    static Path dataDir;

    static TestRegistry registry;
    static HttpSession admin;
    static HttpSession bob;
    static HttpSession anonymous;

    @BeforeAll
    static void start() {
        registry = TestRegistry.start(dataDir, Map.of());
        HttpSession api = registry.admin();
        // "containers" (oci, private) is one of the repositories an unconfigured registry declares.
        for (Object repository : List.of(
                Map.of("name", "secret", "format", "oci"),
                Map.of("name", "public", "format", "oci", "visibility", "public"),
                Map.of("name", "jars", "format", "maven"))) {
            HttpSession.Response created = api.post("/api/v1/repositories", repository);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        }
        assertThat(api.post("/api/v1/users", Map.of("name", "bob", "password", "bob-password-123"))
                        .status())
                .isEqualTo(201);
        assertThat(api.post(
                                "/api/v1/policies",
                                Map.of(
                                        "name",
                                        "bob-containers",
                                        "subjects",
                                        List.of("user:bob"),
                                        "rules",
                                        List.of(Map.of(
                                                "repositories",
                                                List.of("containers"),
                                                "actions",
                                                List.of("read", "write", "delete")))))
                        .status())
                .isEqualTo(201);
        admin = new HttpSession(registry.url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
        bob = new HttpSession(registry.url()).basic("bob", "bob-password-123");
        anonymous = new HttpSession(registry.url());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void baseEndpointChallengesAnonymousCallersAndAnswersOthers() {
        HttpSession.Response anon = anonymous.get("/v2/");
        assertThat(anon.status()).isEqualTo(401);
        assertThat(anon.header("WWW-Authenticate"))
                .startsWith("Bearer realm=\"")
                .contains("/auth/token");
        assertThat(anon.errorCode()).isEqualTo("UNAUTHORIZED");

        HttpSession.Response ok = admin.get("/v2/");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
    }

    @Test
    void monolithicBlobIsServedWholeAndInRangesAndDeleted() {
        byte[] content = random(1000, 1);
        String digest = OciPush.blob(admin, "containers/blobs", content);

        HttpSession.Response head = admin.head("/v2/containers/blobs/blobs/" + digest);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("1000");
        assertThat(head.header("Docker-Content-Digest")).isEqualTo(digest);

        HttpSession.Response whole = admin.get("/v2/containers/blobs/blobs/" + digest);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.bytes()).isEqualTo(content);
        assertThat(whole.header("ETag")).isEqualTo("\"" + digest + "\"");
        assertThat(whole.header("Cache-Control")).contains("immutable");
        assertThat(whole.header("Content-Length")).isEqualTo("1000");

        HttpSession.Response part = admin.request("GET", "/v2/containers/blobs/blobs/" + digest)
                .header("Range", "bytes=10-19")
                .send();
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 10-19/1000");
        assertThat(part.header("Content-Length")).isEqualTo("10");
        assertThat(part.bytes()).isEqualTo(Arrays.copyOfRange(content, 10, 20));

        HttpSession.Response tail = admin.request("GET", "/v2/containers/blobs/blobs/" + digest)
                .header("Range", "bytes=-5")
                .send();
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.bytes()).isEqualTo(Arrays.copyOfRange(content, 995, 1000));

        HttpSession.Response outside = admin.request("GET", "/v2/containers/blobs/blobs/" + digest)
                .header("Range", "bytes=5000-")
                .send();
        assertThat(outside.status()).isEqualTo(416);
        assertThat(outside.header("Content-Range")).isEqualTo("bytes */1000");

        // The same bytes in another name are another link, not another copy; deleting one link leaves the other.
        OciPush.blob(admin, "containers/other", content);
        assertThat(admin.delete("/v2/containers/blobs/blobs/" + digest).status())
                .isEqualTo(202);
        HttpSession.Response gone = admin.get("/v2/containers/blobs/blobs/" + digest);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("BLOB_UNKNOWN");
        assertThat(admin.head("/v2/containers/blobs/blobs/" + digest).status()).isEqualTo(404);
        assertThat(admin.delete("/v2/containers/blobs/blobs/" + digest).errorCode())
                .isEqualTo("BLOB_UNKNOWN");
        assertThat(admin.get("/v2/containers/other/blobs/" + digest).bytes()).isEqualTo(content);
    }

    @Test
    void aBlobWhoseBytesDoNotMatchItsDigestIsRefusedAndNotStored() {
        byte[] content = random(100, 2);
        String claimed = OciPush.digest(random(100, 3));
        HttpSession.Response response = admin.request("POST", "/v2/containers/bad/blobs/uploads/?digest=" + claimed)
                .body(content)
                .send();
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("DIGEST_INVALID");
        assertThat(admin.head("/v2/containers/bad/blobs/" + claimed).status()).isEqualTo(404);
        assertThat(admin.head("/v2/containers/bad/blobs/" + OciPush.digest(content))
                        .status())
                .isEqualTo(404);

        HttpSession.Response malformed = admin.request("POST", "/v2/containers/bad/blobs/uploads/?digest=sha256:nothex")
                .body(content)
                .send();
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("DIGEST_INVALID");
    }

    @Test
    void aWholeBlobSentWithTheClosingPutIsVerifiedAndTheSessionEnds() {
        byte[] content = random(5000, 7);
        String digest = OciPush.digest(content);

        String wrongLocation = admin.request("POST", "/v2/containers/whole/blobs/uploads/")
                .send()
                .header("Location");
        HttpSession.Response wrong = admin.request("PUT", wrongLocation + "?digest=" + OciPush.digest(random(5000, 8)))
                .body(content)
                .send();
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errorCode()).isEqualTo("DIGEST_INVALID");
        assertThat(admin.head("/v2/containers/whole/blobs/" + digest).status()).isEqualTo(404);
        assertThat(admin.get(wrongLocation).errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");

        String location = admin.request("POST", "/v2/containers/whole/blobs/uploads/")
                .send()
                .header("Location");
        HttpSession.Response stored = admin.request("PUT", location + "?digest=" + digest)
                .body(content)
                .send();
        assertThat(stored.status()).isEqualTo(201);
        assertThat(stored.header("Docker-Content-Digest")).isEqualTo(digest);
        assertThat(admin.get("/v2/containers/whole/blobs/" + digest).bytes()).isEqualTo(content);
        assertThat(admin.get(location).errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void chunkedUploadGoesInOrderReportsItsOffsetAndVerifiesTheDigest() {
        byte[] content = random(3000, 4);
        String digest = OciPush.digest(content);
        HttpSession.Response started =
                admin.request("POST", "/v2/containers/chunked/blobs/uploads/").send();
        assertThat(started.status()).isEqualTo(202);
        String location = started.header("Location");
        assertThat(location).startsWith("/v2/containers/chunked/blobs/uploads/");
        assertThat(started.header("Docker-Upload-UUID")).isNotBlank();

        HttpSession.Response first = admin.request("PATCH", location)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", "0-999")
                .body(Arrays.copyOfRange(content, 0, 1000))
                .send();
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("Range")).isEqualTo("0-999");
        location = first.header("Location");

        HttpSession.Response outOfOrder = admin.request("PATCH", location)
                .header("Content-Range", "2000-2999")
                .body(Arrays.copyOfRange(content, 2000, 3000))
                .send();
        assertThat(outOfOrder.status()).isEqualTo(416);
        assertThat(outOfOrder.header("Range")).isEqualTo("0-999");
        HttpSession.Response again = admin.request("PATCH", location)
                .header("Content-Range", "0-999")
                .body(Arrays.copyOfRange(content, 0, 1000))
                .send();
        assertThat(again.status()).isEqualTo(416);

        HttpSession.Response status = admin.get(location);
        assertThat(status.status()).isEqualTo(204);
        assertThat(status.header("Range")).isEqualTo("0-999");
        assertThat(status.header("Location")).isEqualTo(location);

        // A streamed chunk without Content-Range continues where the session ends.
        HttpSession.Response second = admin.request("PATCH", location)
                .body(Arrays.copyOfRange(content, 1000, 2000))
                .send();
        assertThat(second.header("Range")).isEqualTo("0-1999");

        HttpSession.Response wrong = admin.request(
                        "PUT", second.header("Location") + "?digest=" + OciPush.digest(new byte[] {1}))
                .body(Arrays.copyOfRange(content, 2000, 3000))
                .send();
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errorCode()).isEqualTo("DIGEST_INVALID");
        // A failed completion ends the session and stores nothing.
        assertThat(admin.get(location).errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");

        String retry = admin.request("POST", "/v2/containers/chunked/blobs/uploads/")
                .send()
                .header("Location");
        admin.request("PATCH", retry)
                .header("Content-Range", "0-1999")
                .body(Arrays.copyOfRange(content, 0, 2000))
                .send();
        HttpSession.Response done = admin.request("PUT", retry + "?digest=" + digest)
                .header("Content-Range", "2000-2999")
                .body(Arrays.copyOfRange(content, 2000, 3000))
                .send();
        assertThat(done.status()).isEqualTo(201);
        assertThat(done.header("Location")).isEqualTo("/v2/containers/chunked/blobs/" + digest);
        assertThat(done.header("Docker-Content-Digest")).isEqualTo(digest);
        assertThat(admin.get("/v2/containers/chunked/blobs/" + digest).bytes()).isEqualTo(content);
    }

    @Test
    void uploadsCanBeCancelledAndUnknownOnesAreReported() {
        String location = admin.request("POST", "/v2/containers/cancel/blobs/uploads/")
                .send()
                .header("Location");
        assertThat(admin.delete(location).status()).isEqualTo(204);
        HttpSession.Response gone = admin.get(location);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        assertThat(admin.delete(location).errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        assertThat(admin.request("PATCH", "/v2/containers/cancel/blobs/uploads/not-a-session")
                        .body(new byte[] {1})
                        .send()
                        .errorCode())
                .isEqualTo("BLOB_UPLOAD_UNKNOWN");
        assertThat(admin.request(
                                "PUT",
                                "/v2/containers/cancel/blobs/uploads/00000000-0000-0000-0000-000000000000?digest="
                                        + OciPush.digest(new byte[0]))
                        .send()
                        .errorCode())
                .isEqualTo("BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void manifestsAreStoredAndServedByteForByteByTagAndDigest() {
        String name = "containers/team/app";
        String manifest = imageManifest(name, OCI_MANIFEST, 10);
        // Odd spacing on purpose: the registry must not re-serialize.
        byte[] bytes = manifest.replace(",", " ,\n").getBytes(StandardCharsets.UTF_8);
        HttpSession.Response pushed = admin.request("PUT", "/v2/" + name + "/manifests/1.0")
                .header("Content-Type", OCI_MANIFEST)
                .body(bytes)
                .send();
        assertThat(pushed.status()).isEqualTo(201);
        String digest = OciPush.digest(bytes);
        assertThat(pushed.header("Docker-Content-Digest")).isEqualTo(digest);
        assertThat(pushed.header("Location")).isEqualTo("/v2/" + name + "/manifests/" + digest);

        for (String reference : List.of("1.0", digest)) {
            HttpSession.Response got = admin.request("GET", "/v2/" + name + "/manifests/" + reference)
                    .header("Accept", OCI_MANIFEST)
                    .send();
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.bytes()).isEqualTo(bytes);
            assertThat(got.header("Content-Type")).isEqualTo(OCI_MANIFEST);
            assertThat(got.header("Docker-Content-Digest")).isEqualTo(digest);
            HttpSession.Response head = admin.head("/v2/" + name + "/manifests/" + reference);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(bytes.length));
            assertThat(head.header("Docker-Content-Digest")).isEqualTo(digest);
        }
        HttpSession.Response notAccepted = admin.request("GET", "/v2/" + name + "/manifests/1.0")
                .header("Accept", DOCKER_MANIFEST)
                .send();
        assertThat(notAccepted.status()).isEqualTo(404);
        assertThat(notAccepted.errorCode()).isEqualTo("MANIFEST_UNKNOWN");
        HttpSession.Response unknown = admin.get("/v2/" + name + "/manifests/nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("MANIFEST_UNKNOWN");
        assertThat(admin.head("/v2/" + name + "/manifests/nope").status()).isEqualTo(404);
    }

    @Test
    void dockerManifestsListsAndOciIndexesAreAccepted() {
        String name = "containers/multi";
        String amd = OciPush.manifest(
                admin,
                name,
                "amd64",
                DOCKER_MANIFEST,
                imageManifest(name, DOCKER_MANIFEST, 20).getBytes(StandardCharsets.UTF_8));
        String arm = OciPush.manifest(
                admin,
                name,
                "arm64",
                OCI_MANIFEST,
                imageManifest(name, OCI_MANIFEST, 21).getBytes(StandardCharsets.UTF_8));
        for (String type : List.of(DOCKER_LIST, OCI_INDEX)) {
            String index = "{\"schemaVersion\":2,\"mediaType\":\"" + type + "\",\"manifests\":["
                    + "{\"mediaType\":\"" + DOCKER_MANIFEST + "\",\"digest\":\"" + amd
                    + "\",\"size\":1,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                    + "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + arm
                    + "\",\"size\":1,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}}]}";
            String digest = OciPush.manifest(admin, name, "latest", type, index.getBytes(StandardCharsets.UTF_8));
            HttpSession.Response got = admin.get("/v2/" + name + "/manifests/latest");
            assertThat(got.header("Content-Type")).isEqualTo(type);
            assertThat(got.header("Docker-Content-Digest")).isEqualTo(digest);
        }
        String missingChild =
                "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                        + OCI_MANIFEST + "\",\"digest\":\"" + OciPush.digest(new byte[] {9}) + "\",\"size\":1}]}";
        HttpSession.Response refused = admin.request("PUT", "/v2/" + name + "/manifests/broken")
                .header("Content-Type", OCI_INDEX)
                .body(missingChild.getBytes(StandardCharsets.UTF_8))
                .send();
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.errorCode()).isEqualTo("MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void invalidManifestsAreRefusedWithTheSpecCodesAndLeaveNoTag() {
        String name = "containers/invalid";
        String missingLayer = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + OciPush.blob(admin, name, "{}".getBytes(StandardCharsets.UTF_8))
                + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + OciPush.digest(new byte[] {7}) + "\",\"size\":1}]}";
        HttpSession.Response blobUnknown = put(name, "t1", OCI_MANIFEST, missingLayer);
        assertThat(blobUnknown.status()).isEqualTo(404);
        assertThat(blobUnknown.errorCode()).isEqualTo("MANIFEST_BLOB_UNKNOWN");
        assertThat(blobUnknown.json().at("/errors/0/detail/digest").asText()).isEqualTo(OciPush.digest(new byte[] {7}));

        HttpSession.Response notJson = put(name, "t1", OCI_MANIFEST, "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.errorCode()).isEqualTo("MANIFEST_INVALID");
        assertThat(put(name, "t1", DOCKER_MANIFEST, imageManifest(name, OCI_MANIFEST, 30))
                        .errorCode())
                .isEqualTo("MANIFEST_INVALID");
        assertThat(put(name, "t1", "application/vnd.docker.distribution.manifest.v1+json", "{\"schemaVersion\":1}")
                        .errorCode())
                .isEqualTo("MANIFEST_INVALID");

        String valid = imageManifest(name, OCI_MANIFEST, 31);
        HttpSession.Response wrongDigest = put(name, OciPush.digest(new byte[] {1}), OCI_MANIFEST, valid);
        assertThat(wrongDigest.status()).isEqualTo(400);
        assertThat(wrongDigest.errorCode()).isEqualTo("DIGEST_INVALID");

        HttpSession.Response badTag = put(name, "-bad", OCI_MANIFEST, valid);
        assertThat(badTag.status()).isEqualTo(400);

        String huge = valid.substring(0, valid.length() - 1) + ",\"annotations\":{\"pad\":\""
                + "x".repeat(4 * 1024 * 1024) + "\"}}";
        // a client that sends the whole body as OCI clients do, while reading the answer: the registry refuses it
        // unread, and a client that only reads once it has sent everything may meet a reset before the 413
        byte[] hugeBytes = huge.getBytes(StandardCharsets.UTF_8);
        String head = "PUT /v2/" + name + "/manifests/t1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
                + Base64.getEncoder()
                        .encodeToString(("admin:" + TestRegistry.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))
                + "\r\nContent-Type: " + OCI_MANIFEST + "\r\nContent-Length: " + hugeBytes.length + "\r\n\r\n";
        RawExchange.Answer tooLarge = RawExchange.exchange(registry.port(), head, hugeBytes, Duration.ofSeconds(30));
        assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("\"SIZE_INVALID\"");

        assertThat(admin.get("/v2/" + name + "/manifests/t1").status()).isEqualTo(404);
        assertThat(put(name, OciPush.digest(valid.getBytes(StandardCharsets.UTF_8)), OCI_MANIFEST, valid)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void tagsAreListedInOrderWithPagingAndDeletingATagKeepsTheManifest() {
        String name = "containers/tagged";
        byte[] manifest = imageManifest(name, OCI_MANIFEST, 40).getBytes(StandardCharsets.UTF_8);
        String digest = null;
        for (String tag : List.of("b", "a", "c", "1.0", "latest")) {
            digest = OciPush.manifest(admin, name, tag, OCI_MANIFEST, manifest);
        }
        assertThat(texts(admin.get("/v2/" + name + "/tags/list").json().path("tags")))
                .containsExactly("1.0", "a", "b", "c", "latest");
        HttpSession.Response page = admin.get("/v2/" + name + "/tags/list?n=2");
        assertThat(texts(page.json().path("tags"))).containsExactly("1.0", "a");
        assertThat(page.header("Link")).isEqualTo("</v2/" + name + "/tags/list?n=2&last=a>; rel=\"next\"");
        assertThat(texts(admin.get("/v2/" + name + "/tags/list?n=2&last=a")
                        .json()
                        .path("tags")))
                .containsExactly("b", "c");
        HttpSession.Response lastPage = admin.get("/v2/" + name + "/tags/list?n=2&last=c");
        assertThat(texts(lastPage.json().path("tags"))).containsExactly("latest");
        assertThat(lastPage.header("Link")).isNull();
        assertThat(admin.get("/v2/" + name + "/tags/list?n=0").json().path("tags"))
                .isEmpty();

        assertThat(admin.delete("/v2/" + name + "/manifests/b").status()).isEqualTo(202);
        assertThat(admin.get("/v2/" + name + "/manifests/b").status()).isEqualTo(404);
        assertThat(admin.get("/v2/" + name + "/manifests/" + digest).status()).isEqualTo(200);
        assertThat(admin.delete("/v2/" + name + "/manifests/b").errorCode()).isEqualTo("MANIFEST_UNKNOWN");

        assertThat(admin.delete("/v2/" + name + "/manifests/" + digest).status())
                .isEqualTo(202);
        assertThat(admin.get("/v2/" + name + "/manifests/" + digest).errorCode())
                .isEqualTo("MANIFEST_UNKNOWN");
        assertThat(admin.get("/v2/" + name + "/manifests/latest").errorCode()).isEqualTo("MANIFEST_UNKNOWN");
        assertThat(admin.get("/v2/" + name + "/tags/list").json().path("tags")).isEmpty();

        HttpSession.Response unknownName = admin.get("/v2/containers/never-pushed/tags/list");
        assertThat(unknownName.status()).isEqualTo(404);
        assertThat(unknownName.errorCode()).isEqualTo("NAME_UNKNOWN");
    }

    @Test
    void referrersListManifestsWithASubjectAndFilterByArtifactType() {
        String name = "containers/signed";
        String subject = OciPush.manifest(
                admin,
                name,
                "v1",
                OCI_MANIFEST,
                imageManifest(name, OCI_MANIFEST, 50).getBytes(StandardCharsets.UTF_8));
        String empty = OciPush.blob(admin, name, "{}".getBytes(StandardCharsets.UTF_8));
        String signature = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"artifactType\":\"application/vnd.example.signature\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + empty
                + "\",\"size\":2},\"layers\":[],"
                + "\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":1},"
                + "\"annotations\":{\"org.example\":\"yes\"}}";
        HttpSession.Response pushed =
                put(name, OciPush.digest(signature.getBytes(StandardCharsets.UTF_8)), OCI_MANIFEST, signature);
        assertThat(pushed.status()).isEqualTo(201);
        assertThat(pushed.header("OCI-Subject")).isEqualTo(subject);
        String sbom = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.example.sbom\",\"digest\":\"" + empty
                + "\",\"size\":2},\"layers\":[],"
                + "\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":1}}";
        String sbomDigest = OciPush.manifest(admin, name, "sbom", OCI_MANIFEST, sbom.getBytes(StandardCharsets.UTF_8));

        HttpSession.Response all = admin.get("/v2/" + name + "/referrers/" + subject);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.header("Content-Type")).isEqualTo(OCI_INDEX);
        JsonNode manifests = all.json().path("manifests");
        assertThat(manifests).hasSize(2);
        assertThat(texts(manifests.findValues("artifactType")))
                .containsExactlyInAnyOrder("application/vnd.example.signature", "application/vnd.example.sbom");
        assertThat(all.header("OCI-Filters-Applied")).isNull();

        HttpSession.Response filtered =
                admin.get("/v2/" + name + "/referrers/" + subject + "?artifactType=application/vnd.example.sbom");
        assertThat(filtered.header("OCI-Filters-Applied")).isEqualTo("artifactType");
        assertThat(filtered.json().path("manifests")).hasSize(1);
        assertThat(filtered.json().at("/manifests/0/digest").asText()).isEqualTo(sbomDigest);

        HttpSession.Response none = admin.get("/v2/" + name + "/referrers/" + OciPush.digest(new byte[] {5}));
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().path("manifests")).isEmpty();
        assertThat(admin.get("/v2/" + name + "/referrers/sha256:bad").errorCode())
                .isEqualTo("DIGEST_INVALID");

        assertThat(admin.delete("/v2/" + name + "/manifests/" + sbomDigest).status())
                .isEqualTo(202);
        assertThat(admin.get("/v2/" + name + "/referrers/" + subject).json().path("manifests"))
                .hasSize(1);
    }

    @Test
    void crossRepositoryMountNeedsReadAccessToTheSource() {
        byte[] content = random(500, 60);
        String digest = OciPush.blob(admin, "containers/source", content);
        OciPush.blob(admin, "secret/hidden", content);

        HttpSession.Response mounted = bob.request(
                        "POST", "/v2/containers/target/blobs/uploads/?mount=" + digest + "&from=containers/source")
                .send();
        assertThat(mounted.status()).isEqualTo(201);
        assertThat(mounted.header("Location")).isEqualTo("/v2/containers/target/blobs/" + digest);
        assertThat(bob.get("/v2/containers/target/blobs/" + digest).bytes()).isEqualTo(content);

        HttpSession.Response notReadable = bob.request(
                        "POST", "/v2/containers/other-target/blobs/uploads/?mount=" + digest + "&from=secret/hidden")
                .send();
        assertThat(notReadable.status()).isEqualTo(202);
        assertThat(notReadable.header("Location")).startsWith("/v2/containers/other-target/blobs/uploads/");
        assertThat(bob.head("/v2/containers/other-target/blobs/" + digest).status())
                .isEqualTo(404);

        HttpSession.Response unknown = bob.request(
                        "POST",
                        "/v2/containers/other-target/blobs/uploads/?mount=" + OciPush.digest(new byte[] {3})
                                + "&from=containers/source")
                .send();
        assertThat(unknown.status()).isEqualTo(202);
        HttpSession.Response badFrom = bob.request(
                        "POST", "/v2/containers/other-target/blobs/uploads/?mount=" + digest + "&from=Not/A/Name")
                .send();
        assertThat(badFrom.status()).isEqualTo(202);
    }

    @Test
    void namesAndAccessAreCheckedBeforeAnything() {
        HttpSession.Response invalid = admin.get("/v2/containers/Upper/tags/list");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorCode()).isEqualTo("NAME_INVALID");
        assertThat(admin.get("/v2/containers/tags/list").errorCode()).isEqualTo("NAME_INVALID");
        HttpSession.Response unknownRepository = admin.get("/v2/nowhere/app/tags/list");
        assertThat(unknownRepository.status()).isEqualTo(404);
        assertThat(unknownRepository.errorCode()).isEqualTo("NAME_UNKNOWN");
        assertThat(admin.get("/v2/jars/app/tags/list").errorCode()).isEqualTo("NAME_UNKNOWN");

        HttpSession.Response denied =
                bob.request("POST", "/v2/secret/app/blobs/uploads/").send();
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorCode()).isEqualTo("DENIED");
        HttpSession.Response anonymousPush =
                anonymous.request("POST", "/v2/containers/app/blobs/uploads/").send();
        assertThat(anonymousPush.status()).isEqualTo(401);
        assertThat(anonymousPush.header("WWW-Authenticate"))
                .contains("scope=\"repository:containers/app:pull,push\"")
                .doesNotContain("error=");
        assertThat(anonymousPush.errorCode()).isEqualTo("UNAUTHORIZED");

        HttpSession.Response unsupported =
                admin.request("PATCH", "/v2/containers/app/manifests/latest").send();
        assertThat(unsupported.status()).isEqualTo(405);
        assertThat(unsupported.errorCode()).isEqualTo("UNSUPPORTED");
        assertThat(admin.get("/v2/containers/app/manifests/latest").header("Docker-Distribution-API-Version"))
                .isEqualTo("registry/2.0");
    }

    @Test
    void anonymousCallersPullFromPublicRepositoriesThroughTheTokenFlow() {
        String name = "public/hello";
        String digest = OciPush.manifest(
                admin,
                name,
                "latest",
                OCI_MANIFEST,
                imageManifest(name, OCI_MANIFEST, 70).getBytes(StandardCharsets.UTF_8));
        HttpSession.Response challenge = anonymous.get("/v2/" + name + "/manifests/latest");
        assertThat(challenge.status()).isEqualTo(200); // public: readable without asking
        String token = anonymous
                .get("/auth/token?service=x&scope=repository:" + name + ":pull")
                .json()
                .path("token")
                .asText();
        HttpSession.Response bearer = new HttpSession(registry.url())
                .bearer(token)
                .request("GET", "/v2/" + name + "/manifests/latest")
                .send();
        assertThat(bearer.status()).isEqualTo(200);
        assertThat(bearer.header("Docker-Content-Digest")).isEqualTo(digest);

        String bobToken = bob.get("/auth/token?service=x&scope=repository:containers/app:pull,push")
                .json()
                .path("token")
                .asText();
        HttpSession.Response bobPush = anonymous
                .bearer(bobToken)
                .request("POST", "/v2/containers/app/blobs/uploads/")
                .send();
        assertThat(bobPush.status()).isEqualTo(202);
        HttpSession.Response outOfScope = anonymous
                .bearer(bobToken)
                .request("POST", "/v2/containers/elsewhere/blobs/uploads/")
                .send();
        assertThat(outOfScope.status()).isEqualTo(401);
        assertThat(outOfScope.header("WWW-Authenticate"))
                .contains("scope=\"repository:containers/elsewhere:pull,push\"", "error=\"insufficient_scope\"");
    }

    @Test
    void catalogListsOnlyReadableNamesWithPaging() {
        for (String name : List.of("containers/cat-a", "containers/cat-b", "secret/cat-c")) {
            OciPush.manifest(
                    admin,
                    name,
                    "v1",
                    OCI_MANIFEST,
                    imageManifest(name, OCI_MANIFEST, 80).getBytes(StandardCharsets.UTF_8));
        }
        List<String> adminSees = texts(admin.get("/v2/_catalog").json().path("repositories"));
        assertThat(adminSees)
                .contains("containers/cat-a", "containers/cat-b", "secret/cat-c")
                .isSorted();
        List<String> bobSees = texts(bob.get("/v2/_catalog").json().path("repositories"));
        assertThat(bobSees).contains("containers/cat-a", "containers/cat-b").noneMatch(n -> n.startsWith("secret/"));

        HttpSession.Response page = admin.get("/v2/_catalog?n=1&last=containers/cat-a");
        assertThat(texts(page.json().path("repositories"))).containsExactly("containers/cat-b");
        assertThat(page.header("Link")).startsWith("</v2/_catalog?n=1&last=containers%2Fcat-b>");
    }

    @Test
    void pushesAndDeletesAreAudited() {
        String name = "containers/audited";
        String digest = OciPush.manifest(
                admin,
                name,
                "v1",
                OCI_MANIFEST,
                imageManifest(name, OCI_MANIFEST, 90).getBytes(StandardCharsets.UTF_8));
        admin.delete("/v2/" + name + "/manifests/" + digest);
        String audit = registry.admin().get("/api/v1/audit?limit=100").text();
        assertThat(audit)
                .contains("oci.push")
                .contains(name + ":v1")
                .contains("oci.delete")
                .contains(name + "@" + digest);
    }

    // ---- helpers ----

    private static HttpSession.Response put(String name, String reference, String type, String manifest) {
        return admin.request("PUT", "/v2/" + name + "/manifests/" + reference)
                .header("Content-Type", type)
                .body(manifest.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    /** An image manifest of the given type whose config and one layer are pushed into {@code name} first. */
    static String imageManifest(String name, String type, int seed) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":" + seed + "}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = random(256, seed);
        String configDigest = OciPush.blob(admin, name, config);
        String layerDigest = OciPush.blob(admin, name, layer);
        boolean docker = type.equals(DOCKER_MANIFEST);
        return "{\"schemaVersion\":2,\"mediaType\":\"" + type + "\",\"config\":{\"mediaType\":\""
                + (docker
                        ? "application/vnd.docker.container.image.v1+json"
                        : "application/vnd.oci.image.config.v1+json")
                + "\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\""
                + (docker
                        ? "application/vnd.docker.image.rootfs.diff.tar.gzip"
                        : "application/vnd.oci.image.layer.v1.tar+gzip")
                + "\",\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}]}";
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static List<String> texts(Iterable<JsonNode> nodes) {
        List<String> out = new java.util.ArrayList<>();
        nodes.forEach(node -> out.add(node.asText()));
        return out;
    }
}
