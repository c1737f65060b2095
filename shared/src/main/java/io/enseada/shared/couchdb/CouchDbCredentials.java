package io.enseada.shared.couchdb;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** Basic-auth credentials for CouchDB; {@link #toString()} never shows the password. */
public record CouchDbCredentials(String username, String password) {
    public CouchDbCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    String authorizationHeader() {
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "CouchDbCredentials[username=" + username + ", password=***]";
    }
}
