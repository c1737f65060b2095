package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.model.RepositorySpec;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Unpublishing, the way the CLI does it: versions go by sending the packument without them, a
 * package goes all at once, and the tarballs are removed after. The version numbers stay used.
 */
final class NpmUnpublishing {
    private final Packuments packuments;
    private final NpmAudit audit;
    private final ObjectMapper json;
    private final Clock clock;

    NpmUnpublishing(Packuments packuments, NpmAudit audit, ObjectMapper json, Clock clock) {
        this.packuments = packuments;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** Removes the versions the client's copy of the packument no longer lists. */
    List<String> unpublishVersions(NpmRequests.UnpublishVersionsRequest request) {
        ObjectNode body;
        try (InputStream in = request.body()) {
            JsonNode node = json.readTree(in);
            if (!(node instanceof ObjectNode object)) {
                throw NpmException.badRequest("the body must be the packument, without the versions to unpublish");
            }
            body = object;
        } catch (IOException e) {
            throw NpmException.badRequest("the body is not valid JSON");
        }
        NewVersion.requireSameName(request.name(), body);
        JsonNode kept = body.path("versions");
        String wantedLatest = body.path("dist-tags").path("latest").asText(null);
        String now = clock.instant().toString();
        List<String> removed = new ArrayList<>();
        packuments.update(request.repository(), request.name(), current -> {
            removed.clear();
            StoredPackument doc = Packuments.existing(current, request.name());
            requireRev(doc, request.rev(), request.name());
            doc.versions().keySet().forEach(v -> {
                if (!kept.has(v)) {
                    removed.add(v);
                }
            });
            return removed.isEmpty() ? doc : VersionRemoval.withoutVersions(doc, removed, wantedLatest, now);
        });
        if (!removed.isEmpty()) {
            audit.changed(
                    request.caller(),
                    "npm.unpublish",
                    request.repository(),
                    request.name() + "@" + String.join(",", removed));
        }
        return removed;
    }

    /** {@code DELETE /<package>/-rev/<rev>}: every version goes; the version numbers stay used. */
    void unpublishPackage(NpmRequests.UnpublishPackageRequest request) {
        String now = clock.instant().toString();
        packuments.update(request.repository(), request.name(), current -> {
            StoredPackument doc = Packuments.existing(current, request.name());
            requireRev(doc, request.rev(), request.name());
            return VersionRemoval.withoutVersions(
                    doc, new ArrayList<>(doc.versions().keySet()), null, now);
        });
        audit.changed(
                request.caller(),
                "npm.unpublish",
                request.repository(),
                request.name().toString());
    }

    /**
     * The CLI removes a tarball after unpublishing its version. Blobs are shared by content across
     * repositories and formats, so nothing is deleted here; a tarball still in use is refused.
     */
    void removeTarball(RepositorySpec repository, NpmPackageName name, String file) {
        Optional<StoredPackument> packument = packuments.find(repository, name);
        if (packument.isPresent() && packument.get().tarball(file).isPresent()) {
            throw NpmException.conflict(
                    "tarball " + file + " still belongs to a published version; unpublish the version");
        }
    }

    private static void requireRev(StoredPackument doc, String rev, NpmPackageName name) {
        if (StoredPackument.counterOf(rev) != doc.revision()) {
            throw NpmException.conflict("Document update conflict: " + name + " changed since revision " + rev
                    + " was read (now " + doc.rev() + "); read it again and retry");
        }
    }
}
