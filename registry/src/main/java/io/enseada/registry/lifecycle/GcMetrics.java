package io.enseada.registry.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.Map;

/**
 * {@code enseada_gc_runs_total{dry_run,result}}, {@code enseada_gc_freed_bytes_total} and
 * {@code enseada_storage_bytes{repository,format}}: the bytes each repository keeps, as the last
 * collection (dry runs included) counted them.
 */
final class GcMetrics {
    private final MeterRegistry registry;
    private final Counter freed;
    private final MultiGauge storage;

    /** A repository of a format. */
    record Owner(String repository, String format) {}

    GcMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.freed = Counter.builder("enseada.gc.freed.bytes")
                .description("bytes the garbage collector deleted")
                .register(registry);
        this.storage = MultiGauge.builder("enseada.storage.bytes")
                .description("bytes of blobs each repository keeps, shared blobs counted in each")
                .register(registry);
    }

    void run(boolean dryRun, boolean completed, long freedBytes) {
        Counter.builder("enseada.gc.runs")
                .description("garbage collections, dry runs included")
                .tags("dry_run", Boolean.toString(dryRun), "result", completed ? "completed" : "failed")
                .register(registry)
                .increment();
        freed.increment(freedBytes);
    }

    void usage(Map<Owner, Long> bytes) {
        storage.register(
                bytes.entrySet().stream()
                        .map(e -> MultiGauge.Row.of(
                                Tags.of(
                                        "repository",
                                        e.getKey().repository(),
                                        "format",
                                        e.getKey().format()),
                                e.getValue()))
                        .toList(),
                true);
    }
}
