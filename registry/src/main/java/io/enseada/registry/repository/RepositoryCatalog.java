package io.enseada.registry.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.metadata.ChangeFanout;
import io.enseada.registry.metadata.DocumentView;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.RepositoryDeletion;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The repositories of this registry, read from an in-memory view that follows the store. A
 * repository whose deletion is requested ({@link RepositoryDeletion}) is not found here, so every
 * protocol answers for it as for a name that does not exist while {@link RepositoryPurge} runs.
 */
public final class RepositoryCatalog {
    private final DocumentStore store;
    private final ObjectMapper json;
    private final DocumentView<Entry> view;

    private record Entry(RepositorySpec spec, boolean deleting) {}

    public RepositoryCatalog(DocumentStore store, ChangeFanout changes, ObjectMapper json) {
        this.store = store;
        this.json = json;
        this.view = new DocumentView<>(
                store,
                changes,
                DocumentIds.REPOSITORY_PREFIX,
                document -> new Entry(
                        json.convertValue(document.body(), RepositorySpec.class),
                        RepositoryDeletion.isRequested(document.body())));
    }

    public RepositoryCatalog start() {
        view.start();
        return this;
    }

    public Optional<RepositorySpec> find(String name) {
        return name == null
                ? Optional.empty()
                : view.get(DocumentIds.repository(name))
                        .filter(entry -> !entry.deleting())
                        .map(Entry::spec);
    }

    public Collection<RepositorySpec> all() {
        return view.all().stream()
                .filter(entry -> !entry.deleting())
                .map(Entry::spec)
                .toList();
    }

    /** Creates or updates each declared repository; repositories not declared are left alone. */
    public void declare(List<RepositorySpec> repositories) {
        for (RepositorySpec repository : repositories) {
            ObjectNode desired = json.valueToTree(repository);
            store.update(repository.documentId(), current -> desired);
            view.refresh(repository.documentId());
        }
    }

    /** @return false when a repository of that name exists */
    public boolean create(RepositorySpec repository) {
        try {
            store.put(repository.documentId(), null, json.valueToTree(repository));
        } catch (DocumentConflictException e) {
            return false;
        }
        view.refresh(repository.documentId());
        return true;
    }

    /** @return false when there is no repository of that name, or it is being deleted */
    public boolean replace(RepositorySpec repository) {
        ObjectNode desired = json.valueToTree(repository);
        boolean replaced = store.update(
                        repository.documentId(),
                        current -> current == null || RepositoryDeletion.isRequested(current) ? current : desired)
                .filter(stored -> !RepositoryDeletion.isRequested(stored.body()))
                .isPresent();
        view.refresh(repository.documentId());
        return replaced;
    }

    /** Removes the repository's document; its stored content is not touched here. */
    public boolean delete(String name) {
        String id = DocumentIds.repository(name);
        boolean existed = store.get(id).isPresent();
        store.update(id, current -> null);
        view.refresh(id);
        return existed;
    }
}
