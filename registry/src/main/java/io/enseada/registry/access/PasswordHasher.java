package io.enseada.registry.access;

import java.nio.charset.StandardCharsets;

/** A deliberately slow, salted password hash, so a stolen store does not give away passwords. */
public interface PasswordHasher {
    /** bcrypt reads at most this many bytes of a password and silently ignores the rest. */
    int MAX_PASSWORD_BYTES = 72;

    String hash(String password);

    /** False for a null or malformed hash. */
    boolean matches(String password, String hash);

    /** Whether the whole of {@code password} counts; longer passwords are refused, never truncated. */
    static boolean fits(String password) {
        return password != null && password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }
}
