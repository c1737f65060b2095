package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enseada.registry.testing.BackendSettings;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import io.enseada.shared.testing.PouchDbServer;
import io.enseada.shared.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two registry replicas sharing one S3 bucket (S3Proxy) and one CouchDB database (pouchdb-server). */
class OciReplicasIT {
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @RegisterExtension
    static final PouchDbServer COUCHDB = PouchDbServer.inMemory();

    @TempDir
    static Path dirA;

    @TempDir
    static Path dirB;

    static S3ProxyServer s3;
    static TestRegistry a;
    static TestRegistry b;
    static HttpSession onA;
    static HttpSession onB;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start(new TransientNio2BlobStore());
        Map<String, String> shared = BackendSettings.s3AndCouchDb(s3.endpoint(), COUCHDB.url(), "replicas");
        shared.put("ENSEADA_TOKEN_SIGNING_KEY", "a-signing-key-both-replicas-share-0123456789");
        a = TestRegistry.start(dirA, shared);
        b = TestRegistry.start(dirB, shared);
        onA = new HttpSession(a.url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
        onB = new HttpSession(b.url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aChunkedUploadBegunOnOneReplicaIsContinuedAndFinishedOnTheOther() {
        // Above S3's 5 MiB minimum part size, so the session holds a real multipart upload between replicas.
        byte[] content = OciApiTest.random(7 * 1024 * 1024 + 123, 1);
        String digest = OciPush.digest(content);
        int split = 6 * 1024 * 1024;

        String location = onA.request("POST", "/v2/containers/split/blobs/uploads/")
                .send()
                .header("Location");
        HttpSession.Response first = onA.request("PATCH", location)
                .header("Content-Range", "0-" + (split - 1))
                .body(Arrays.copyOfRange(content, 0, split))
                .send();
        assertThat(first.status()).isEqualTo(202);

        HttpSession.Response status = onB.get(first.header("Location"));
        assertThat(status.status()).isEqualTo(204);
        assertThat(status.header("Range")).isEqualTo("0-" + (split - 1));
        HttpSession.Response outOfOrder = onB.request("PATCH", location)
                .header("Content-Range", "0-9")
                .body(new byte[10])
                .send();
        assertThat(outOfOrder.status()).isEqualTo(416);

        HttpSession.Response second = onB.request("PATCH", location)
                .header("Content-Range", split + "-" + (content.length - 2))
                .body(Arrays.copyOfRange(content, split, content.length - 1))
                .send();
        assertThat(second.status()).isEqualTo(202);
        assertThat(onA.get(location).header("Range")).isEqualTo("0-" + (content.length - 2));

        HttpSession.Response done = onA.request("PUT", location + "?digest=" + digest)
                .body(Arrays.copyOfRange(content, content.length - 1, content.length))
                .send();
        assertThat(done.status()).isEqualTo(201);
        assertThat(onB.get("/v2/containers/split/blobs/" + digest).bytes()).isEqualTo(content);
        assertThat(onA.request("GET", "/v2/containers/split/blobs/" + digest)
                        .header("Range", "bytes=7340032-")
                        .send()
                        .bytes())
                .isEqualTo(Arrays.copyOfRange(content, 7340032, content.length));
    }

    @Test
    void whatOneReplicaPushesTheOtherServesAndMounts() {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = OciApiTest.random(4096, 2);
        String configDigest = OciPush.blob(onA, "containers/app", config);
        String layerDigest = OciPush.blob(onA, "containers/app", layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + configDigest + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + layerDigest + "\",\"size\":" + layer.length + "}]}";
        String digest =
                OciPush.manifest(onB, "containers/app", "1.0", OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));

        assertThat(onA.get("/v2/containers/app/manifests/1.0").text()).isEqualTo(manifest);
        assertThat(onA.get("/v2/containers/app/tags/list")
                        .json()
                        .path("tags")
                        .get(0)
                        .asText())
                .isEqualTo("1.0");

        HttpSession.Response mounted = onA.request(
                        "POST", "/v2/containers/copy/blobs/uploads/?mount=" + layerDigest + "&from=containers/app")
                .send();
        assertThat(mounted.status()).isEqualTo(201);
        assertThat(OciPush.manifest(
                        onB,
                        "containers/copy",
                        "1.0",
                        OCI_MANIFEST,
                        manifest.replace(configDigest, OciPush.blob(onB, "containers/copy", config))
                                .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(digest);

        // A bearer token from one replica is honoured by the other: they share the signing key.
        String token = new HttpSession(a.url())
                .basic("admin", TestRegistry.ADMIN_PASSWORD)
                .get("/auth/token?service=x&scope=repository:containers/app:pull")
                .json()
                .path("token")
                .asText();
        assertThat(new HttpSession(b.url())
                        .bearer(token)
                        .request("GET", "/v2/containers/app/manifests/" + digest)
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aSessionIsItsCreatorsOnEveryReplicaAndNobodyElses() {
        assertThat(a.admin()
                        .post("/api/v1/users", Map.of("name", "carol", "password", "carol-password-1"))
                        .status())
                .isEqualTo(201);
        assertThat(a.admin()
                        .post(
                                "/api/v1/policies",
                                Map.of(
                                        "name",
                                        "carol-writes",
                                        "subjects",
                                        List.of("user:carol"),
                                        "rules",
                                        List.of(Map.of(
                                                "repositories",
                                                List.of("containers"),
                                                "actions",
                                                List.of("read", "write", "delete")))))
                        .status())
                .isEqualTo(201);
        HttpSession carolOnB = new HttpSession(b.url()).basic("carol", "carol-password-1");
        await("replica B knows carol's policy")
                .atMost(Duration.ofSeconds(10))
                .until(() -> carolOnB.request("POST", "/v2/containers/probe/blobs/uploads/")
                                .send()
                                .status()
                        == 202);
        byte[] content = OciApiTest.random(6 * 1024 * 1024 + 10, 3);
        String digest = OciPush.digest(content);
        int split = 5 * 1024 * 1024 + 1;
        String location = onA.request("POST", "/v2/containers/bound/blobs/uploads/")
                .send()
                .header("Location");
        assertThat(onA.request("PATCH", location)
                        .body(Arrays.copyOfRange(content, 0, split))
                        .send()
                        .status())
                .isEqualTo(202);

        for (HttpSession.Response refused : List.of(
                carolOnB.get(location),
                carolOnB.request("PATCH", location)
                        .header("Content-Range", split + "-" + (split + 1))
                        .body(new byte[2])
                        .send(),
                carolOnB.request("PUT", location + "?digest=" + digest).send(),
                carolOnB.delete(location))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
            assertThat(refused.errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        }

        assertThat(onB.get(location).header("Range")).isEqualTo("0-" + (split - 1));
        HttpSession.Response done = onB.request("PUT", location + "?digest=" + digest)
                .body(Arrays.copyOfRange(content, split, content.length))
                .send();
        assertThat(done.status()).as(done.toString()).isEqualTo(201);
        assertThat(onA.get("/v2/containers/bound/blobs/" + digest).bytes()).isEqualTo(content);
    }
}
