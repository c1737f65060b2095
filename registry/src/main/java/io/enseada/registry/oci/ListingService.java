package io.enseada.registry.oci;

import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/** The tags of a name and the catalog of names, paged as the distribution API pages them ({@code n}, {@code last}). */
final class ListingService {
    private final OciDocuments documents;

    ListingService(OciDocuments documents) {
        this.documents = documents;
    }

    /** @param n at most this many tags, or null for all of them; {@code last}: continue after this tag */
    OciResults.Listing tags(RepositorySpec repository, OciName name, Integer n, String last) {
        String prefix = OciDocumentIds.tagPrefix(name);
        OciResults.Listing listing = scan(prefix, last == null ? null : prefix + last, n, id -> true);
        if (listing.items().isEmpty() && last == null && !documents.exists(OciDocumentIds.name(name))) {
            throw OciError.NAME_UNKNOWN.exception("no image " + name, Map.of("name", name.toString()));
        }
        return listing;
    }

    /** One page of tags or names merged from several listings (a group's members'), each once, in order. */
    static OciResults.Listing merged(List<OciResults.Listing> listings, Integer n, String last) {
        TreeSet<String> all = new TreeSet<>();
        listings.forEach(listing -> all.addAll(listing.items()));
        List<String> items = new ArrayList<>(last == null ? all : all.tailSet(last, false));
        if (n != null && n == 0) {
            return new OciResults.Listing(List.of(), null);
        }
        if (n != null && items.size() > n) {
            return new OciResults.Listing(List.copyOf(items.subList(0, n)), items.get(n - 1));
        }
        return new OciResults.Listing(items, null);
    }

    /** The names {@code readable} admits, in order. */
    OciResults.Listing catalog(Integer n, String last, Predicate<OciName> readable) {
        String prefix = OciDocumentIds.NAME_PREFIX;
        return scan(prefix, last == null ? null : prefix + last, n, item -> {
            try {
                return readable.test(OciName.parse(item));
            } catch (OciException e) {
                return false;
            }
        });
    }

    /** The images stored under {@code repository}'s name (a proxy's: those it has cached), in order. */
    List<String> images(RepositorySpec repository) {
        String prefix = OciDocumentIds.NAME_PREFIX + repository.name() + "/";
        return scan(prefix, null, null, id -> true).items();
    }

    private OciResults.Listing scan(String prefix, String startAfter, Integer n, Predicate<String> keep) {
        List<String> items = new ArrayList<>();
        if (n != null && n <= 0) {
            return new OciResults.Listing(items, null);
        }
        String after = startAfter;
        while (true) {
            // long arithmetic: n may be Integer.MAX_VALUE
            Page page = documents.list(
                    prefix,
                    after,
                    n == null ? OciDocuments.PAGE : (int) Math.min(OciDocuments.PAGE, (long) n - items.size() + 1));
            for (Document document : page.documents()) {
                String item = document.id().substring(prefix.length());
                if (!keep.test(item)) {
                    continue;
                }
                if (n != null && items.size() == n) {
                    return new OciResults.Listing(items, items.get(items.size() - 1));
                }
                items.add(item);
            }
            if (page.next() == null) {
                return new OciResults.Listing(items, null);
            }
            after = page.next();
        }
    }
}
