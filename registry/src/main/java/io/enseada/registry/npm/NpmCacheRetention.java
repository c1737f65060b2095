package io.enseada.registry.npm;

import io.enseada.registry.repository.Removal;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code retention.unusedFor} of an npm proxy: a cached packument or tarball not served for that
 * long is evicted, and the next request fetches it from the upstream again. An item without a
 * recorded use (cached before uses were recorded) is never evicted; a real run stamps it, so that
 * its age counts from then.
 */
final class NpmCacheRetention {
    private static final int PAGE = 200;

    private final DocumentStore documents;

    NpmCacheRetention(DocumentStore documents) {
        this.documents = documents;
    }

    List<Removal> plan(RepositorySpec repository, Instant now) {
        Duration unused = repository.retention().unusedFor();
        if (unused == null) {
            return List.of();
        }
        Instant cutoff = now.minus(unused);
        String reason = "unusedFor " + NpmVersionRetention.written(unused) + ": not requested since " + cutoff;
        List<Removal> removals = new ArrayList<>();
        for (Kind kind : kinds(repository)) {
            documents.scan(kind.prefix, PAGE).forEach(document -> {
                if (CacheUsage.usedAt(document.body())
                        .filter(used -> used.isBefore(cutoff))
                        .isPresent()) {
                    removals.add(new Removal(
                            repository.name(),
                            Format.NPM,
                            "cached",
                            document.id().substring(kind.prefix.length()) + kind.suffix,
                            reason,
                            List.of(document),
                            List.of(),
                            () -> evict(document)));
                }
            });
        }
        return removals;
    }

    /** Stamps with {@code now} every cached item that has no recorded use yet. */
    void stampUnused(RepositorySpec repository, Instant now) {
        for (Kind kind : kinds(repository)) {
            documents.scan(kind.prefix, PAGE).forEach(document -> {
                if (CacheUsage.usedAt(document.body()).isEmpty()) {
                    documents.update(
                            document.id(),
                            current -> current == null
                                            || CacheUsage.usedAt(current).isPresent()
                                    ? current
                                    : current.put(CacheUsage.USED, now.toString()));
                }
            });
        }
    }

    /** Deletes the item as the plan read it: a use recorded since, or a fresh fetch, leaves it. */
    private boolean evict(Document planned) {
        try {
            return documents.delete(planned.id(), planned.rev());
        } catch (DocumentConflictException e) {
            return false;
        }
    }

    /** Tarballs first: a packument evicted alone only costs a metadata fetch. */
    private static List<Kind> kinds(RepositorySpec repository) {
        return List.of(
                new Kind(NpmDocumentIds.upstreamTarballs(repository.name()), ""),
                new Kind(NpmDocumentIds.upstreamPackuments(repository.name()), " (packument)"),
                new Kind(NpmDocumentIds.upstreamFullPackuments(repository.name()), " (full packument)"));
    }

    private record Kind(String prefix, String suffix) {}
}
