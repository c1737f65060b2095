package io.enseada.registry.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.shared.store.DocumentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a proxy's cached files were last requested, for {@code unusedFor}: written on a thread of
 * its own, so that a read never waits on a metadata write, and at most once an {@link #EVERY hour}
 * per file, so that a build reading the same jars all day writes almost nothing. A stamp is a
 * lower bound to the hour, which an eviction measured in days does not notice.
 */
final class RequestStamps implements AutoCloseable {
    static final Duration EVERY = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(RequestStamps.class);
    private static final int QUEUED = 10_000;

    private final DocumentStore documents;
    private final ObjectMapper json;
    private final Clock clock;
    private final Cache<String, Boolean> stamped =
            Caffeine.newBuilder().expireAfterWrite(EVERY).maximumSize(100_000).build();
    private final ThreadPoolExecutor writer;

    RequestStamps(DocumentStore documents, ObjectMapper json, Clock clock) {
        this.documents = documents;
        this.json = json;
        this.clock = clock;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED), runnable -> {
            Thread thread = new Thread(runnable, "maven-request-stamps");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A client asked for the file of document {@code id}. */
    void requested(String id) {
        if (stamped.asMap().putIfAbsent(id, Boolean.TRUE) != null) {
            return;
        }
        try {
            writer.execute(() -> stamp(id));
        } catch (RejectedExecutionException e) {
            // the writer is behind or closed: the next request of the file tries again
            stamped.invalidate(id);
        }
    }

    private void stamp(String id) {
        Instant now = clock.instant();
        try {
            documents.update(id, body -> {
                if (body == null) {
                    return null;
                }
                FileRecord record = read(body);
                if (record.requested() != null && record.requested().isAfter(now.minus(EVERY))) {
                    return body;
                }
                return (ObjectNode) json.valueToTree(record.withRequested(now));
            });
        } catch (RuntimeException e) {
            LOG.debug("could not record that {} was requested: {}", id, e.getMessage());
            stamped.invalidate(id);
        }
    }

    private FileRecord read(ObjectNode body) {
        try {
            return json.treeToValue(body, FileRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable FileRecord document", e);
        }
    }

    /** Waits until every stamp asked for so far is written; for tests and an orderly stop. */
    void flush() {
        try {
            writer.submit(() -> {}).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("request stamps not flushed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
