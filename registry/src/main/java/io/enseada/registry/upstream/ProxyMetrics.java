package io.enseada.registry.upstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How proxy repositories answer: {@code enseada_proxy_requests_total{repository,result}} with
 * result hit (served from the cache), miss (fetched upstream), stale (the upstream failed, the
 * cache answered) or error (the upstream failed and nothing was cached); and the upstream's
 * latency, {@code enseada_proxy_upstream_seconds{repository,outcome}}.
 */
public final class ProxyMetrics {
    /** How a proxy answered one read. */
    public enum Result {
        HIT,
        MISS,
        STALE,
        ERROR;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String repository, Result result) {
        counter(repository, result).increment();
    }

    void upstream(String repository, String outcome, long nanos) {
        Timer.builder("enseada_proxy_upstream")
                .description("Requests of proxy repositories to their upstreams")
                .tag("repository", repository)
                .tag("outcome", outcome)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The counts of this replica since it started, by result. */
    public Map<Result, Long> counts(String repository) {
        Map<Result, Long> counts = new LinkedHashMap<>();
        for (Result result : Result.values()) {
            Counter counter = registry.find("enseada_proxy_requests")
                    .tag("repository", repository)
                    .tag("result", result.tag())
                    .counter();
            counts.put(result, counter == null ? 0 : (long) counter.count());
        }
        return counts;
    }

    private Counter counter(String repository, Result result) {
        return Counter.builder("enseada_proxy_requests")
                .description("Reads of proxy repositories by how they were answered")
                .tag("repository", repository)
                .tag("result", result.tag())
                .register(registry);
    }
}
