package io.enseada.shared.store.couchdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enseada.shared.couchdb.CouchDbClient;
import io.enseada.shared.couchdb.CouchDbCredentials;
import io.enseada.shared.couchdb.CouchDbEndpoint;
import io.enseada.shared.store.Change;
import io.enseada.shared.store.ChangeSubscription;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreContract;
import io.enseada.shared.store.DocumentStoreException;
import io.enseada.shared.store.support.RetryPolicy;
import io.enseada.shared.testing.PouchDbServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CouchDbDocumentStoreTest extends DocumentStoreContract {
    private static final CouchDbCredentials ADMIN = new CouchDbCredentials("enseada", "admin-secret-42");

    @RegisterExtension
    // With an admin, every request of the suite has to carry working credentials.
    static final PouchDbServer COUCHDB = PouchDbServer.inMemory().withAdmin(ADMIN.username(), ADMIN.password());

    @Override
    protected DocumentStore newStore() {
        return openStore(COUCHDB.url(), ADMIN);
    }

    @Test
    void ensuringTheDatabaseTwiceIsHarmless() {
        ((CouchDbDocumentStore) store).ensureDatabase();
        store.put("pkg:a", null, json("{}"));
        ((CouchDbDocumentStore) store).ensureDatabase();

        assertThat(store.get("pkg:a")).isPresent();
    }

    @Test
    void anUnreachableServerFailsNamingTheUrlButNotThePassword() throws IOException {
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort() + "/");
        CouchDbCredentials credentials = new CouchDbCredentials("enseada", "do-not-leak-this-7");
        CouchDbDocumentStore unreachable = new CouchDbDocumentStore(
                CouchDbClient.create(new CouchDbEndpoint(nowhere, "metadata", credentials), mapper));

        assertThat(unreachable.ping()).isFalse();
        assertThatThrownBy(unreachable::ensureDatabase)
                .isInstanceOf(DocumentStoreException.class)
                .hasMessageContaining(nowhere.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(credentials.password(), base64(credentials)));
        assertThatThrownBy(() -> unreachable.get("pkg:a"))
                .isInstanceOf(DocumentStoreException.class)
                .hasMessageContaining(nowhere.toString());
    }

    @Test
    void aWrongPasswordFailsWithoutShowingIt() {
        CouchDbCredentials wrong = new CouchDbCredentials(ADMIN.username(), "wrong-password-99");
        CouchDbDocumentStore intruder = new CouchDbDocumentStore(
                CouchDbClient.create(new CouchDbEndpoint(COUCHDB.url(), databaseName(), wrong), mapper));

        assertThatThrownBy(intruder::ensureDatabase)
                .isInstanceOf(DocumentStoreException.class)
                .hasMessageContaining("401")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong.password(), base64(wrong)));
    }

    @Test
    void theFeedReconnectsAfterAnOutage() throws Exception {
        try (PouchDbServer server = PouchDbServer.onDisk()) {
            server.start();
            RetryPolicy quickReconnects =
                    new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(50), Duration.ofMillis(500));
            CouchDbDocumentStore outaged = new CouchDbDocumentStore(
                    CouchDbClient.create(new CouchDbEndpoint(server.url(), databaseName()), mapper),
                    RetryPolicy.conflicts(),
                    quickReconnects);
            outaged.ensureDatabase();
            BlockingQueue<Change> received = new LinkedBlockingQueue<>();
            try (outaged;
                    ChangeSubscription ignored = outaged.subscribe(null, received::add)) {
                outaged.put("o:before", null, json("{}"));
                assertThat(describe(await(received, 1))).containsExactly("o:before");

                server.stop();
                assertThat(outaged.ping()).isFalse();
                server.start();
                outaged.put("o:after", null, json("{}"));

                assertThat(describe(await(received, 1))).containsExactly("o:after");
            }
        }
    }

    private CouchDbDocumentStore openStore(URI url, CouchDbCredentials credentials) {
        CouchDbEndpoint endpoint = new CouchDbEndpoint(url, databaseName(), credentials);
        CouchDbDocumentStore couchDb = new CouchDbDocumentStore(CouchDbClient.create(endpoint, mapper));
        couchDb.ensureDatabase();
        return couchDb;
    }

    private static String databaseName() {
        return "test-" + UUID.randomUUID();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String base64(CouchDbCredentials credentials) {
        String pair = credentials.username() + ":" + credentials.password();
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
