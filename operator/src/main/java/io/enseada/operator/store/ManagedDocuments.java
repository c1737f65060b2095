package io.enseada.operator.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Documents the operator writes for a custom resource. Each carries {@code managedBy:
 * <kind>/<namespace>/<name>} (the registry ignores fields it does not know), so a document that
 * another resource or a person created is never overwritten or deleted.
 */
public final class ManagedDocuments {
    public static final String MANAGED_BY = "managedBy";
    private final ObjectMapper mapper;

    public ManagedDocuments(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public static String owner(HasMetadata resource) {
        return resource.getKind() + "/" + resource.getMetadata().getNamespace() + "/"
                + resource.getMetadata().getName();
    }

    /** What happened to a document the operator wanted to write. */
    public sealed interface Outcome {
        record Written(Document document) implements Outcome {}

        record OwnedByOther(String owner) implements Outcome {}
    }

    /** Creates the document or puts it back as desired (repairing drift); leaves another owner's alone. */
    public Outcome write(DocumentStore store, String id, Object desired, HasMetadata resource) {
        String owner = owner(resource);
        ObjectNode body = mapper.valueToTree(desired);
        body.put(MANAGED_BY, owner);
        Optional<Document> result =
                store.update(id, current -> current == null || isOwnedBy(current, owner) ? body : current);
        Document stored =
                result.orElseThrow(() -> new IllegalStateException("document " + id + " vanished during write"));
        return isOwnedBy(stored.body(), owner)
                ? new Outcome.Written(stored)
                : new Outcome.OwnedByOther(stored.body().path(MANAGED_BY).asText("someone outside the operator"));
    }

    /** Deletes the document if this resource owns it. */
    public void remove(DocumentStore store, String id, HasMetadata resource) {
        String owner = owner(resource);
        store.update(id, current -> current != null && isOwnedBy(current, owner) ? null : current);
    }

    /** Creates a document that must not exist yet (an id the caller just generated). */
    public Document create(DocumentStore store, String id, Object desired, HasMetadata resource) {
        ObjectNode body = mapper.valueToTree(desired);
        body.put(MANAGED_BY, owner(resource));
        return store.put(id, null, body);
    }

    /** Changes the document with {@code change} if this resource owns it; others' are left alone. */
    public Optional<Document> modify(
            DocumentStore store, String id, HasMetadata resource, UnaryOperator<ObjectNode> change) {
        return modify(store, id, owner(resource), change);
    }

    /** Changes the document with {@code change} if {@code owner} (as {@link #owner} spells it) owns it. */
    public Optional<Document> modify(DocumentStore store, String id, String owner, UnaryOperator<ObjectNode> change) {
        return store.update(
                id, current -> current != null && isOwnedBy(current, owner) ? change.apply(current) : current);
    }

    /** Whether {@code body} was written for {@code resource}. */
    public static boolean isOwnedBy(ObjectNode body, HasMetadata resource) {
        return isOwnedBy(body, owner(resource));
    }

    private static boolean isOwnedBy(ObjectNode body, String owner) {
        return owner.equals(body.path(MANAGED_BY).asText(null));
    }
}
