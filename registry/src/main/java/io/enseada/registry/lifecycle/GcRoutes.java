package io.enseada.registry.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.errors.ConflictException;
import io.enseada.registry.errors.ValidationException;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.JsonBodies;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolRoutes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code /api/v1/maintenance/gc}, for administrators: {@code POST} runs a collection (with
 * {@code {"dryRun": true}} only reports what it would free) and answers its report; {@code GET}
 * lists the recent runs of every replica, newest first.
 */
public final class GcRoutes {
    private static final int RECENT = GcRunLog.KEPT;

    private final GarbageCollector collector;
    private final AuditLog audit;
    private final JsonBodies bodies;

    /** Whether a POST asks for a dry run: its body is empty or {@code {"dryRun": true|false}}, nothing else. */
    private boolean dryRun(Context ctx) {
        if (ctx.contentLength() == 0) {
            return false;
        }
        ObjectNode body = bodies.read(ctx, ObjectNode.class);
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("dryRun")) {
                throw new ValidationException(field, "unknown field " + field + "; the body takes only dryRun");
            }
        });
        JsonNode dryRun = body.path("dryRun");
        if (!dryRun.isMissingNode() && !dryRun.isBoolean()) {
            throw new ValidationException("dryRun", "dryRun must be true or false");
        }
        return dryRun.asBoolean(false);
    }

    public GcRoutes(GarbageCollector collector, AuditLog audit, JsonBodies bodies) {
        this.collector = collector;
        this.audit = audit;
        this.bodies = bodies;
    }

    public void register(RoutesConfig config) {
        ProtocolRoutes routes = new ProtocolRoutes(config, Protocol.API);
        routes.post(
                "/api/v1/maintenance/gc",
                ctx -> {
                    boolean dryRun = dryRun(ctx);
                    GcReport report;
                    try {
                        report = collector.collect(
                                dryRun, AccessGuard.principal(ctx).subject());
                    } catch (GarbageCollector.CollectionRunningException e) {
                        throw new ConflictException(e.getMessage());
                    }
                    if (!dryRun) {
                        audited(ctx, report);
                    }
                    ctx.json(report);
                },
                AccessRule.ADMIN);
        routes.get(
                "/api/v1/maintenance/gc", ctx -> ctx.json(Map.of("items", collector.recent(RECENT))), AccessRule.ADMIN);
    }

    private void audited(Context ctx, GcReport report) {
        audit.record(
                AccessGuard.principal(ctx),
                "maintenance.gc",
                report.freedBlobs() + " blobs, " + report.freedBytes() + " bytes",
                ClientAddress.of(ctx),
                "ok");
    }
}
