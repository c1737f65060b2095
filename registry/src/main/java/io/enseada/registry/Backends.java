package io.enseada.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.config.ConfigException;
import io.enseada.registry.config.MetadataSettings;
import io.enseada.registry.config.Setting;
import io.enseada.registry.config.StorageSettings;
import io.enseada.registry.metadata.MvStoreDocumentStore;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.StorageException;
import io.enseada.registry.storage.filesystem.FilesystemBlobStore;
import io.enseada.registry.storage.s3.S3BlobStore;
import io.enseada.registry.storage.s3.S3PartSizes;
import io.enseada.shared.couchdb.CouchDbClient;
import io.enseada.shared.couchdb.CouchDbCredentials;
import io.enseada.shared.couchdb.CouchDbEndpoint;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreException;
import io.enseada.shared.store.couchdb.CouchDbDocumentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;

/** Opens the configured blob and document stores; a backend that cannot be used is a configuration error. */
final class Backends {
    private Backends() {}

    static BlobStore blobStore(StorageSettings settings, Clock clock) {
        if (settings instanceof StorageSettings.Filesystem fs) {
            try {
                Files.createDirectories(fs.root());
            } catch (IOException e) {
                throw new ConfigException(
                        Setting.DATA_DIR,
                        "cannot create " + fs.root() + " (" + e.getClass().getSimpleName() + ")");
            }
            return new FilesystemBlobStore(fs.root(), clock);
        }
        StorageSettings.S3 s3 = (StorageSettings.S3) settings;
        S3BlobStore store = new S3BlobStore(
                S3BlobStore.client(
                        s3.endpoint(),
                        s3.region(),
                        s3.pathStyle(),
                        s3.accessKeyId(),
                        s3.secretAccessKey() == null
                                ? null
                                : s3.secretAccessKey().value()),
                s3.bucket(),
                s3.prefix(),
                S3PartSizes.defaults(),
                clock);
        boolean reachable;
        try {
            reachable = store.ping();
        } catch (StorageException | software.amazon.awssdk.core.exception.SdkException e) {
            reachable = false;
        }
        if (!reachable) {
            throw new ConfigException(
                    Setting.S3_BUCKET,
                    "bucket '" + s3.bucket() + "' is not reachable"
                            + (s3.endpoint() == null ? "" : " at " + s3.endpoint()));
        }
        return store;
    }

    static DocumentStore documentStore(MetadataSettings settings, ObjectMapper json) {
        if (settings instanceof MetadataSettings.Embedded embedded) {
            try {
                Files.createDirectories(embedded.file().toAbsolutePath().getParent());
                return MvStoreDocumentStore.open(embedded.file(), json);
            } catch (IOException | DocumentStoreException | IllegalStateException e) {
                throw new ConfigException(
                        Setting.DATA_DIR,
                        "cannot open the embedded store " + embedded.file() + " (" + e.getMessage() + ")");
            }
        }
        MetadataSettings.CouchDb couch = (MetadataSettings.CouchDb) settings;
        CouchDbCredentials credentials = couch.username() == null
                ? null
                : new CouchDbCredentials(
                        couch.username(),
                        couch.password() == null ? "" : couch.password().value());
        CouchDbDocumentStore store = new CouchDbDocumentStore(
                CouchDbClient.create(new CouchDbEndpoint(couch.url(), couch.database(), credentials), json));
        try {
            store.ensureDatabase();
            return store;
        } catch (DocumentStoreException e) {
            store.close();
            throw new ConfigException(Setting.COUCHDB_URL, e.getMessage());
        }
    }
}
