package io.enseada.registry.testing;

import io.enseada.shared.testing.PouchDbServer;
import io.enseada.shared.testing.S3ProxyServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A registry in this JVM on the production backends — S3 (S3Proxy, in this JVM) and CouchDB
 * (pouchdb-server, a process with its data on disk) — each of which a test can take away and
 * bring back at the same address, as an outage does.
 */
public final class ProductionBackends implements AutoCloseable {
    private final PouchDbServer couch = PouchDbServer.onDisk();
    private final BlobStore objects;
    private S3ProxyServer s3;
    private int s3Port;
    private TestRegistry registry;
    private Map<String, String> env;

    private ProductionBackends(BlobStore objects) {
        this.objects = objects;
    }

    /** @param objects what S3Proxy stores into; kept across {@link #stopS3()} and {@link #startS3()} */
    public static ProductionBackends start(Path dataDir, BlobStore objects, Map<String, String> settings)
            throws Exception {
        return start(dataDir, objects, settings, endpoint -> endpoint);
    }

    /** @param s3Route where the registry reaches S3, given S3Proxy's endpoint (a relay in between, say) */
    public static ProductionBackends start(
            Path dataDir, BlobStore objects, Map<String, String> settings, UnaryOperator<URI> s3Route)
            throws Exception {
        ProductionBackends backends = new ProductionBackends(objects);
        try {
            backends.couch.start();
            backends.s3 = S3ProxyServer.start(objects);
            backends.s3Port = backends.s3.port();
            Map<String, String> env = BackendSettings.s3AndCouchDb(
                    s3Route.apply(backends.s3.endpoint()), backends.couch.url(), "registry");
            env.putAll(settings);
            backends.env = Map.copyOf(env);
            backends.registry = TestRegistry.start(dataDir, env);
            return backends;
        } catch (Exception | Error e) {
            backends.close();
            throw e;
        }
    }

    public TestRegistry registry() {
        return registry;
    }

    /** Another replica on the same backends, with nothing in memory yet; the caller closes it. */
    public TestRegistry replica(Path dataDir) {
        return TestRegistry.start(dataDir, env);
    }

    /** CouchDB goes away: its process is killed, its data kept. */
    public void stopCouchDb() {
        couch.stop();
    }

    public void startCouchDb() {
        couch.start();
    }

    /** S3 goes away: the server stops and drops its connections; the objects stay. */
    public void stopS3() throws Exception {
        s3.close();
    }

    public void startS3() throws Exception {
        s3 = S3ProxyServer.start(objects, s3Port);
    }

    @Override
    public void close() throws Exception {
        try {
            if (registry != null) {
                registry.close();
            }
        } finally {
            try {
                if (s3 != null) {
                    s3.close();
                }
            } finally {
                couch.close();
            }
        }
    }
}
