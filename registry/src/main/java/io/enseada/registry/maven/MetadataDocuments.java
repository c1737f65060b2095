package io.enseada.registry.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@code maven-metadata.xml} documents of a repository's directories, changed the one way a
 * deploy, a delete and retention all change them: a read-modify-write of {@link MavenMetadata}
 * that re-renders the XML and its checksums, a view left with nothing in it deleted.
 */
final class MetadataDocuments {
    private static final DateTimeFormatter LAST_UPDATED =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final DocumentStore documents;
    private final ObjectMapper json;

    MetadataDocuments(DocumentStore documents, ObjectMapper json) {
        this.documents = documents;
        this.json = json;
    }

    /** {@code lastUpdated} as Maven writes it. */
    static String lastUpdated(Instant at) {
        return LAST_UPDATED.format(at);
    }

    Optional<Document> document(String repository, MavenPath directory) {
        return documents.get(MavenDocumentIds.metadata(repository, directory));
    }

    Optional<MavenMetadata> get(String repository, MavenPath directory) {
        return document(repository, directory).map(document -> read(document.body()));
    }

    Optional<MavenMetadata> change(String repository, MavenPath directory, UnaryOperator<MavenMetadata> change) {
        return changeDocument(repository, directory, change).map(document -> read(document.body()));
    }

    /** {@link #change}, answering the document as stored, with its revision. */
    Optional<Document> changeDocument(String repository, MavenPath directory, UnaryOperator<MavenMetadata> change) {
        return documents.update(MavenDocumentIds.metadata(repository, directory), body -> changed(body, change));
    }

    /**
     * The document as {@link #change} would leave it, written nowhere: same id and revision, or
     * empty when the change leaves nothing in it. What a retention plan reports.
     */
    Optional<Document> preview(Document current, UnaryOperator<MavenMetadata> change) {
        ObjectNode body = changed(current.body().deepCopy(), change);
        return body == null ? Optional.empty() : Optional.of(new Document(current.id(), current.rev(), body));
    }

    private ObjectNode changed(ObjectNode body, UnaryOperator<MavenMetadata> change) {
        MavenMetadata current = body == null ? MavenMetadata.empty() : read(body);
        MavenMetadata changed = change.apply(current);
        if (changed == current) {
            return body;
        }
        return changed.isEmpty() ? null : (ObjectNode) json.valueToTree(changed);
    }

    MavenMetadata read(ObjectNode body) {
        try {
            return json.treeToValue(body, MavenMetadata.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable MavenMetadata document", e);
        }
    }
}
