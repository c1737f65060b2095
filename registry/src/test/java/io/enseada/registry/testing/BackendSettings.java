package io.enseada.registry.testing;

import io.enseada.shared.testing.S3ProxyServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** The settings that point a test registry at the real backends the tests start: S3Proxy and pouchdb-server. */
public final class BackendSettings {
    private BackendSettings() {}

    /** Blobs in the bucket of the S3Proxy reached at {@code endpoint}, path-style, with its credentials. */
    public static Map<String, String> s3(URI endpoint) {
        return Map.of(
                "ENSEADA_STORAGE", "s3",
                "ENSEADA_S3_BUCKET", S3ProxyServer.BUCKET,
                "ENSEADA_S3_ENDPOINT", endpoint.toString(),
                "ENSEADA_S3_PATH_STYLE", "true",
                "ENSEADA_S3_REGION", S3ProxyServer.REGION,
                "ENSEADA_S3_ACCESS_KEY_ID", S3ProxyServer.IDENTITY,
                "ENSEADA_S3_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL);
    }

    /** Metadata in {@code database} of the CouchDB-compatible server at {@code url}. */
    public static Map<String, String> couchDb(URI url, String database) {
        return Map.of(
                "ENSEADA_METADATA",
                "couchdb",
                "ENSEADA_COUCHDB_URL",
                url.toString(),
                "ENSEADA_COUCHDB_DATABASE",
                database);
    }

    /** Both: the production backends. */
    public static Map<String, String> s3AndCouchDb(URI s3Endpoint, URI couchDbUrl, String database) {
        Map<String, String> settings = new HashMap<>(s3(s3Endpoint));
        settings.putAll(couchDb(couchDbUrl, database));
        return settings;
    }
}
