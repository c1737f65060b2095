package io.enseada.registry.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The UI's one static asset, its stylesheet, under a name that carries a hash of its content: a
 * browser may keep it for a year, and a new release's stylesheet has a new name.
 */
final class UiAssets {
    static final String PREFIX = "/ui/assets/";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final byte[] stylesheet;
    private final String stylesheetName;

    UiAssets() {
        try (InputStream in = UiAssets.class.getResourceAsStream("/ui/enseada.css")) {
            if (in == null) {
                throw new IllegalStateException("the UI's stylesheet is missing from the jar");
            }
            stylesheet = in.readAllBytes();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(stylesheet);
            stylesheetName = "enseada." + HexFormat.of().formatHex(digest, 0, 6) + ".css";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String stylesheetPath() {
        return PREFIX + stylesheetName;
    }

    /** The asset of {@code name} (under {@link #PREFIX}), or null when no asset has that name. */
    byte[] asset(String name) {
        return stylesheetName.equals(name) ? stylesheet.clone() : null;
    }
}
