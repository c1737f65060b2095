package io.enseada.registry.lifecycle;

import io.enseada.registry.repository.RegistryFormat;
import io.enseada.registry.repository.Removal;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention step of a lifecycle run: each repository with a {@code retention} policy asks its
 * format what goes ({@link RegistryFormat#retention}); a real run applies the removals in order,
 * and the collection that follows frees the bytes nothing keeps any more. One repository's failure
 * is reported with it and stops no other.
 */
final class Retention {
    static final int ITEMS_SHOWN = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final Supplier<Collection<RepositorySpec>> repositories;
    private final List<RegistryFormat> formats;

    Retention(Supplier<Collection<RepositorySpec>> repositories, List<RegistryFormat> formats) {
        this.repositories = repositories;
        this.formats = List.copyOf(formats);
    }

    /** What every repository's retention removes at {@code now}; reads only. */
    Plan plan(Instant now) {
        Map<String, Planned> planned = new LinkedHashMap<>();
        for (RepositorySpec repository : repositories.get()) {
            if (repository.retention() == null) {
                continue;
            }
            Optional<RegistryFormat> format = formats.stream()
                    .filter(candidate -> candidate.format() == repository.format())
                    .findFirst();
            if (format.isEmpty()) {
                continue;
            }
            Planned entry = new Planned(repository, format.get(), now);
            planned.put(repository.name(), entry);
            try {
                entry.removals.addAll(format.get().retention(repository, now));
            } catch (RuntimeException e) {
                LOG.warn("retention of repository {} could not be planned: {}", repository.name(), e.getMessage());
                entry.removals.clear();
                entry.error = "could not be planned: " + message(e);
            }
        }
        return new Plan(List.copyOf(planned.values()));
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The plan of one repository, and, once applied, what came of it. */
    private static final class Planned {
        final RepositorySpec repository;
        final RegistryFormat format;
        final Instant now;
        final List<Removal> removals = new ArrayList<>();
        final List<Removal> applied = new ArrayList<>();
        int skipped;
        String error;

        Planned(RepositorySpec repository, RegistryFormat format, Instant now) {
            this.repository = repository;
            this.format = format;
            this.now = now;
        }

        RetentionReport report(List<Removal> shown, int removed) {
            List<RetentionReport.Item> items = shown.stream()
                    .limit(ITEMS_SHOWN)
                    .map(removal -> new RetentionReport.Item(removal.kind(), removal.item(), removal.reason()))
                    .toList();
            return new RetentionReport(
                    repository.name(), repository.format().wireName(), removed, skipped, items, error);
        }
    }

    static final class Plan {
        private final List<Planned> repositories;

        private Plan(List<Planned> repositories) {
            this.repositories = repositories;
        }

        /**
         * The documents as they would be after every removal: an id mapped to empty is gone, to a
         * document rewritten. The dry run's mark reads through it.
         */
        Map<String, Optional<Document>> after() {
            Map<String, Optional<Document>> after = new HashMap<>();
            for (Planned planned : repositories) {
                for (Removal removal : planned.removals) {
                    removal.gone().forEach(document -> after.put(document.id(), Optional.empty()));
                    removal.rewritten().forEach(document -> after.put(document.id(), Optional.of(document)));
                }
            }
            return after;
        }

        /** Every document the removals delete, as the plan read it. */
        List<Document> gone() {
            return repositories.stream()
                    .flatMap(planned -> planned.removals.stream())
                    .flatMap(removal -> removal.gone().stream())
                    .toList();
        }

        /** Every document the removals rewrite, as it will be after them. */
        List<Document> rewritten() {
            return repositories.stream()
                    .flatMap(planned -> planned.removals.stream())
                    .flatMap(removal -> removal.rewritten().stream())
                    .toList();
        }

        /** Applies every removal in its repository's order; {@code between} runs after each (the lease's renewal). */
        void apply(Consumer<Removal> applied, Runnable between) {
            for (Planned planned : repositories) {
                for (Removal removal : planned.removals) {
                    try {
                        if (removal.apply().getAsBoolean()) {
                            planned.applied.add(removal);
                            applied.accept(removal);
                        } else {
                            planned.skipped++;
                        }
                    } catch (RuntimeException e) {
                        // the removals after it may rest on it (a manifest on its tags): leave them to the next run
                        LOG.warn(
                                "retention of repository {} stopped at {}: {}",
                                planned.repository.name(),
                                removal.item(),
                                e.getMessage());
                        planned.error = "stopped at " + removal.item() + ": " + message(e);
                        break;
                    }
                    between.run();
                }
                if (planned.error == null) {
                    stampUntimed(planned);
                }
            }
        }

        private static void stampUntimed(Planned planned) {
            try {
                planned.format.retentionApplied(planned.repository, planned.now);
            } catch (RuntimeException e) {
                LOG.warn(
                        "retention of repository {} could not stamp its items: {}",
                        planned.repository.name(),
                        e.getMessage());
                planned.error = "could not stamp its items: " + message(e);
            }
        }

        /** What a dry run would remove. */
        List<RetentionReport> planned() {
            return repositories.stream()
                    .map(planned -> planned.report(planned.removals, planned.removals.size()))
                    .toList();
        }

        /** What {@link #apply} removed. */
        List<RetentionReport> applied() {
            return repositories.stream()
                    .map(planned -> planned.report(planned.applied, planned.applied.size()))
                    .toList();
        }

        /** How many removals each repository had applied, for its lifecycle status. */
        Map<String, Integer> removedByRepository() {
            Map<String, Integer> removed = new HashMap<>();
            repositories.forEach(planned -> removed.put(planned.repository.name(), planned.applied.size()));
            return removed;
        }

        Map<String, String> errors() {
            Map<String, String> errors = new HashMap<>();
            repositories.stream()
                    .filter(planned -> planned.error != null)
                    .forEach(planned -> errors.put(planned.repository.name(), planned.error));
            return errors;
        }
    }
}
