package io.enseada.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.storage.BlobStore;
import io.enseada.shared.store.DocumentStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;

/** Liveness, readiness (storage and metadata both answer) and Prometheus metrics. */
public final class HealthRoutes {
    private final BlobStore blobs;
    private final DocumentStore documents;
    private final PrometheusMeterRegistry metrics;
    private final ObjectMapper json;

    public HealthRoutes(BlobStore blobs, DocumentStore documents, PrometheusMeterRegistry metrics, ObjectMapper json) {
        this.blobs = blobs;
        this.documents = documents;
        this.metrics = metrics;
        this.json = json;
    }

    public void register(RoutesConfig config) {
        ProtocolRoutes routes = new ProtocolRoutes(config, Protocol.OTHER);
        routes.get("/health/live", ctx -> ctx.json(json.createObjectNode().put("status", "up")), AccessRule.OPEN);
        routes.get("/health/ready", this::ready, AccessRule.OPEN);
        routes.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.scrape()),
                AccessRule.OPEN);
    }

    private void ready(Context ctx) {
        boolean storage = answers(blobs::ping);
        boolean metadata = answers(documents::ping);
        ObjectNode body = json.createObjectNode().put("status", storage && metadata ? "up" : "down");
        body.putObject("checks").put("storage", storage ? "up" : "down").put("metadata", metadata ? "up" : "down");
        ctx.status(storage && metadata ? 200 : 503).json(body);
    }

    private static boolean answers(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
