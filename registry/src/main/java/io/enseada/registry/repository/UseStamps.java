package io.enseada.registry.repository;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a proxy's cached items were last requested, which {@code retention.unusedFor} evicts by.
 * A read must neither write a document each time nor wait for one: an item is stamped at most once
 * per {@link #EVERY} by this replica, by one background writer. A stamp is so up to that much older
 * than the last request, and one lost to a full queue, a failed write or a crash is only a request
 * not counted, which the next request makes good. Each format says how its documents take a stamp.
 */
public final class UseStamps implements AutoCloseable {
    public static final Duration EVERY = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(UseStamps.class);
    private static final int QUEUED = 10_000;
    private static final int REMEMBERED = 200_000;

    private final Clock clock;
    private final Cache<String, Boolean> recent;
    private final ThreadPoolExecutor writer;

    /** @param name the writer thread's name */
    public UseStamps(String name, Clock clock) {
        this.clock = clock;
        // the memo ages by the same clock as the stamps, so that a test's clock moves both
        this.recent = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(EVERY)
                .maximumSize(REMEMBERED)
                .build();
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED), runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The item {@code id} was served: unless this replica stamped it within {@link #EVERY},
     * {@code write} stores the time of this request on the writer thread.
     */
    public void served(String id, Consumer<Instant> write) {
        if (recent.asMap().putIfAbsent(id, Boolean.TRUE) != null) {
            return;
        }
        Instant now = clock.instant();
        try {
            writer.execute(() -> {
                try {
                    write.accept(now);
                } catch (RuntimeException e) {
                    recent.invalidate(id);
                    LOG.debug("could not stamp {} as requested: {}", id, e.getMessage());
                }
            });
        } catch (RejectedExecutionException behindOrClosed) {
            recent.invalidate(id);
        }
    }

    /** Waits until every stamp asked for so far is written; for tests and an orderly stop. */
    public void flush() {
        try {
            writer.submit(() -> {}).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
