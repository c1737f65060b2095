package io.enseada.registry.repository;

import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.DocumentStore;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.OptionalLong;

/**
 * How much a repository holds — a proxy's cache, a hosted repository's usage against its quota:
 * the items its format counts as content (files, blobs and manifests, tarballs) and their bytes.
 * Bytes the content-addressed store shares with other repositories are counted in each repository
 * that links them. Read from the documents at each call: it costs one scan of the repository's
 * documents.
 */
public final class RepositoryUsage {
    private static final int PAGE_SIZE = 500;

    private final DocumentStore store;
    private final List<RegistryFormat> formats;

    public record Usage(long items, long bytes) {}

    public RepositoryUsage(DocumentStore store, List<RegistryFormat> formats) {
        this.store = store;
        this.formats = List.copyOf(formats);
    }

    public Usage of(RepositorySpec repository) {
        LongSummaryStatistics sizes = formats.stream()
                .filter(format -> format.format() == repository.format())
                .flatMap(format -> format.contentPrefixes(repository.name()).stream()
                        .flatMap(prefix -> store.scan(prefix, PAGE_SIZE))
                        .map(format::contentSize))
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .summaryStatistics();
        return new Usage(sizes.getCount(), sizes.getSum());
    }
}
