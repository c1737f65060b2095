package io.enseada.registry.npm;

import io.enseada.shared.model.RepositorySpec;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;

/** A package's dist-tags: read, point one at a version, remove one ({@code latest} stays). */
final class NpmDistTags {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Packuments packuments;
    private final NpmAudit audit;
    private final Clock clock;

    NpmDistTags(Packuments packuments, NpmAudit audit, Clock clock) {
        this.packuments = packuments;
        this.audit = audit;
        this.clock = clock;
    }

    Map<String, String> of(RepositorySpec repository, NpmPackageName name) {
        return packuments.require(repository, name).distTags();
    }

    void set(NpmRequests.DistTagRequest request) {
        requireValid(request.tag());
        packuments.update(request.repository(), request.name(), current -> {
            StoredPackument doc = Packuments.existing(current, request.name());
            if (doc.version(request.version()).isEmpty()) {
                throw NpmException.notFound("version " + request.version() + " of " + request.name() + " not found");
            }
            if (request.version().equals(doc.distTags().get(request.tag()))) {
                return doc;
            }
            doc.tag(request.tag(), request.version());
            return doc.changed(clock.instant().toString());
        });
        audit.changed(
                request.caller(),
                "npm.dist-tag.add",
                request.repository(),
                request.name() + "@" + request.version() + " as " + request.tag());
    }

    void remove(NpmRequests.DistTagRequest request) {
        if (StoredPackument.LATEST.equals(request.tag())) {
            throw NpmException.badRequest("the latest tag cannot be removed; point it at another version instead");
        }
        packuments.update(request.repository(), request.name(), current -> {
            StoredPackument doc = Packuments.existing(current, request.name());
            if (!doc.distTags().containsKey(request.tag())) {
                throw NpmException.notFound("dist-tag " + request.tag() + " of " + request.name() + " not found");
            }
            doc.untag(request.tag());
            return doc.changed(clock.instant().toString());
        });
        audit.changed(
                request.caller(),
                "npm.dist-tag.remove",
                request.repository(),
                request.name() + " tag " + request.tag());
    }

    static void requireValid(String tag) {
        if (tag == null || !TAG.matcher(tag).matches() || Semver.valid(tag) || tag.matches("v?\\d.*")) {
            throw NpmException.badRequest(
                    "invalid dist-tag '" + tag + "': use letters, digits, '.', '_' or '-', not a version or range");
        }
    }
}
