package io.enseada.operator.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.operator.common.SecretValues;
import io.enseada.shared.couchdb.CouchDbClient;
import io.enseada.shared.couchdb.CouchDbCredentials;
import io.enseada.shared.couchdb.CouchDbEndpoint;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.couchdb.CouchDbDocumentStore;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens a Registry's CouchDB database with the credentials from the Secret it names. One store per
 * endpoint (URL, database, credentials) is kept open; a changed Secret yields a new endpoint and so
 * a new store. The database is created whenever it is missing. The endpoint last used for a
 * Registry is remembered, so a Registry being deleted whose credentials Secret went first (a
 * namespace deletion, {@code kubectl delete -f} of a directory) still reaches its database.
 */
public final class CouchDbRegistryStores implements RegistryStores, AutoCloseable {
    private final KubernetesClient kubernetes;
    private final ObjectMapper mapper;
    private final Map<CouchDbEndpoint, CouchDbDocumentStore> open = new ConcurrentHashMap<>();
    private final Map<String, CouchDbEndpoint> lastEndpoint = new ConcurrentHashMap<>();

    public CouchDbRegistryStores(KubernetesClient kubernetes, ObjectMapper mapper) {
        this.kubernetes = kubernetes;
        this.mapper = mapper;
    }

    @Override
    public DocumentStore open(Registry registry) {
        String uid = registry.getMetadata().getUid();
        CouchDbEndpoint endpoint;
        try {
            endpoint = endpoint(registry);
        } catch (IllegalStateException e) {
            CouchDbEndpoint last = uid == null || !registry.isMarkedForDeletion() ? null : lastEndpoint.get(uid);
            if (last == null) {
                throw e;
            }
            endpoint = last;
        }
        if (uid != null) {
            lastEndpoint.put(uid, endpoint);
        }
        CouchDbDocumentStore store =
                open.computeIfAbsent(endpoint, e -> new CouchDbDocumentStore(CouchDbClient.create(e, mapper)));
        // every time: one GET, and a database dropped behind the operator's back comes back
        store.ensureDatabase();
        return store;
    }

    private CouchDbEndpoint endpoint(Registry registry) {
        RegistrySpec.CouchDbSpec couch = registry.getSpec().couchdb();
        CouchDbCredentials credentials = null;
        if (couch.credentials() != null) {
            String namespace = registry.getMetadata().getNamespace();
            String secretName = couch.credentials().secretName();
            Secret secret = kubernetes
                    .secrets()
                    .inNamespace(namespace)
                    .withName(secretName)
                    .get();
            String username = SecretValues.get(secret, couch.credentials().usernameKeyOrDefault())
                    .orElseThrow(() ->
                            missing(namespace, secretName, couch.credentials().usernameKeyOrDefault()));
            String password = SecretValues.get(secret, couch.credentials().passwordKeyOrDefault())
                    .orElseThrow(() ->
                            missing(namespace, secretName, couch.credentials().passwordKeyOrDefault()));
            credentials = new CouchDbCredentials(username, password);
        }
        return new CouchDbEndpoint(URI.create(couch.url()), couch.databaseOrDefault(), credentials);
    }

    private static IllegalStateException missing(String namespace, String secret, String key) {
        return new IllegalStateException("Secret " + namespace + "/" + secret + " has no key " + key);
    }

    @Override
    public void close() {
        open.values().forEach(CouchDbDocumentStore::close);
        open.clear();
    }
}
