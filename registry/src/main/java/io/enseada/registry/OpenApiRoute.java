package io.enseada.registry;

import io.enseada.registry.access.AccessRule;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolRoutes;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the management API's OpenAPI document, {@code /api/openapi.json}. */
public final class OpenApiRoute {
    public static final String RESOURCE = "/openapi.json";

    private final byte[] document;

    public OpenApiRoute() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void register(RoutesConfig config) {
        ProtocolRoutes routes = new ProtocolRoutes(config, Protocol.API);
        routes.get(
                "/api/openapi.json", ctx -> ctx.contentType("application/json").result(document), AccessRule.OPEN);
    }
}
