package io.enseada.registry.http;

import io.javalin.http.Context;

import java.net.URI;

/**
 * The base URL clients use to reach the registry, for links the registry hands out (token realm,
 * tarball URLs, upload locations): the configured public URL, or else what the request says —
 * {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} from a proxy, then its scheme and Host.
 */
public final class PublicUrl {
    private final URI configured;

    /** @param configured null to derive it from each request */
    public PublicUrl(URI configured) {
        this.configured = configured;
    }

    /** Without a trailing slash. */
    public String base(Context ctx) {
        if (configured != null) {
            return configured.toString();
        }
        String proto = first(ctx.header("X-Forwarded-Proto"));
        String host = first(ctx.header("X-Forwarded-Host"));
        return (proto != null ? proto : ctx.scheme()) + "://" + (host != null ? host : ctx.host());
    }

    /** The host (and port) part, as the OCI token {@code service} names the registry. */
    public String host(Context ctx) {
        return URI.create(base(ctx)).getAuthority();
    }

    private static String first(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }
}
