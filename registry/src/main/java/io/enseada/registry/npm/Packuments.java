package io.enseada.registry.npm;

import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The packuments of the document store, one per package. Every write is a read-modify-write
 * through {@link DocumentStore#update}, so concurrent writers are retried with the fresh document
 * and nothing is lost.
 */
final class Packuments {
    private static final int PAGE = 200;

    private final DocumentStore documents;

    Packuments(DocumentStore documents) {
        this.documents = documents;
    }

    /** The package as readers see it: absent when every version was unpublished. */
    Optional<StoredPackument> find(RepositorySpec repository, NpmPackageName name) {
        return stored(repository, name).filter(packument -> !packument.unpublished());
    }

    StoredPackument require(RepositorySpec repository, NpmPackageName name) {
        return find(repository, name).orElseThrow(() -> notFound(name));
    }

    /** The stored document, even when every version was unpublished (its version numbers stay used). */
    Optional<StoredPackument> stored(RepositorySpec repository, NpmPackageName name) {
        return documents
                .get(NpmDocumentIds.packument(repository.name(), name))
                .map(document -> StoredPackument.read(name, document.body()));
    }

    /**
     * A read-modify-write of one packument. {@code change} gets the current packument, or null when
     * there is none, and may run several times; a packument it hands back without raising its
     * revision is left as stored.
     */
    void update(RepositorySpec repository, NpmPackageName name, UnaryOperator<StoredPackument> change) {
        try {
            documents.update(NpmDocumentIds.packument(repository.name(), name), current -> {
                StoredPackument before = current == null ? null : StoredPackument.read(name, current);
                long revision = before == null ? -1 : before.revision();
                StoredPackument after = change.apply(before);
                return after.revision() == revision ? current : after.toJson();
            });
        } catch (DocumentConflictException e) {
            throw NpmException.conflict("too many concurrent changes to " + name + "; retry");
        }
    }

    /** For changes that need a package with versions: {@code current}, or not found. */
    static StoredPackument existing(StoredPackument current, NpmPackageName name) {
        if (current == null || current.unpublished()) {
            throw notFound(name);
        }
        return current;
    }

    /**
     * Every stored packument of {@code repository}, in name order, unpublished ones included; read
     * a page at a time as the stream is consumed.
     */
    Stream<StoredPackument> all(RepositorySpec repository) {
        String prefix = NpmDocumentIds.packages(repository.name());
        return documents.scan(prefix, PAGE).flatMap(document -> readable(document).stream());
    }

    /** A stored packument under a name that is no valid package name (written by hand) is never found. */
    private static Optional<StoredPackument> readable(Document document) {
        try {
            NpmPackageName name =
                    NpmPackageName.parse(document.body().path("name").asText());
            return Optional.of(StoredPackument.read(name, document.body()));
        } catch (InvalidPackageNameException e) {
            return Optional.empty();
        }
    }

    private static NpmException notFound(NpmPackageName name) {
        return NpmException.notFound("package " + name + " not found");
    }
}
