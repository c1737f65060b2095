package io.enseada.shared.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Values of the {@code Authorization} header, for tests that write requests themselves. */
public final class AuthorizationHeader {
    private AuthorizationHeader() {}

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
