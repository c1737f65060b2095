package io.enseada.registry.repository;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.errors.QuotaExceededException;
import io.enseada.registry.http.RequestBodies;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.StorageQuota;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses, before its body is read, a push, deploy or publish that would take a hosted repository
 * beyond its {@code quota}: one whose announced length added to what the repository holds passes
 * the quota, and any write to a repository already at it. Runs after the {@link AccessGuard}, so
 * only callers allowed to write learn the usage.
 *
 * <p>The usage is the repository's content as {@link RepositoryUsage} counts it, scanned at most
 * every {@link #FRESH} per replica, plus the bytes this replica admitted since. A quota is
 * therefore exact on one replica and may be passed by what other replicas admit within that
 * window: the price of not scanning a repository on every write.
 */
public final class QuotaGuard {
    static final Duration FRESH = Duration.ofSeconds(10);

    private final RepositoryUsage usage;
    private final List<RegistryFormat> formats;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    public QuotaGuard(RepositoryUsage usage, List<RegistryFormat> formats, Clock clock, MeterRegistry metrics) {
        this.usage = usage;
        this.formats = List.copyOf(formats);
        this.clock = clock;
        this.metrics = metrics;
    }

    /** What one replica knows of a repository's usage: a scan and what was admitted after it. */
    private final class Tally {
        final String repository;
        final AtomicLong quota = new AtomicLong();
        final AtomicLong scanned = new AtomicLong();
        final AtomicLong admitted = new AtomicLong();
        final Counter refusals;
        volatile Instant at = Instant.MIN;

        Tally(String repository) {
            this.repository = repository;
            Gauge.builder("enseada_repository_quota_bytes", quota, AtomicLong::get)
                    .description("the storage quota of a hosted repository")
                    .tag("repository", repository)
                    .register(metrics);
            Gauge.builder("enseada_repository_used_bytes", this, Tally::used)
                    .description("the bytes a repository with a quota references, as its quota counts them")
                    .tag("repository", repository)
                    .register(metrics);
            refusals = Counter.builder("enseada_quota_refusals_total")
                    .description("writes refused because they would exceed the repository's quota")
                    .tag("repository", repository)
                    .register(metrics);
        }

        double used() {
            return scanned.get() + admitted.get();
        }

        /** The usage, scanned anew when the last scan is older than {@link #FRESH}. */
        /** Called holding the tally's lock. */
        long current(RepositorySpec repository) {
            Instant now = clock.instant();
            if (at.plus(FRESH).isBefore(now)) {
                scanned.set(usage.of(repository).bytes());
                admitted.set(0);
                at = now;
            }
            quota.set(repository.quota().bytes());
            return scanned.get() + admitted.get();
        }
    }

    /** Runs before every matched route, after the access guard. */
    public void check(Context ctx) {
        AccessRule.OnRepository rule = writeRule(ctx);
        if (rule == null) {
            return;
        }
        RepositorySpec repository = AccessGuard.repository(ctx);
        StorageQuota quota = repository.quota();
        if (quota == null || !addsContent(repository, ctx)) {
            return;
        }
        long incoming = Math.max(0, ctx.contentLength());
        Tally tally = tallies.computeIfAbsent(repository.name(), Tally::new);
        QuotaExceededException refusal = null;
        synchronized (tally) {
            long used = tally.current(repository);
            if (used >= quota.bytes() || used + incoming > quota.bytes()) {
                tally.refusals.increment();
                refusal = new QuotaExceededException(repository.name(), quota, used, incoming);
            } else {
                // counted at once, as other writes may arrive before this body is stored
                tally.admitted.addAndGet(incoming);
            }
        }
        if (refusal != null) {
            RequestBodies.discard(ctx); // outside the lock: a slow client must not hold up the others
            throw refusal;
        }
    }

    private boolean addsContent(RepositorySpec repository, Context ctx) {
        return formats.stream()
                .filter(format -> format.format() == repository.format())
                .allMatch(format -> format.mayAddContent(ctx));
    }

    /** The rule of a format's write route, or null for reads, deletes and the management API. */
    private static AccessRule.OnRepository writeRule(Context ctx) {
        for (RouteRole role : ctx.routeRoles()) {
            if (role instanceof AccessRule.OnRepository on
                    && on.format() != null
                    && on.action() == AccessAction.WRITE) {
                return on;
            }
        }
        return null;
    }
}
