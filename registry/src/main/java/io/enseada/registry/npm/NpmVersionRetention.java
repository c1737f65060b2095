package io.enseada.registry.npm;

import io.enseada.registry.repository.Removal;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code retention.versionsOlderThan} of a hosted npm repository: a version published before the
 * cutoff goes unless a dist-tag points at it, so {@code latest} always stays. A version without a
 * readable publish time is never removed, and a package never loses its last version by age: npm
 * clients read a package without versions as unpublished, which retention must not decide alone.
 * Removing versions is an unpublish of them ({@link VersionRemoval}), so clients see the same
 * packument either way and the tarballs go with the next collection.
 */
final class NpmVersionRetention {
    private static final int PAGE = 200;

    private final DocumentStore documents;

    NpmVersionRetention(DocumentStore documents) {
        this.documents = documents;
    }

    List<Removal> plan(RepositorySpec repository, Instant now) {
        Duration age = repository.retention().versionsOlderThan();
        if (age == null) {
            return List.of();
        }
        Instant cutoff = now.minus(age);
        String reason = "versionsOlderThan " + written(age) + ": published before " + cutoff + " and no dist-tag on it";
        List<Removal> removals = new ArrayList<>();
        documents
                .scan(NpmDocumentIds.packages(repository.name()), PAGE)
                .forEach(document -> nameOf(document)
                        .flatMap(name -> planned(repository, name, document, cutoff, now, reason))
                        .ifPresent(removals::add));
        return removals;
    }

    private Optional<Removal> planned(
            RepositorySpec repository,
            NpmPackageName name,
            Document document,
            Instant cutoff,
            Instant now,
            String reason) {
        List<String> old = removable(StoredPackument.read(name, document.body()), cutoff);
        if (old.isEmpty()) {
            return Optional.empty();
        }
        StoredPackument after =
                VersionRemoval.withoutVersions(StoredPackument.read(name, document.body()), old, null, now.toString());
        return Optional.of(new Removal(
                repository.name(),
                Format.NPM,
                "version",
                name + "@" + String.join(", ", old),
                reason,
                List.of(),
                List.of(new Document(document.id(), document.rev(), after.toJson())),
                () -> apply(document.id(), name, old, cutoff, now)));
    }

    /**
     * Removes what the plan found, re-evaluated on the packument as it is now: a version tagged
     * since the plan stays, one published since was never planned. False when nothing was left to
     * remove.
     */
    private boolean apply(String id, NpmPackageName name, List<String> planned, Instant cutoff, Instant now) {
        List<String> removed = new ArrayList<>();
        documents.update(id, body -> {
            removed.clear();
            if (body == null) {
                return null;
            }
            StoredPackument current = StoredPackument.read(name, body);
            List<String> still = new ArrayList<>(removable(current, cutoff));
            still.retainAll(planned);
            if (still.isEmpty()) {
                return body;
            }
            removed.addAll(still);
            return VersionRemoval.withoutVersions(current, still, null, now.toString())
                    .toJson();
        });
        return !removed.isEmpty();
    }

    /** The versions of {@code packument} the rule removes at {@code cutoff}, in publish order. */
    static List<String> removable(StoredPackument packument, Instant cutoff) {
        if (packument.unpublished()) {
            return List.of();
        }
        Set<String> tagged = new HashSet<>(packument.distTags().values());
        List<String> old = new ArrayList<>();
        for (String version : packument.versions().keySet()) {
            if (!tagged.contains(version) && publishedBefore(packument.time().get(version), cutoff)) {
                old.add(version);
            }
        }
        if (old.size() == packument.versions().size()) {
            // no dist-tag names one of its versions (a packument written by hand)
            old.remove(VersionRemoval.highest(packument.versions().keySet()));
        }
        return old;
    }

    private static boolean publishedBefore(String time, Instant cutoff) {
        if (time == null) {
            return false;
        }
        try {
            return Instant.parse(time).isBefore(cutoff);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** A duration as one writes it in the settings: {@code P30D} rather than {@code PT720H}. */
    static String written(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? "P" + duration.toDays() + "D" : duration.toString();
    }

    /** A packument stored under a name that is no valid package name (written by hand) is left alone. */
    private static Optional<NpmPackageName> nameOf(Document document) {
        try {
            return Optional.of(NpmPackageName.parse(document.body().path("name").asText()));
        } catch (InvalidPackageNameException e) {
            return Optional.empty();
        }
    }
}
