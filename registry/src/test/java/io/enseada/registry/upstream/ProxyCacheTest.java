package io.enseada.registry.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enseada.registry.errors.UpstreamUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyCacheTest {
    private final ProxyMetrics metrics = new ProxyMetrics(new SimpleMeterRegistry());
    private final ProxyCache cache = new ProxyCache(metrics, Clock.systemUTC());
    private final UpstreamUnavailableException timedOut =
            new UpstreamUnavailableException("upstream.example", "timed out", true, null);

    @Test
    void theUpstreamsFailureSaysWhatHappenedThereOnly() {
        assertThat(timedOut).hasMessage("upstream upstream.example: timed out");
    }

    @Test
    void withNothingCachedTheAnswerSaysSoAndKeepsTheTimeout() {
        assertThatThrownBy(() -> cache.staleOrFail("r", "item", Optional.empty(), timedOut))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.timedOut()).isTrue())
                .hasMessage("upstream upstream.example: timed out; it is not cached here")
                .hasCause(timedOut);
        assertThat(metrics.counts("r")).containsEntry(ProxyMetrics.Result.ERROR, 1L);
    }

    @Test
    void aCachedCopyIsServedAndCountedStale() {
        assertThat(cache.staleOrFail("r", "item", Optional.of("cached"), timedOut))
                .isEqualTo("cached");
        assertThat(metrics.counts("r")).containsEntry(ProxyMetrics.Result.STALE, 1L);
    }
}
