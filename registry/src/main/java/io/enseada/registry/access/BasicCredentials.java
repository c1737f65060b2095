package io.enseada.registry.access;

import io.enseada.registry.errors.AccessDeniedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The user and password of an {@code Authorization: Basic} header. */
public record BasicCredentials(String username, String password) {

    /** Empty when the header is absent or not Basic; a malformed Basic header is bad credentials. */
    public static Optional<BasicCredentials> parse(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw AccessDeniedException.badCredentials();
            }
            return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw AccessDeniedException.badCredentials();
        }
    }

    @Override
    public String toString() {
        return "BasicCredentials[" + username + "]";
    }
}
