package io.enseada.registry.repository;

import io.enseada.registry.metadata.ChangeFanout;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.RepositoryDeletion;
import io.enseada.shared.store.Change;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreException;
import io.enseada.shared.store.Page;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link RepositoryDeletion} requests: removes every metadata document of the
 * repository's content, then the repository document, which tells the requester it is done.
 *
 * <p>Requests are seen on the changes feed, and once at start for those made while this replica
 * was down. Every replica does this; removing a document another replica removed or changed first
 * is skipped, and the repository document goes only once a pass over its content finds nothing.
 * Blob bytes are content-addressed and may be shared with other repositories, so they stay.
 */
public final class RepositoryPurge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryPurge.class);
    private static final int PAGE_SIZE = 500;

    private final DocumentStore store;
    private final ChangeFanout changes;
    private final List<RegistryFormat> formats;
    private final Duration retryAfter;
    private final ScheduledExecutorService worker;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    /** @param formats every format the registry serves: each names where it keeps a repository's content */
    public RepositoryPurge(
            DocumentStore store, ChangeFanout changes, List<RegistryFormat> formats, Duration retryAfter) {
        this.store = store;
        this.changes = changes;
        this.formats = List.copyOf(formats);
        this.retryAfter = retryAfter;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "enseada-repository-purge");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Every id prefix under which any format keeps content of {@code repository}. All formats are
     * asked whatever the repository's format is, so content left from an earlier format of the same
     * name goes too.
     */
    List<String> contentPrefixes(String repository) {
        return formats.stream()
                .flatMap(format -> format.contentPrefixes(repository).stream())
                .toList();
    }

    /**
     * Removes what a repository holds, now, leaving the repository: all of it when {@code item} is
     * null, else the item at that path (a file, a package, an image) and everything below it. Used
     * to empty a proxy repository's cache; the next read fetches from the upstream again.
     *
     * @return how many documents were removed
     */
    public long clear(String repository, String item) {
        long removed = 0;
        for (String prefix : contentPrefixes(repository)) {
            String start = item == null ? prefix : prefix + item;
            String after = null;
            do {
                Page page = store.list(start, after, PAGE_SIZE);
                for (Document document : page.documents()) {
                    String rest = document.id().substring(start.length());
                    if (item == null || below(rest)) {
                        removed += remove(document) ? 1 : 0;
                        companionsOf(document.id()).forEach(companion -> store.update(companion, current -> null));
                    }
                }
                after = page.next();
            } while (after != null);
        }
        return removed;
    }

    /**
     * Whether what follows an item in a document id puts the document at or below the item: nothing,
     * a path separator, or the separators no path segment contains that formats key an item's parts
     * with (an OCI image's {@code @<digest>} and {@code :<tag>}).
     */
    private static boolean below(String rest) {
        return rest.isEmpty() || rest.startsWith("/") || rest.startsWith("@") || rest.startsWith(":");
    }

    /** The documents keyed outside the repository's prefixes that must go with a content document. */
    private List<String> companionsOf(String id) {
        return formats.stream()
                .flatMap(format -> format.companionOf(id).stream())
                .toList();
    }

    /** Listens to the feed first and looks for pending requests second, so none falls between. */
    public RepositoryPurge start() {
        changes.listen(this::onChange);
        String after = null;
        do {
            Page page = store.list(DocumentIds.REPOSITORY_PREFIX, after, PAGE_SIZE);
            page.documents().stream()
                    .filter(document -> RepositoryDeletion.isRequested(document.body()))
                    .forEach(document -> schedule(document.id(), Duration.ZERO));
            after = page.next();
        } while (after != null);
        return this;
    }

    private void onChange(Change change) {
        if (!change.deleted() && change.id().startsWith(DocumentIds.REPOSITORY_PREFIX)) {
            schedule(change.id(), Duration.ZERO);
        }
    }

    /** At most one run per repository waits in the queue; a change during a run queues another. */
    private void schedule(String id, Duration delay) {
        if (queued.add(id)) {
            worker.schedule(() -> run(id), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void run(String id) {
        queued.remove(id);
        try {
            purge(id);
        } catch (DocumentStoreException e) {
            LOG.warn("purge of {} failed, retrying in {}: {}", id, retryAfter, e.getMessage());
            schedule(id, retryAfter);
        } catch (RuntimeException e) {
            LOG.error("purge of {} failed, retrying in {}", id, retryAfter, e);
            schedule(id, retryAfter);
        }
    }

    private void purge(String id) {
        if (store.get(id)
                .filter(document -> RepositoryDeletion.isRequested(document.body()))
                .isEmpty()) {
            return;
        }
        String repository = id.substring(DocumentIds.REPOSITORY_PREFIX.length());
        long removed = 0;
        long seen;
        do {
            seen = 0;
            for (String prefix : contentPrefixes(repository)) {
                String after = null;
                do {
                    Page page = store.list(prefix, after, PAGE_SIZE);
                    for (Document document : page.documents()) {
                        seen++;
                        removed += remove(document) ? 1 : 0;
                        companionsOf(document.id()).forEach(companion -> store.update(companion, current -> null));
                    }
                    after = page.next();
                } while (after != null);
            }
        } while (seen > 0);
        // only while the request stands: a repository declared again in the meantime stays
        boolean gone = store.update(id, current -> RepositoryDeletion.isRequested(current) ? null : current)
                .isEmpty();
        LOG.info(
                "repository {}: removed {} content documents{}",
                repository,
                removed,
                gone ? " and the repository" : "; the repository was declared again, so it stays");
    }

    /** @return whether this call removed it (not another replica, and not changed meanwhile) */
    private boolean remove(Document document) {
        try {
            return store.delete(document.id(), document.rev());
        } catch (DocumentConflictException e) {
            return false; // changed or removed concurrently: the next pass sees it again if it is still there
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
