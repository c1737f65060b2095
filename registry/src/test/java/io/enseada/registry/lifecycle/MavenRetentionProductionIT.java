package io.enseada.registry.lifecycle;

import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.StorageLayout;
import io.enseada.registry.testing.ProductionBackends;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.S3ProxyServer;
import java.nio.file.Path;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link MavenRetentionContract} on the production backends: S3 (S3Proxy) and CouchDB (pouchdb-server). */
class MavenRetentionProductionIT extends MavenRetentionContract {
    @TempDir
    static Path data;

    static final BlobStore OBJECTS = new TransientNio2BlobStore();
    static ProductionBackends backends;

    @BeforeAll
    static void start() throws Exception {
        backends = ProductionBackends.start(data.resolve("registry"), OBJECTS, settings(data));
    }

    @AfterAll
    static void stop() throws Exception {
        if (backends != null) {
            backends.close();
        }
    }

    @Override
    TestRegistry registry() {
        return backends.registry();
    }

    @Override
    boolean stored(String digest) {
        return OBJECTS.blobExists(S3ProxyServer.BUCKET, StorageLayout.blob(Digest.parse(digest)));
    }
}
