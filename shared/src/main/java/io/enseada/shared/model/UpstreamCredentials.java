package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a proxy repository presents to its upstream: Basic credentials, or the same exchanged for a
 * bearer token where the upstream runs a token flow. The password never prints.
 *
 * @param password null only where the repository is shown to API callers ({@link #redacted()})
 *                 or a client sends it back unchanged
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamCredentials(String username, String password) {

    public UpstreamCredentials {
        if (username == null || username.isBlank() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("proxy.credentials need a username without ':'");
        }
    }

    public UpstreamCredentials redacted() {
        return new UpstreamCredentials(username, null);
    }

    @JsonIgnore
    public boolean hasPassword() {
        return password != null;
    }

    @Override
    public String toString() {
        return "UpstreamCredentials[username=" + username + ", password=****]";
    }
}
