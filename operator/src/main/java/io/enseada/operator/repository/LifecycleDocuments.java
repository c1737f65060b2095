package io.enseada.operator.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.RepositoryLifecycle;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the documents {@code lifecycle:<repository>} the registry writes after each storage lifecycle run. */
public final class LifecycleDocuments {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleDocuments.class);
    private final ObjectMapper mapper;

    public LifecycleDocuments(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Never throws: what the registry reported only shows in the status, it decides nothing. */
    LifecycleReport read(DocumentStore store, String repository) {
        String id = DocumentIds.lifecycle(repository);
        try {
            return store.get(id).map(document -> parse(id, document.body())).orElse(LifecycleReport.NO_RUN);
        } catch (DocumentStoreException e) {
            return LifecycleReport.UNREAD;
        }
    }

    private LifecycleReport parse(String id, ObjectNode body) {
        try {
            return new LifecycleReport.Run(mapper.treeToValue(body, RepositoryLifecycle.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // a newer registry's shape, say: the status keeps what it showed rather than guess
            LOG.warn("document {} is not a lifecycle report: {}", id, e.getMessage());
            return LifecycleReport.UNREAD;
        }
    }
}
