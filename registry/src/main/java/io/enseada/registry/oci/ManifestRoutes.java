package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.http.RequestBodies;
import io.javalin.http.Context;
import java.util.Collections;

/** {@code /v2/<name>/manifests/<reference>} (HEAD, GET, PUT, DELETE) and {@code /v2/<name>/referrers/<digest>}. */
final class ManifestRoutes {
    private final ManifestService manifests;
    private final ObjectMapper json;

    ManifestRoutes(ManifestService manifests, ObjectMapper json) {
        this.manifests = manifests;
        this.json = json;
    }

    /** Answers from the metadata alone, without reading the bytes. */
    void head(Context ctx, OciPath target) {
        headers(ctx, manifests.stat(OciContext.repository(ctx), target.name(), Reference.lookup(target.argument())));
    }

    void get(Context ctx, OciPath target) {
        OciResults.ManifestRead read = manifests.read(
                OciContext.repository(ctx),
                target.name(),
                Reference.lookup(target.argument()),
                Collections.list(ctx.req().getHeaders("Accept")));
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
        OciResults.Referrers referrers = manifests.referrers(
                OciContext.repository(ctx), target.name(), OciDigests.parse(target.argument()), artifactType);
        ObjectNode index = json.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode descriptors = index.putArray("manifests");
        referrers.descriptors().forEach(descriptor -> descriptors.add(json.<JsonNode>valueToTree(descriptor)));
        if (referrers.filtered()) {
            ctx.header("OCI-Filters-Applied", "artifactType");
        }
        ctx.contentType(MediaTypes.OCI_INDEX).result(index.toString());
    }

    private static void headers(Context ctx, OciResults.ManifestInfo info) {
        ctx.contentType(info.mediaType())
                .header("Docker-Content-Digest", info.digest().toString())
                .header("ETag", "\"" + info.digest() + "\"")
                .header("Content-Length", Long.toString(info.size()));
    }
}
