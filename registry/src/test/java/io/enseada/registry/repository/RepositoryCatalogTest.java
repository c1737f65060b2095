package io.enseada.registry.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.metadata.ChangeFanout;
import io.enseada.registry.metadata.MvStoreDocumentStore;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositoryDeletion;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.Visibility;
import io.enseada.shared.store.DocumentStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository whose deletion is requested is not found, before any purge has run. */
class RepositoryCatalogTest {
    private static final ObjectMapper JSON = Json.newMapper();

    @TempDir
    Path dir;

    private DocumentStore store;
    private ChangeFanout changes;
    private RepositoryCatalog catalog;

    @BeforeEach
    void start() {
        store = MvStoreDocumentStore.open(dir.resolve("metadata.mv.db"), JSON);
        changes = new ChangeFanout(store).start();
        catalog = new RepositoryCatalog(store, changes, JSON).start();
        catalog.declare(List.of(
                new RepositorySpec("going", Format.NPM, null, null),
                new RepositorySpec("staying", Format.NPM, null, null)));
    }

    @AfterEach
    void stop() {
        changes.close();
        store.close();
    }

    @Test
    void aRepositoryWithADeletionRequestIsHiddenAndCannotBeReplaced() {
        RepositoryDeletion request = new RepositoryDeletion("Repository/ns/going", Instant.now());
        store.update("repository:going", request::addTo);

        await("the request reaches the catalog")
                .atMost(Duration.ofSeconds(5))
                .until(() -> catalog.find("going").isEmpty());
        assertThat(catalog.all()).extracting(RepositorySpec::name).containsExactly("staying");
        assertThat(catalog.replace(new RepositorySpec("going", Format.NPM, Visibility.PUBLIC, null)))
                .isFalse();
        assertThat(RepositoryDeletion.isRequested(
                        store.get("repository:going").orElseThrow().body()))
                .isTrue();
        assertThat(catalog.find("staying")).isPresent();
    }
}
