package io.enseada.registry.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.repository.Removal;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A proxy's {@code unusedFor}: cached files nobody requested for that long are evicted; a later
 * request fetches them from the upstream again. A file requested since the plan (its stamp, a
 * new revision) is left alone. Files cached before stamps were recorded carry none: the first
 * real run stamps them, so their age counts from then.
 */
final class CacheEviction {
    static final String KIND = "cached";
    private static final int PAGE = 200;

    private final DocumentStore documents;
    private final ObjectMapper json;

    CacheEviction(DocumentStore documents, ObjectMapper json) {
        this.documents = documents;
        this.json = json;
    }

    List<Removal> plan(RepositorySpec repository, Instant now) {
        Duration unusedFor =
                repository.retention() == null ? null : repository.retention().unusedFor();
        if (unusedFor == null) {
            return List.of();
        }
        Instant cutoff = now.minus(unusedFor);
        String prefix = MavenDocumentIds.filesUnder(repository.name(), MavenPath.ROOT);
        List<Removal> removals = new ArrayList<>();
        documents.scan(prefix, PAGE).forEach(document -> {
            Instant requested = read(document.body()).requested();
            if (requested != null && requested.isBefore(cutoff)) {
                removals.add(new Removal(
                        repository.name(),
                        Format.MAVEN,
                        KIND,
                        document.id().substring(prefix.length()),
                        "unusedFor: last requested " + requested + ", more than " + SnapshotRules.written(unusedFor)
                                + " ago",
                        List.of(document),
                        List.of(),
                        () -> evict(document)));
            }
        });
        return removals;
    }

    private boolean evict(Document planned) {
        try {
            return documents.delete(planned.id(), planned.rev());
        } catch (DocumentConflictException e) {
            return false;
        }
    }

    /** Stamps, as requested {@code now}, the cached files that carry no stamp yet. */
    void stampUnrequested(RepositorySpec repository, Instant now) {
        String prefix = MavenDocumentIds.filesUnder(repository.name(), MavenPath.ROOT);
        documents
                .scan(prefix, PAGE)
                .filter(document -> read(document.body()).requested() == null)
                .forEach(document -> documents.update(document.id(), body -> {
                    if (body == null) {
                        return null;
                    }
                    FileRecord record = read(body);
                    return record.requested() != null ? body : (ObjectNode) json.valueToTree(record.withRequested(now));
                }));
    }

    private FileRecord read(ObjectNode body) {
        try {
            return json.treeToValue(body, FileRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable FileRecord document", e);
        }
    }
}
