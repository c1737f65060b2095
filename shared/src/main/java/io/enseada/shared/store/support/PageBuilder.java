package io.enseada.shared.store.support;

import io.enseada.shared.store.Document;
import io.enseada.shared.store.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Assembles one page of {@link io.enseada.shared.store.DocumentStore#list} from a scan in id order,
 * so that both backends agree on where a scan starts, that {@code startAfter} is exclusive and when
 * there is a next page (only when a further id was actually seen).
 */
public final class PageBuilder {
    private final String prefix;
    private final String startAfter;
    private final int limit;
    private final List<Document> documents = new ArrayList<>();
    private boolean more;

    public PageBuilder(String prefix, String startAfter, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.prefix = prefix;
        this.startAfter = startAfter;
        this.limit = limit;
    }

    /** The first id the scan must visit (inclusive). */
    public String firstKey() {
        return startAfter != null && startAfter.compareTo(prefix) > 0 ? startAfter : prefix;
    }

    /** True when {@code startAfter} lies beyond every id with the prefix, so nothing can follow. */
    public boolean pastPrefix() {
        return firstKey().equals(startAfter) && !startAfter.startsWith(prefix);
    }

    /**
     * Offers the next scanned id, which must carry the prefix; {@code document} is only read when
     * the id goes on the page.
     *
     * @return whether the scan should go on
     */
    public boolean add(String id, Supplier<Document> document) {
        if (id.equals(startAfter)) {
            return true;
        }
        if (documents.size() == limit) {
            more = true;
            return false;
        }
        documents.add(document.get());
        return true;
    }

    public Page build() {
        return new Page(List.copyOf(documents), more ? documents.get(limit - 1).id() : null);
    }
}
