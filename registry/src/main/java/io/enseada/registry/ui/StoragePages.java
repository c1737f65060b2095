package io.enseada.registry.ui;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.lifecycle.GarbageCollector;
import io.enseada.registry.lifecycle.GcReport;
import io.enseada.registry.repository.RepositoryUsage;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.http.Context;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /ui/admin/storage}, for administrators: what each repository holds against its quota,
 * the recent garbage collections, and forms that preview (a dry run) or run one and show its
 * report — the same {@link GarbageCollector} as {@code /api/v1/maintenance/gc}, a run audited
 * alike.
 */
final class StoragePages {
    static final String PATH = "/ui/admin/storage";
    private static final int RECENT = 10;

    private final Supplier<Collection<RepositorySpec>> repositories;
    private final RepositoryUsage usage;
    private final GarbageCollector collector;
    private final AuditLog audit;
    private final PageFrames frames;
    private final Pages pages;

    StoragePages(
            Supplier<Collection<RepositorySpec>> repositories,
            RepositoryUsage usage,
            GarbageCollector collector,
            AuditLog audit,
            PageFrames frames,
            Pages pages) {
        this.repositories = repositories;
        this.usage = usage;
        this.collector = collector;
        this.audit = audit;
        this.frames = frames;
        this.pages = pages;
    }

    void register(ProtocolRoutes routes) {
        routes.get(PATH, ctx -> show(ctx, 200, null, null), AccessRule.ADMIN);
        routes.post(PATH + "/preview", ctx -> collect(ctx, true), AccessRule.ADMIN);
        routes.post(PATH + "/collect", ctx -> collect(ctx, false), AccessRule.ADMIN);
    }

    private void collect(Context ctx, boolean dryRun) {
        GcReport report;
        try {
            report = collector.collect(dryRun, AccessGuard.principal(ctx).subject());
        } catch (GarbageCollector.CollectionRunningException e) {
            show(ctx, 409, null, e.getMessage());
            return;
        }
        if (!dryRun) {
            audit.record(
                    AccessGuard.principal(ctx),
                    "maintenance.gc",
                    report.freedBlobs() + " blobs, " + report.freedBytes() + " bytes",
                    ClientAddress.of(ctx),
                    "ok");
        }
        show(ctx, 200, report, null);
    }

    private void show(Context ctx, int status, GcReport report, String error) {
        List<StorageView.Row> rows = repositories.get().stream()
                .sorted(Comparator.comparing(RepositorySpec::name))
                .map(repository -> {
                    RepositoryUsage.Usage used = usage.of(repository);
                    return new StorageView.Row(
                            repository.name(),
                            repository.format().name().toLowerCase(java.util.Locale.ROOT),
                            used.items(),
                            used.bytes(),
                            repository.quota() == null
                                    ? null
                                    : repository.quota().bytes());
                })
                .toList();
        pages.render(
                ctx,
                status,
                "storage.jte",
                frames.of(ctx, "Storage", "storage"),
                new StorageView(rows, collector.recent(RECENT), report, error));
    }
}
