package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.repository.UseStamps;
import io.enseada.shared.store.DocumentStore;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a proxy's cached packument or tarball was last served, kept in its document as
 * {@code used} for {@code retention.unusedFor}, written as {@link UseStamps} allows (at most
 * hourly, off the request's thread): a busy install must not rewrite a packument per request nor
 * wait for the write.
 */
final class CacheUsage implements AutoCloseable {
    static final String USED = "used";

    private final DocumentStore documents;
    private final UseStamps stamps;

    CacheUsage(DocumentStore documents, Clock clock) {
        this.documents = documents;
        this.stamps = new UseStamps("enseada-npm-cache-usage", clock);
    }

    /** The document {@code id} was served from the cache. */
    void served(String id) {
        stamps.served(id, now -> record(id, now));
    }

    private void record(String id, Instant now) {
        documents.update(id, current -> {
            if (current == null
                    || usedAt(current).filter(used -> !used.isBefore(now)).isPresent()) {
                return current;
            }
            return current.put(USED, now.toString());
        });
    }

    /** When a cached item was last served, if it says. */
    static Optional<Instant> usedAt(ObjectNode document) {
        String used = document.path(USED).asText(null);
        if (used == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(used));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        stamps.close();
    }
}
