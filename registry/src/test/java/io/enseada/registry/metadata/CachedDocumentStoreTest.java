package io.enseada.registry.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.store.Change;
import io.enseada.shared.store.ChangeSubscription;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreContract;
import io.enseada.shared.store.DocumentStoreException;
import io.enseada.shared.store.Page;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache in front of the store keeps the whole metadata contract, and sees other replicas' writes. */
class CachedDocumentStoreTest extends DocumentStoreContract {
    @TempDir
    Path dir;

    private DocumentStore backing;
    private ChangeFanout changes;

    @Override
    protected DocumentStore newStore() {
        backing = MvStoreDocumentStore.open(dir.resolve("cache-test.mv.db"), mapper);
        changes = new ChangeFanout(backing).start();
        return new CachedDocumentStore(backing, changes, 1024 * 1024);
    }

    @AfterEach
    void closeBacking() {
        changes.close();
        backing.close();
    }

    @Test
    void writesThatBypassTheCacheAreSeenThroughTheChangesFeed() throws Exception {
        store.put("tag:app:1", null, json("{'digest':'a'}"));
        assertThat(store.get("tag:app:1").orElseThrow().body().get("digest").asText())
                .isEqualTo("a");
        assertThat(store.get("tag:app:2")).isEmpty();

        // Another replica writes to the shared store directly.
        String rev = backing.get("tag:app:1").orElseThrow().rev();
        backing.put("tag:app:1", rev, json("{'digest':'b'}"));
        backing.put("tag:app:2", null, json("{'digest':'c'}"));

        assertThat(eventually(() ->
                        store.get("tag:app:1").map(d -> d.body().get("digest").asText())))
                .contains("b");
        assertThat(eventually(() ->
                        store.get("tag:app:2").map(d -> d.body().get("digest").asText())))
                .contains("c");
    }

    @Test
    void callersGetTheirOwnCopies() {
        store.put("doc", null, json("{'n':1}"));
        store.get("doc").orElseThrow().body().put("n", 99);
        assertThat(store.get("doc").orElseThrow().body().get("n").asInt()).isEqualTo(1);
    }

    @Test
    void writesTheStoreRefusesKeepWhatIsCachedAndAConflictEvictsIt() throws Exception {
        Unreachable unreachable = new Unreachable(backing);
        CachedDocumentStore cached = new CachedDocumentStore(unreachable, changes, 1024 * 1024);
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        changes.listen(change -> written.countDown());
        cached.put("packument:npm:pkg", null, json("{'latest':'1.0.0'}"));
        // The feed reports the write (and evicts) on its own thread: read once it has.
        assertThat(written.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String rev = cached.get("packument:npm:pkg").orElseThrow().rev();

        unreachable.down = true;
        assertThatThrownBy(() -> cached.put("packument:npm:pkg", rev, json("{'latest':'2.0.0'}")))
                .isInstanceOf(DocumentStoreException.class);
        assertThatThrownBy(() -> cached.update("packument:npm:pkg", doc -> doc.put("latest", "2.0.0")))
                .isInstanceOf(DocumentStoreException.class);
        assertThatThrownBy(() -> cached.delete("packument:npm:pkg", rev)).isInstanceOf(DocumentStoreException.class);
        assertThat(cached.get("packument:npm:pkg")
                        .orElseThrow()
                        .body()
                        .get("latest")
                        .asText())
                .as("served from the cache")
                .isEqualTo("1.0.0");

        unreachable.down = false;
        backing.put("packument:npm:pkg", rev, json("{'latest':'3.0.0'}"));
        assertThatThrownBy(() -> cached.put("packument:npm:pkg", rev, json("{'latest':'2.0.0'}")))
                .isInstanceOf(DocumentConflictException.class);
        assertThat(cached.get("packument:npm:pkg")
                        .orElseThrow()
                        .body()
                        .get("latest")
                        .asText())
                .isEqualTo("3.0.0");
    }

    /** The backing store, or — while {@code down} — a store that cannot be reached. */
    private static final class Unreachable implements DocumentStore {
        private final DocumentStore store;
        volatile boolean down;

        Unreachable(DocumentStore store) {
            this.store = store;
        }

        private <T> T call(Supplier<T> operation) {
            if (down) {
                throw new DocumentStoreException("cannot reach the store");
            }
            return operation.get();
        }

        @Override
        public Optional<Document> get(String id) {
            return call(() -> store.get(id));
        }

        @Override
        public Document put(String id, String rev, ObjectNode body) {
            return call(() -> store.put(id, rev, body));
        }

        @Override
        public boolean delete(String id, String rev) {
            return call(() -> store.delete(id, rev));
        }

        @Override
        public Optional<Document> update(String id, UnaryOperator<ObjectNode> change) {
            return call(() -> store.update(id, change));
        }

        @Override
        public Page list(String prefix, String startAfter, int limit) {
            return call(() -> store.list(prefix, startAfter, limit));
        }

        @Override
        public String currentSequence() {
            return call(store::currentSequence);
        }

        @Override
        public ChangeSubscription subscribe(String since, Consumer<Change> listener) {
            return store.subscribe(since, listener);
        }

        @Override
        public boolean ping() {
            return !down && store.ping();
        }

        @Override
        public void close() {
            // the backing store is closed by the test
        }
    }

    /** The first value read that is present and no longer the first write's "a". */
    private static Optional<String> eventually(Supplier<Optional<String>> read) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(3))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .until(read::get, value -> value.isPresent() && !value.get().equals("a"));
    }
}
