package io.enseada.shared.couchdb;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where one CouchDB database lives: the server's base URL, the database name and optional
 * credentials.
 *
 * <p>Credentials are kept apart from the URL so that the URL can go into log lines and exception
 * messages as it is; a URL carrying user info is therefore rejected.
 */
public record CouchDbEndpoint(URI baseUrl, String database, CouchDbCredentials credentials) {
    // CouchDB's own rule for database names.
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_$()+/-]*");

    public CouchDbEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(database, "database");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("CouchDB base URL must be http or https");
        }
        if (baseUrl.getRawUserInfo() != null) {
            // Not echoing the URL: it holds a secret.
            throw new IllegalArgumentException("pass CouchDB credentials separately, not in the URL");
        }
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("invalid CouchDB database name: " + database);
        }
        String url = baseUrl.toString();
        if (!url.endsWith("/")) {
            baseUrl = URI.create(url + "/");
        }
    }

    public CouchDbEndpoint(URI baseUrl, String database) {
        this(baseUrl, database, null);
    }

    /** The database URL, safe to show. */
    public URI databaseUrl() {
        return baseUrl.resolve(CouchDbClient.encodePathSegment(database) + "/");
    }
}
