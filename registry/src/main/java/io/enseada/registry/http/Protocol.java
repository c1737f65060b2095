package io.enseada.registry.http;

import io.javalin.security.RouteRole;

/**
 * The wire protocol a route speaks, named as the access log and metrics name it. Every route
 * carries its protocol as a route role ({@link ProtocolRoutes}), so an error is written in the
 * format of the route that failed; {@link ProtocolMounts} answers for requests no route matched.
 * The formats declare their own protocols; the management API and the rest are declared here.
 */
public record Protocol(String name) implements RouteRole {
    /** The management API under {@code /api}. */
    public static final Protocol API = new Protocol("api");
    /** Health, metrics and anything outside every mount. */
    public static final Protocol OTHER = new Protocol("other");
}
