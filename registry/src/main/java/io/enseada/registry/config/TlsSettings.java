package io.enseada.registry.config;

import java.nio.file.Path;

/** HTTPS with a PEM key and certificate chain; null paths when TLS is off. */
public record TlsSettings(boolean enabled, Path keyPath, Path certPath) {
    public static final TlsSettings OFF = new TlsSettings(false, null, null);
}
