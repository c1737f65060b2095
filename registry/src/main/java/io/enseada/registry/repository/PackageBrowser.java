package io.enseada.registry.repository;

import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.enseada.registry.repository.browse.PackageDetail;
import io.enseada.registry.repository.browse.PackageSummary;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the repositories hold, as the management API and the web UI show it: one repository's
 * packages sorted and paged, one package's detail, a search across every repository the caller
 * may read, and what was pushed lately. Each format lists its own packages through
 * {@link RegistryFormat#packages}; this class only sorts, pages, filters and checks read rights.
 */
public final class PackageBrowser {
    private final Supplier<? extends Iterable<RepositorySpec>> repositories;
    private final List<RegistryFormat> formats;
    private final Authorizer authorizer;

    public PackageBrowser(
            Supplier<? extends Iterable<RepositorySpec>> repositories,
            List<RegistryFormat> formats,
            Authorizer authorizer) {
        this.repositories = repositories;
        this.formats = List.copyOf(formats);
        this.authorizer = authorizer;
    }

    /** The orders a listing can take; each breaks ties by name. */
    public enum Sort {
        NAME(Comparator.comparing(PackageSummary::name)),
        UPDATED(Comparator.comparing(PackageSummary::updated, Comparator.nullsFirst(Comparator.naturalOrder()))),
        VERSIONS(Comparator.comparingInt(PackageSummary::versions)),
        BYTES(Comparator.comparingLong(PackageSummary::bytes));

        private final Comparator<PackageSummary> order;

        Sort(Comparator<PackageSummary> order) {
            this.order = order.thenComparing(PackageSummary::name);
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Sort> parse(String text) {
            return Stream.of(values()).filter(s -> s.wireName().equals(text)).findFirst();
        }
    }

    /** One page of a listing and how many items the whole listing has. */
    public record Listing(List<PackageSummary> items, int total) {}

    /** A package found in a repository. */
    public record Hit(String repository, Format format, PackageSummary item) {}

    /**
     * {@code repository}'s packages that {@code caller} may read (a path-limited policy or token
     * hides the others), sorted, from {@code offset}, at most {@code limit}.
     */
    public Listing packages(
            Principal caller, RepositorySpec repository, Sort sort, boolean descending, int offset, int limit) {
        List<PackageSummary> all = visible(caller, repository);
        Comparator<PackageSummary> order = descending ? sort.order.reversed() : sort.order;
        List<PackageSummary> page =
                all.stream().sorted(order).skip(offset).limit(limit).toList();
        return new Listing(page, all.size());
    }

    /** How many packages of {@code repository} {@code caller} may read. */
    public int count(Principal caller, RepositorySpec repository) {
        return visible(caller, repository).size();
    }

    /** One package, or empty when there is none of that name or {@code caller} may not read it. */
    public Optional<PackageDetail> detail(Principal caller, RepositorySpec repository, String name) {
        return format(repository)
                .filter(format -> authorizer.allows(caller, repository, format.accessPath(name), AccessAction.READ))
                .flatMap(format -> format.packageDetail(repository, name));
    }

    /**
     * Packages of the repositories {@code caller} may read whose name, description or keywords
     * contain every word of {@code query}, ignoring case; exact names first, then by name.
     */
    public List<Hit> search(Principal caller, String query, int limit) {
        List<String> words = Stream.of(query.toLowerCase(Locale.ROOT).trim().split("\\s+"))
                .filter(word -> !word.isEmpty())
                .toList();
        if (words.isEmpty()) {
            return List.of();
        }
        String whole = String.join(" ", words);
        return readable(caller)
                .flatMap(repository -> visible(caller, repository).stream()
                        .filter(item -> words.stream().allMatch(word -> matches(item, word)))
                        .map(item -> new Hit(repository.name(), repository.format(), item)))
                .sorted(Comparator.comparing((Hit hit) -> !hit.item().name().equalsIgnoreCase(whole))
                        .thenComparing(hit -> hit.item().name())
                        .thenComparing(Hit::repository))
                .limit(limit)
                .toList();
    }

    /** The packages pushed, deployed or published last in the repositories {@code caller} may read. */
    public List<Hit> recent(Principal caller, int limit) {
        return readable(caller)
                .flatMap(repository -> visible(caller, repository).stream()
                        .filter(item -> item.updated() != null)
                        .map(item -> new Hit(repository.name(), repository.format(), item)))
                .sorted(Comparator.comparing((Hit hit) -> hit.item().updated(), Comparator.<Instant>reverseOrder())
                        .thenComparing(hit -> hit.item().name()))
                .limit(limit)
                .toList();
    }

    private Stream<RepositorySpec> readable(Principal caller) {
        Stream.Builder<RepositorySpec> readable = Stream.builder();
        for (RepositorySpec repository : repositories.get()) {
            if (authorizer.allows(caller, repository, AccessAction.READ)) {
                readable.add(repository);
            }
        }
        return readable.build();
    }

    private static boolean matches(PackageSummary item, String word) {
        return contains(item.name(), word)
                || contains(item.description(), word)
                || item.keywords().stream().anyMatch(keyword -> contains(keyword, word));
    }

    private static boolean contains(String text, String word) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(word);
    }

    private List<PackageSummary> visible(Principal caller, RepositorySpec repository) {
        return format(repository)
                .map(format -> format.packages(repository).stream()
                        .filter(item -> authorizer.allows(
                                caller, repository, format.accessPath(item.name()), AccessAction.READ))
                        .toList())
                .orElse(List.of());
    }

    private Optional<RegistryFormat> format(RepositorySpec repository) {
        return formats.stream().filter(f -> f.format() == repository.format()).findFirst();
    }
}
