package io.enseada.registry.access;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.security.SecureRandom;

/** bcrypt through Bouncy Castle: a deliberately slow hash, so a stolen store does not give away passwords. */
public final class PasswordHasher {
    private static final int COST = 10;
    private final SecureRandom random;

    public PasswordHasher(SecureRandom random) {
        this.random = random;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, COST);
    }

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
