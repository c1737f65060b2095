package io.enseada.registry.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.RepositoryLifecycle;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.DocumentStore;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The documents {@code lifecycle:<repository>} ({@link RepositoryLifecycle}): what the last real
 * run did to each repository, which the operator copies into the {@code Repository}'s status. A
 * repository the run did not reach still gets its lastRun, with the run's error.
 */
final class LifecycleStatuses {
    private final DocumentStore store;
    private final Supplier<Collection<RepositorySpec>> repositories;
    private final ObjectMapper json;

    LifecycleStatuses(DocumentStore store, Supplier<Collection<RepositorySpec>> repositories, ObjectMapper json) {
        this.store = store;
        this.repositories = repositories;
        this.json = json;
    }

    /**
     * @param used   the bytes each repository keeps, or null when the run did not finish marking
     *               (the last known usage stays)
     * @param errors each repository's retention error
     * @param error  the run's own error, or null
     */
    void record(
            Instant finished,
            Map<String, Integer> removed,
            Map<String, Long> freed,
            Map<String, Long> used,
            Map<String, String> errors,
            String error) {
        for (RepositorySpec repository : repositories.get()) {
            String name = repository.name();
            String id = DocumentIds.lifecycle(name);
            store.update(id, current -> {
                long usedBytes = used != null
                        ? used.getOrDefault(name, 0L)
                        : current == null ? 0 : current.path("usedBytes").asLong();
                RepositoryLifecycle status = new RepositoryLifecycle(
                        finished,
                        removed.getOrDefault(name, 0),
                        freed.getOrDefault(name, 0L),
                        usedBytes,
                        errors.getOrDefault(name, error));
                return (ObjectNode) json.valueToTree(status);
            });
        }
    }
}
