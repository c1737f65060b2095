package io.enseada.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enseada.registry.testing.BackendSettings;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.couchdb.CouchDbClient;
import io.enseada.shared.couchdb.CouchDbEndpoint;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.Visibility;
import io.enseada.shared.store.couchdb.CouchDbDocumentStore;
import io.enseada.shared.testing.HttpSession;
import io.enseada.shared.testing.PouchDbServer;
import io.enseada.shared.testing.S3ProxyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two registry replicas on the production backends — S3 (S3Proxy) and CouchDB (pouchdb-server) —
 * sharing one bucket and one database, as a Deployment with several pods does.
 */
class SharedBackendsIT {
    private static final Duration PROPAGATION = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final PouchDbServer couch = PouchDbServer.onDisk();
    private S3ProxyServer s3;
    private TestRegistry first;
    private TestRegistry second;

    @BeforeEach
    void start() throws Exception {
        couch.start();
        s3 = S3ProxyServer.start(new TransientNio2BlobStore());
        first = TestRegistry.start(dir.resolve("one"), settings());
        second = TestRegistry.start(dir.resolve("two"), settings());
    }

    @AfterEach
    void stop() throws Exception {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        if (s3 != null) {
            s3.close();
        }
        couch.close();
    }

    private Map<String, String> settings() {
        Map<String, String> settings = BackendSettings.s3AndCouchDb(s3.endpoint(), couch.url(), "registry");
        settings.put("ENSEADA_TOKEN_SIGNING_KEY", "shared-signing-key-for-both-replicas-0123456789");
        return settings;
    }

    @Test
    void aPolicyChangedThroughOneReplicaIsEnforcedByTheOtherWithinTwoSeconds() {
        first.admin().post("/api/v1/users", Map.of("name", "carol", "password", "carol-password"));
        HttpSession carolOnSecond = second.anonymous().basic("carol", "carol-password");
        awaitTrue(() -> carolOnSecond.get("/api/v1/whoami").status() == 200, "user reaches the second replica");
        assertThat(carolOnSecond.get("/api/v1/repositories/containers").status())
                .isEqualTo(403);

        long granted = System.nanoTime();
        assertThat(first.admin()
                        .post(
                                "/api/v1/policies",
                                Map.of(
                                        "name",
                                        "carol-reads",
                                        "subjects",
                                        List.of("user:carol"),
                                        "rules",
                                        List.of(Map.of(
                                                "repositories", List.of("containers"), "actions", List.of("read")))))
                        .status())
                .isEqualTo(201);
        awaitTrue(
                () -> carolOnSecond.get("/api/v1/repositories/containers").status() == 200,
                "grant reaches the second replica");
        assertThat(Duration.ofNanos(System.nanoTime() - granted)).isLessThan(PROPAGATION);

        long revoked = System.nanoTime();
        assertThat(first.admin().delete("/api/v1/policies/carol-reads").status())
                .isEqualTo(204);
        awaitTrue(
                () -> carolOnSecond.get("/api/v1/repositories/containers").status() == 403,
                "revocation reaches the second replica");
        assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(PROPAGATION);
    }

    @Test
    void aRepositoryWrittenToTheDatabaseIsServedWithoutARestart() {
        // What the operator does for a Repository resource: write the document straight into CouchDB.
        try (CouchDbDocumentStore operatorView = new CouchDbDocumentStore(
                CouchDbClient.create(new CouchDbEndpoint(couch.url(), "registry"), Json.newMapper()))) {
            RepositorySpec repository = new RepositorySpec("team-charts", Format.OCI, Visibility.PUBLIC, null);
            operatorView.put(repository.documentId(), null, Json.newMapper().valueToTree(repository));
        }
        awaitTrue(
                () -> first.anonymous().get("/api/v1/repositories/team-charts").status() == 200
                        && second.anonymous()
                                        .get("/api/v1/repositories/team-charts")
                                        .status()
                                == 200,
                "both replicas serve it");
    }

    @Test
    void readinessFollowsTheMetadataStore() {
        assertThat(first.anonymous().get("/health/ready").status()).isEqualTo(200);
        couch.stop();
        HttpSession.Response down = first.anonymous().get("/health/ready");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().at("/checks/metadata").asText()).isEqualTo("down");
        assertThat(down.json().at("/checks/storage").asText()).isEqualTo("up");
        assertThat(first.anonymous().get("/health/live").status()).isEqualTo(200);
        couch.start();
        awaitTrue(() -> first.anonymous().get("/health/ready").status() == 200, "ready again");
    }

    /** Checks at once and every 50 ms: the propagation times above are measured around it. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        await(what)
                .atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }
}
