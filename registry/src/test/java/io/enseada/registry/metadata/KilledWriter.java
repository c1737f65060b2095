package io.enseada.registry.metadata;

import io.enseada.shared.json.Json;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link MvStoreDocumentStoreTest}: writes one document, reports the
 * acknowledged revision on stdout, then waits to be killed without any chance to close the store.
 */
public final class KilledWriter {
    private KilledWriter() {}

    public static void main(String[] args) throws InterruptedException {
        DocumentStore store = MvStoreDocumentStore.open(Path.of(args[0]), Json.newMapper());
        Document written =
                store.put(args[1], null, Json.newMapper().createObjectNode().put("n", 1));
        System.out.println(written.rev());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
