package io.enseada.registry.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.store.DocumentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records when each token was last used, off the request path and at most once a minute per
 * token per replica, so that a busy CI token does not turn every pull into a metadata write.
 */
public final class TokenUsage {
    private static final Logger LOG = LoggerFactory.getLogger(TokenUsage.class);

    private final DocumentStore store;
    private final Executor executor;
    private final Clock clock;
    private final Cache<String, Boolean> recent;

    public TokenUsage(DocumentStore store, Executor executor, Clock clock, Duration resolution) {
        this.store = store;
        this.executor = executor;
        this.clock = clock;
        this.recent = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(resolution)
                .build();
    }

    public void used(String tokenId) {
        if (recent.asMap().putIfAbsent(tokenId, Boolean.TRUE) != null) {
            return;
        }
        String now = clock.instant().toString();
        executor.execute(() -> {
            try {
                store.update(DocumentIds.token(tokenId), token -> token == null ? null : token.put("lastUsedAt", now));
            } catch (RuntimeException e) {
                LOG.debug("could not record use of token {}: {}", tokenId, e.getMessage());
            }
        });
    }
}
