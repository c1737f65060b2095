package io.enseada.registry.http;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Map;

/** The renderer of each protocol, chosen by the protocol the matched route declares, else by the mount table. */
public final class ErrorRenderers {
    private final Map<Protocol, ErrorRenderer> renderers;
    private final ProtocolMounts mounts;
    private final ErrorRenderer fallback = new PlainTextErrors();

    public ErrorRenderers(Map<Protocol, ErrorRenderer> renderers, ProtocolMounts mounts) {
        this.renderers = Map.copyOf(renderers);
        this.mounts = mounts;
    }

    public ErrorRenderer of(Context ctx) {
        for (RouteRole role : ctx.routeRoles()) {
            if (role instanceof Protocol protocol) {
                return of(protocol);
            }
        }
        return forPath(ctx.path());
    }

    /** For answers outside any route (Jetty's error pages). */
    public ErrorRenderer forPath(String path) {
        return of(mounts.protocolOf(path));
    }

    private ErrorRenderer of(Protocol protocol) {
        return renderers.getOrDefault(protocol, fallback);
    }
}
