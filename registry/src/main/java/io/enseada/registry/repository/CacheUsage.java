package io.enseada.registry.repository;

import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.Page;
import java.util.List;
import java.util.OptionalLong;

/**
 * How much a proxy repository's cache holds: the items its format counts as content (files, blobs
 * and manifests, tarballs) and their bytes. Bytes the content-addressed store shares with other
 * repositories are counted in each repository that links them. Read from the documents at each
 * call: it costs one scan of the repository's documents.
 */
public final class CacheUsage {
    private static final int PAGE_SIZE = 500;

    private final DocumentStore store;
    private final List<RegistryFormat> formats;

    public record Usage(long items, long bytes) {}

    public CacheUsage(DocumentStore store, List<RegistryFormat> formats) {
        this.store = store;
        this.formats = List.copyOf(formats);
    }

    public Usage of(RepositorySpec repository) {
        long items = 0;
        long bytes = 0;
        for (RegistryFormat format : formats) {
            if (format.format() != repository.format()) {
                continue;
            }
            for (String prefix : format.contentPrefixes(repository.name())) {
                String after = null;
                do {
                    Page page = store.list(prefix, after, PAGE_SIZE);
                    for (Document document : page.documents()) {
                        OptionalLong size = format.contentSize(document);
                        if (size.isPresent()) {
                            items++;
                            bytes += size.getAsLong();
                        }
                    }
                    after = page.next();
                } while (after != null);
            }
        }
        return new Usage(items, bytes);
    }
}
