package io.enseada.registry.metadata;

import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(store.get("tag:app:1").orElseThrow().body().get("digest").asText()).isEqualTo("a");
        assertThat(store.get("tag:app:2")).isEmpty();

        // Another replica writes to the shared store directly.
        String rev = backing.get("tag:app:1").orElseThrow().rev();
        backing.put("tag:app:1", rev, json("{'digest':'b'}"));
        backing.put("tag:app:2", null, json("{'digest':'c'}"));

        assertThat(eventually(() -> store.get("tag:app:1").map(d -> d.body().get("digest").asText())))
                .contains("b");
        assertThat(eventually(() -> store.get("tag:app:2").map(d -> d.body().get("digest").asText())))
                .contains("c");
    }

    @Test
    void callersGetTheirOwnCopies() {
        store.put("doc", null, json("{'n':1}"));
        store.get("doc").orElseThrow().body().put("n", 99);
        assertThat(store.get("doc").orElseThrow().body().get("n").asInt()).isEqualTo(1);
    }

    private static Optional<String> eventually(Supplier<Optional<String>> read) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        Optional<String> value = read.get();
        while (System.nanoTime() < deadline) {
            value = read.get();
            if (value.isPresent() && !value.get().equals("a")) {
                return value;
            }
            Thread.sleep(20);
        }
        return value;
    }
}
