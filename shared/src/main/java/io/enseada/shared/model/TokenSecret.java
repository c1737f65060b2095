package io.enseada.shared.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wire form of an API token, {@code ens_<id>_<secret>}: the id makes lookup one get by id,
 * the secret is 256 random bits of which only the SHA-256 is stored. The registry and the
 * operator (which mints robot tokens for AccessPolicies) both use this class.
 */
public record TokenSecret(String id, String secret) {
    private static final Pattern FORMAT = Pattern.compile("^ens_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static TokenSecret generate(SecureRandom random) {
        StringBuilder id = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new TokenSecret(
                id.toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Empty when {@code text} is not in the token format (so it may be a password or a JWT). */
    public static Optional<TokenSecret> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(text);
        return matcher.matches() ? Optional.of(new TokenSecret(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** The value to store in {@link TokenRecord#secretHash()}. */
    public String hash() {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison with a stored hash. */
    public boolean matches(String storedHash) {
        return storedHash != null
                && MessageDigest.isEqual(
                        hash().getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** What the client sends. */
    public String value() {
        return "ens_" + id + "_" + secret;
    }

    @Override
    public String toString() {
        return "TokenSecret[" + id + "]";
    }
}
