package io.enseada.registry.storage;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** A validated content digest, {@code sha256:<64 lowercase hex>}. */
public record Digest(String hex) {
    public static final String ALGORITHM = "sha256";
    private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");

    public Digest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + hex);
        }
    }

    /**
     * Parses {@code sha256:<hex>}.
     *
     * @throws IllegalArgumentException for anything else, including other algorithms
     */
    public static Digest parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing digest");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("digest has no algorithm: " + text);
        }
        String algorithm = text.substring(0, colon);
        if (!ALGORITHM.equals(algorithm)) {
            throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
        }
        return new Digest(text.substring(colon + 1));
    }

    public static Digest of(byte[] sha256) {
        return new Digest(HexFormat.of().formatHex(sha256).toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return ALGORITHM + ":" + hex;
    }
}
