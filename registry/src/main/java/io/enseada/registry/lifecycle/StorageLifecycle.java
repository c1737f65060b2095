package io.enseada.registry.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.repository.RegistryFormat;
import io.enseada.registry.storage.BlobStore;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.DocumentStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection as the composition root builds it, in two steps, since the formats need the
 * {@link #blobs() guarded store} and the collector needs the formats. Its documents are read
 * from the uncached {@code store}: a lease or a doomed blob must be seen as it is now, on every
 * replica.
 */
public final class StorageLifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageLifecycle.class);
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration LEASE_TTL = Duration.ofSeconds(30);
    /** Who the audit log says asked for a scheduled run. */
    static final String SCHEDULE = "system:gc-schedule";

    private final BlobStore raw;
    private final DocumentStore store;
    private final Clock clock;
    private final String replica;
    private final DoomedBlobs doomed;
    private final GuardedBlobStore guarded;
    private final Duration settle;
    private ScheduledExecutorService schedule;

    public StorageLifecycle(BlobStore raw, DocumentStore store, Clock clock, String replica) {
        this(raw, store, clock, replica, SETTLE);
    }

    /** @param settle how long a deleting phase lets the writes under way finish before its second mark */
    StorageLifecycle(BlobStore raw, DocumentStore store, Clock clock, String replica, Duration settle) {
        this.settle = settle;
        this.raw = raw;
        this.store = store;
        this.clock = clock;
        this.replica = replica;
        this.doomed = new DoomedBlobs(store);
        this.guarded = new GuardedBlobStore(raw, new SweepGuard(store, doomed, raw, clock));
    }

    /** The blob store every format writes through. */
    public BlobStore blobs() {
        return guarded;
    }

    /**
     * @param repositories every repository, for retention and the lifecycle statuses
     * @param audit        where applied retention removals are recorded
     */
    public GarbageCollector collector(
            List<RegistryFormat> formats,
            Supplier<Collection<RepositorySpec>> repositories,
            AuditLog audit,
            Duration grace,
            Duration uploadMaxAge,
            MeterRegistry metrics,
            ObjectMapper json) {
        return new GarbageCollector(
                raw,
                store,
                formats,
                new SweepLease(store, clock, LEASE_TTL, replica),
                doomed,
                new GcRunLog(store, json),
                new GcMetrics(metrics),
                new GarbageCollector.Settings(grace, settle, uploadMaxAge, LEASE_TTL),
                clock,
                replica,
                new Retention(repositories, formats),
                (removal, by) -> audit.record(
                        by,
                        "retention." + removal.kind() + ".delete",
                        removal.repository() + " " + removal.item(),
                        "storage lifecycle",
                        "ok"),
                new LifecycleStatuses(store, repositories, json));
    }

    /** Runs {@code collector} every {@code every}; a run another replica holds the lease for is skipped. */
    public void schedule(GarbageCollector collector, Duration every) {
        schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "enseada-gc");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(
                () -> {
                    try {
                        collector.collect(false, SCHEDULE);
                    } catch (GarbageCollector.CollectionRunningException e) {
                        LOG.debug("scheduled garbage collection skipped: {}", e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.warn("scheduled garbage collection failed: {}", e.getMessage());
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
