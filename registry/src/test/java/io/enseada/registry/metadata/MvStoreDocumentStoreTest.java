package io.enseada.registry.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enseada.shared.store.Change;
import io.enseada.shared.store.ChangeSubscription;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreContract;
import io.enseada.shared.store.DocumentStoreException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreDocumentStoreTest extends DocumentStoreContract {
    @TempDir
    Path dir;

    @Override
    protected DocumentStore newStore() {
        return MvStoreDocumentStore.open(file(), mapper);
    }

    @Test
    void dataSurvivesCloseAndReopen() throws Exception {
        Document kept = store.put("pkg:kept", null, json("{'n':1}"));
        Document updated =
                store.update("pkg:updated", current -> json("{'n':2}")).orElseThrow();
        Document gone = store.put("pkg:gone", null, json("{}"));
        String beforeDelete = store.currentSequence();
        store.delete("pkg:gone", gone.rev());
        String sequence = store.currentSequence();
        store.close();

        store = MvStoreDocumentStore.open(file(), mapper);

        assertThat(store.get("pkg:kept")).contains(kept);
        assertThat(store.get("pkg:updated")).contains(updated);
        assertThat(store.get("pkg:gone")).isEmpty();
        assertThat(store.currentSequence()).isEqualTo(sequence);
        BlockingQueue<Change> received = new LinkedBlockingQueue<>();
        try (ChangeSubscription ignored = store.subscribe(beforeDelete, received::add)) {
            assertThat(describe(await(received, 1))).containsExactly("pkg:gone deleted");
            store.put("pkg:new", null, json("{}"));
            Change next = await(received, 1).get(0);
            assertThat(Long.parseLong(next.sequence())).isGreaterThan(Long.parseLong(sequence));
        }
    }

    @Test
    void anAcknowledgedWriteSurvivesAKilledProcess() throws Exception {
        store.close();
        Process writer = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        KilledWriter.class.getName(),
                        file().toString(),
                        "pkg:acknowledged")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String rev;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            rev = out.readLine();
        } finally {
            writer.destroyForcibly();
            writer.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(rev).as("revision acknowledged by the child").matches("1-\\S+");

        store = MvStoreDocumentStore.open(file(), mapper);

        assertThat(store.get("pkg:acknowledged").map(Document::rev)).contains(rev);
    }

    @Test
    void aSecondOpenOfTheSameFileFails() {
        assertThatThrownBy(() -> MvStoreDocumentStore.open(file(), mapper))
                .isInstanceOf(DocumentStoreException.class)
                .hasMessageContaining(file().toString());
    }

    @Test
    void aForeignSequenceIsRejected() {
        assertThatThrownBy(() -> store.subscribe("12-g1AAAA", change -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Path file() {
        return dir.resolve("metadata.mv.db");
    }
}
