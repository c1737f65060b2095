package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.http.RequestBodies;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.function.Predicate;

/** {@code /v2/<name>/manifests/<reference>} (HEAD, GET, PUT, DELETE) and {@code /v2/<name>/referrers/<digest>}. */
final class ManifestRoutes {
    private final ManifestService manifests;
    private final OciReads reads;
    private final ReadableNames readable;
    private final ObjectMapper json;

    ManifestRoutes(ManifestService manifests, OciReads reads, ReadableNames readable, ObjectMapper json) {
        this.manifests = manifests;
        this.reads = reads;
        this.readable = readable;
        this.json = json;
    }

    /** Answers from the metadata alone, without reading the bytes (of a hosted repository). */
    void head(Context ctx, OciPath target) {
        headers(
                ctx,
                reads.statManifest(
                        OciContext.repository(ctx),
                        target.name(),
                        Reference.lookup(target.argument()),
                        members(ctx, target)));
    }

    void get(Context ctx, OciPath target) {
        OciResults.ManifestRead read = reads.readManifest(
                OciContext.repository(ctx),
                target.name(),
                Reference.lookup(target.argument()),
                Collections.list(ctx.req().getHeaders("Accept")),
                members(ctx, target));
        headers(ctx, read.info());
        ctx.result(read.content());
    }

    void put(Context ctx, OciPath target) {
        OciName name = target.name();
        Reference reference = Reference.parse(target.argument());
        OciResults.ManifestInfo pushed = manifests.put(new OciRequests.PutManifest(
                OciContext.repository(ctx),
                name,
                reference,
                ctx.header("Content-Type"),
                RequestBodies.declaredLength(ctx),
                RequestBodies.stream(ctx),
                OciContext.actor(ctx)));
        ctx.header("Location", "/v2/" + name + "/manifests/" + pushed.digest())
                .header("Docker-Content-Digest", pushed.digest().toString());
        if (pushed.subject() != null) {
            ctx.header("OCI-Subject", pushed.subject().toString());
        }
        ctx.status(201);
    }

    void delete(Context ctx, OciPath target) {
        Reference reference = Reference.lookup(target.argument());
        manifests.delete(OciContext.repository(ctx), target.name(), reference, OciContext.actor(ctx));
        ctx.status(202);
    }

    /** The referrers of a manifest as an OCI image index, filtered by {@code artifactType} when asked. */
    void referrers(Context ctx, OciPath target) {
        String artifactType = ctx.queryParam("artifactType");
        OciResults.Referrers referrers = reads.referrers(
                OciContext.repository(ctx),
                target.name(),
                OciDigests.parse(target.argument()),
                artifactType,
                members(ctx, target));
        ObjectNode index = json.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode descriptors = index.putArray("manifests");
        referrers.descriptors().forEach(descriptor -> descriptors.add(json.<JsonNode>valueToTree(descriptor)));
        if (referrers.filtered()) {
            ctx.header("OCI-Filters-Applied", "artifactType");
        }
        ctx.contentType(MediaTypes.OCI_INDEX).result(index.toString());
    }

    private Predicate<RepositorySpec> members(Context ctx, OciPath target) {
        return readable.members(
                OciContext.principal(ctx),
                OciContext.repository(ctx),
                target.name().image());
    }

    private static void headers(Context ctx, OciResults.ManifestInfo info) {
        ctx.contentType(info.mediaType())
                .header("Docker-Content-Digest", info.digest().toString())
                .header("ETag", "\"" + info.digest() + "\"")
                .header("Content-Length", Long.toString(info.size()));
    }
}
