package io.enseada.registry.upstream;

import io.enseada.registry.errors.UpstreamUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rules every format's proxy follows about what it has cached: when it is fresh, and what is served when the upstream fails. */
public final class ProxyCache {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyCache.class);

    private final ProxyMetrics metrics;
    private final Clock clock;

    public ProxyCache(ProxyMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Whether something fetched {@code at} is younger than {@code maxAge}. */
    public boolean fresh(Instant at, Duration maxAge) {
        return at != null && !clock.instant().isAfter(at.plus(maxAge));
    }

    /**
     * When the upstream cannot be asked: what is cached is served, with a warning in the log; with
     * nothing cached the upstream's failure is the answer, saying so.
     */
    public <T> T staleOrFail(String repository, Object item, Optional<T> cached, UpstreamUnavailableException e) {
        if (cached.isEmpty()) {
            metrics.record(repository, ProxyMetrics.Result.ERROR);
            throw e.nothingCached();
        }
        metrics.record(repository, ProxyMetrics.Result.STALE);
        LOG.warn(
                "repository {}: serving the cached {} unchecked, as it may be stale: {}",
                repository,
                item,
                e.getMessage());
        return cached.get();
    }
}
