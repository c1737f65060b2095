package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** {@code npm search}: a scan of the repository's packuments, matched on the latest version. */
final class NpmSearch {
    private final Packuments packuments;

    NpmSearch(Packuments packuments) {
        this.packuments = packuments;
    }

    /** Readable packages whose name, description or keywords contain every word of {@code text}, in name order. */
    NpmResults.SearchResult search(NpmRequests.SearchRequest request) {
        List<String> words = request.text() == null
                ? List.of()
                : List.of(request.text().toLowerCase(Locale.ROOT).trim().split("\\s+")).stream()
                        .filter(w -> !w.isEmpty())
                        .toList();
        List<NpmResults.SearchHit> hits = new ArrayList<>();
        int total = 0;
        for (Iterator<StoredPackument> it = packuments.all(request.repository()).iterator(); it.hasNext(); ) {
            StoredPackument packument = it.next();
            ObjectNode latest = packument.latest().orElse(null);
            if (latest == null
                    || !matches(packument, latest, words)
                    || !request.readable().test(packument.name())) {
                continue;
            }
            if (total >= request.from() && hits.size() < request.size()) {
                hits.add(new NpmResults.SearchHit(latest, packument.time().get(StoredPackument.MODIFIED)));
            }
            total++;
        }
        return new NpmResults.SearchResult(hits, total);
    }

    private static boolean matches(StoredPackument packument, ObjectNode latest, List<String> words) {
        String haystack = (packument.name() + " "
                        + latest.path("description").asText("") + " "
                        + latest.path("keywords").toString())
                .toLowerCase(Locale.ROOT);
        return words.stream().allMatch(haystack::contains);
    }
}
