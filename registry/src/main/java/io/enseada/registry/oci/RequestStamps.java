package io.enseada.registry.oci;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.registry.storage.Digest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a proxy's cached manifests and blobs were last pulled, which {@code retention.unusedFor}
 * evicts by. A pull must not write a document each time: an item is stamped at most once per
 * {@link #EVERY} by this replica, and by one background writer, never on the request's thread, so a
 * stamp is up to that much older than the last pull, and a stamp lost to a full queue or a crash is
 * only a pull not counted.
 */
final class RequestStamps implements AutoCloseable {
    static final Duration EVERY = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(RequestStamps.class);

    private final OciDocuments documents;
    private final Clock clock;
    /** The ids stamped within the last {@link #EVERY}. */
    private final Cache<String, Boolean> recent =
            Caffeine.newBuilder().expireAfterWrite(EVERY).maximumSize(200_000).build();

    private final ThreadPoolExecutor writer =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000), runnable -> {
                Thread thread = new Thread(runnable, "oci-request-stamps");
                thread.setDaemon(true);
                return thread;
            });

    RequestStamps(OciDocuments documents, Clock clock) {
        this.documents = documents;
        this.clock = clock;
    }

    void manifest(OciName name, Digest digest) {
        stamp(
                OciDocumentIds.manifest(name, digest),
                id -> documents.update(
                        id,
                        ManifestRecord.class,
                        current -> current == null ? null : current.withRequested(clock.instant())));
    }

    void blob(OciName name, Digest digest) {
        stamp(
                OciDocumentIds.blob(name, digest),
                id -> documents.update(
                        id,
                        BlobLink.class,
                        current -> current == null ? null : current.withRequested(clock.instant())));
    }

    private void stamp(String id, java.util.function.Consumer<String> write) {
        if (recent.asMap().putIfAbsent(id, Boolean.TRUE) != null) {
            return;
        }
        try {
            writer.execute(() -> {
                try {
                    write.accept(id);
                } catch (RuntimeException e) {
                    recent.invalidate(id);
                    LOG.debug("could not stamp {} as requested: {}", id, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            recent.invalidate(id); // the next pull tries again
        }
    }

    @Override
    public void close() {
        writer.shutdown();
    }
}
