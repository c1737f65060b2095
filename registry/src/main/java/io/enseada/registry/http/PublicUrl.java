package io.enseada.registry.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;

/**
 * The base URL clients use to reach the registry, for links the registry hands out (token realm,
 * tarball URLs, upload locations): the configured public URL, or else what the request says —
 * {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} from a proxy, then its scheme and the
 * authority it addressed.
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
        return (proto != null ? proto : ctx.scheme()) + "://" + (host != null ? host : authority(ctx));
    }

    /**
     * The Host header in HTTP/1.1; HTTP/2 has none (its {@code :authority} pseudo-header takes its
     * place), and Jetty gives that as the request's server name and port.
     */
    private static String authority(Context ctx) {
        String host = ctx.header(Header.HOST);
        if (host != null && !host.isBlank()) {
            return host.trim();
        }
        HttpServletRequest request = ctx.req();
        String name = request.getServerName();
        if (name.indexOf(':') >= 0 && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        int port = request.getServerPort();
        boolean defaultPort = port <= 0
                || (port == 443 && request.getScheme().equals("https"))
                || (port == 80 && request.getScheme().equals("http"));
        return defaultPort ? name : name + ":" + port;
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
