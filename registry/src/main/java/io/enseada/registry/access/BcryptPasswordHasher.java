package io.enseada.registry.access;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** bcrypt through Bouncy Castle. */
public final class BcryptPasswordHasher implements PasswordHasher {
    private static final int COST = 10;
    private final SecureRandom random;

    public BcryptPasswordHasher(SecureRandom random) {
        this.random = random;
    }

    @Override
    public String hash(String password) {
        if (!PasswordHasher.fits(password)) {
            // Callers validate first; this keeps a truncated hash from ever being stored.
            throw new IllegalArgumentException("password longer than " + MAX_PASSWORD_BYTES + " bytes");
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, COST);
    }

    @Override
    public boolean matches(String password, String hash) {
        if (hash == null || password == null) {
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
