package io.enseada.registry.npm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.shared.store.DocumentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a proxy's cached packument or tarball was last served, kept in its document as
 * {@code used} for {@code retention.unusedFor}. Written at most once per {@link #EVERY} per item
 * and replica, on a thread of its own: a busy install must not rewrite a packument per request nor
 * wait for the write. A use is so known to within that hour.
 */
final class CacheUsage implements AutoCloseable {
    static final String USED = "used";
    static final Duration EVERY = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(CacheUsage.class);

    private final DocumentStore documents;
    private final Clock clock;
    private final Cache<String, Boolean> recent;
    private final ExecutorService writes;

    CacheUsage(DocumentStore documents, Clock clock) {
        this.documents = documents;
        this.clock = clock;
        this.recent = Caffeine.newBuilder()
                .expireAfterWrite(EVERY)
                .maximumSize(100_000)
                .build();
        // one writer, and uses beyond its backlog dropped: they are recorded at the next request
        this.writes = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), runnable -> {
            Thread thread = new Thread(runnable, "enseada-npm-cache-usage");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The document {@code id} was served from the cache. */
    void served(String id) {
        if (recent.asMap().putIfAbsent(id, Boolean.TRUE) != null) {
            return;
        }
        Instant now = clock.instant();
        try {
            writes.execute(() -> record(id, now));
        } catch (RejectedExecutionException e) {
            recent.invalidate(id);
        }
    }

    private void record(String id, Instant now) {
        try {
            documents.update(id, current -> {
                if (current == null
                        || usedAt(current).filter(used -> !used.isBefore(now)).isPresent()) {
                    return current;
                }
                return current.put(USED, now.toString());
            });
        } catch (RuntimeException e) {
            LOG.debug("could not record the use of {}: {}", id, e.getMessage());
            recent.invalidate(id);
        }
    }

    /** When a cached item was last served, if it says. */
    static Optional<Instant> usedAt(com.fasterxml.jackson.databind.node.ObjectNode document) {
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
        writes.shutdownNow();
    }
}
