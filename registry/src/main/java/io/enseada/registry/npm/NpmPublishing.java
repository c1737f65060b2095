package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.storage.BlobInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@code PUT /<package>}: a publish when the body carries a tarball, otherwise a metadata update (deprecation). */
final class NpmPublishing {
    /** The package's npm fields that follow the manifest of its latest version. */
    private static final List<String> DESCRIBED_BY_LATEST =
            List.of("description", "keywords", "license", "homepage", "repository", "bugs", "readmeFilename");

    private final Packuments packuments;
    private final TarballStager stager;
    private final NpmAudit audit;
    private final ObjectMapper json;
    private final Clock clock;

    NpmPublishing(Packuments packuments, TarballStager stager, NpmAudit audit, ObjectMapper json, Clock clock) {
        this.packuments = packuments;
        this.stager = stager;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    void put(NpmRequests.PutRequest request) {
        PublishBody body = PublishBody.read(request.body(), json, stager);
        if (body.attachments().isEmpty()) {
            updateMetadata(request, body.document());
            return;
        }
        NewVersion version;
        BlobInfo blob;
        try {
            version = NewVersion.check(request.name(), body, json);
            // Checked again inside the update; this early look keeps a refused version from becoming a blob.
            refuseRepublish(
                    packuments.stored(request.repository(), request.name()).orElse(null),
                    request.name(),
                    version.version());
            blob = stager.commit(version.tarball());
        } catch (RuntimeException e) {
            body.discard(stager);
            throw e;
        }
        String now = clock.instant().toString();
        packuments.update(
                request.repository(), request.name(), current -> published(current, request, version, blob, now));
        audit.changed(request.caller(), "npm.publish", request.repository(), request.name() + "@" + version.version());
    }

    private StoredPackument published(
            StoredPackument current, NpmRequests.PutRequest request, NewVersion version, BlobInfo blob, String now) {
        StoredPackument doc = current != null ? current : StoredPackument.created(request.name(), now);
        refuseRepublish(doc, request.name(), version.version());
        ObjectNode manifest = version.manifest().deepCopy();
        JsonNode readme = manifest.remove("readme");
        manifest.putObject("_npmUser")
                .put("name", request.caller().principal().name())
                .put("email", "");
        doc.addVersion(
                version.version(),
                manifest,
                request.name().tarballFile(version.version()),
                new StoredPackument.TarballEntry(version.version(), blob.digest(), blob.size()),
                now);
        version.tags().forEach(tag -> doc.tag(tag, version.version()));
        if (!doc.distTags().containsKey(StoredPackument.LATEST)) {
            doc.tag(StoredPackument.LATEST, version.version());
        }
        if (version.version().equals(doc.distTags().get(StoredPackument.LATEST))) {
            for (String field : DESCRIBED_BY_LATEST) {
                doc.describe(field, manifest.get(field));
            }
            JsonNode rootReadme = version.document().get("readme");
            doc.describe("readme", rootReadme != null ? rootReadme : readme);
        }
        if (doc.described("maintainers") == null) {
            doc.describe(
                    "maintainers",
                    json.createArrayNode()
                            .add(json.createObjectNode()
                                    .put("name", request.caller().principal().name())
                                    .put("email", "")));
        }
        return doc.bumped();
    }

    /** The public registry never lets a version number be used twice, even after an unpublish. */
    private static void refuseRepublish(StoredPackument doc, NpmPackageName name, String version) {
        if (doc == null) {
            return;
        }
        if (doc.version(version).isPresent()) {
            throw NpmException.forbidden("You cannot publish over the previously published versions: " + version + ".");
        }
        if (doc.time().containsKey(version)) {
            throw NpmException.forbidden(
                    "Cannot publish " + name + "@" + version
                            + " over a previously unpublished version: version numbers cannot be reused, publish a new version.");
        }
    }

    /** A {@code PUT /<package>} without a tarball: the CLI's {@code npm deprecate}. */
    private void updateMetadata(NpmRequests.PutRequest request, ObjectNode body) {
        NewVersion.requireSameName(request.name(), body);
        JsonNode sent = body.path("versions");
        if (!sent.isObject()) {
            throw NpmException.badRequest("the body has neither a tarball to publish nor versions to update");
        }
        List<String> changed = new ArrayList<>();
        packuments.update(request.repository(), request.name(), current -> {
            changed.clear();
            StoredPackument doc = Packuments.existing(current, request.name());
            for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                ObjectNode manifest = doc.version(entry.getKey()).orElse(null);
                if (manifest == null) {
                    continue; // unpublished meanwhile, or never there: a metadata update publishes nothing
                }
                JsonNode wanted = entry.getValue().get("deprecated");
                String message = wanted == null || wanted.isNull() ? "" : wanted.asText();
                if (!message.equals(manifest.path("deprecated").asText(""))) {
                    if (message.isEmpty()) {
                        manifest.remove("deprecated");
                    } else {
                        manifest.put("deprecated", message);
                    }
                    changed.add(entry.getKey());
                }
            }
            return changed.isEmpty() ? doc : doc.changed(clock.instant().toString());
        });
        if (!changed.isEmpty()) {
            audit.changed(
                    request.caller(),
                    "npm.deprecate",
                    request.repository(),
                    request.name() + "@" + String.join(",", changed));
        }
    }
}
