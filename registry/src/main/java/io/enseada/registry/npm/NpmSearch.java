package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.model.RepositoryGraph;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** {@code npm search}: a scan of the repository's packuments, matched on the latest version. */
final class NpmSearch {
    private final Packuments packuments;
    private final NpmProxy proxy;
    private final Supplier<Collection<RepositorySpec>> repositories;

    NpmSearch(Packuments packuments, NpmProxy proxy, Supplier<Collection<RepositorySpec>> repositories) {
        this.packuments = packuments;
        this.proxy = proxy;
        this.repositories = repositories;
    }

    /**
     * The packuments a search looks at, in name order, each readable to the caller: a hosted
     * repository's, what a proxy has cached, and for a group its members', a name once (the
     * first member that has it).
     */
    private Stream<StoredPackument> searched(NpmRequests.SearchRequest request) {
        RepositorySpec repository = request.repository();
        if (repository.kind() != RepositoryKind.GROUP) {
            return packumentsOf(repository).filter(p -> request.readable().test(repository, p.name()));
        }
        Map<String, StoredPackument> byName = new TreeMap<>();
        for (RepositorySpec member : new RepositoryGraph(repositories.get()).leaves(repository)) {
            packumentsOf(member)
                    .filter(p -> request.readable().test(member, p.name()))
                    .forEach(p -> byName.putIfAbsent(p.name().toString(), p));
        }
        return byName.values().stream();
    }

    private Stream<StoredPackument> packumentsOf(RepositorySpec repository) {
        return repository.kind() == RepositoryKind.PROXY ? proxy.cached(repository) : packuments.all(repository);
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
        for (Iterator<StoredPackument> it = searched(request).iterator(); it.hasNext(); ) {
            StoredPackument packument = it.next();
            ObjectNode latest = packument.latest().orElse(null);
            if (latest == null || !matches(packument, latest, words)) {
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
