package io.enseada.registry.lifecycle;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import java.util.Optional;

/**
 * The documents {@code gc:doomed:<hex>}, one per blob a deleting phase means to delete, through
 * which the collector and writers agree on each blob without a lock: the collector dooms, a
 * writer that needs the blob rescues it (deletes the document), and the collector deletes only
 * what it could claim (a change of the document's revision it made), so exactly one of the two
 * wins. A claimed blob is then deleted and its document says so until the next collection, so
 * that a writer that overlapped the deletion learns its blob is gone.
 */
final class DoomedBlobs {
    static final String PREFIX = "gc:doomed:";

    enum State {
        DOOMED,
        CLAIMED,
        DELETED
    }

    private final DocumentStore store;

    DoomedBlobs(DocumentStore store) {
        this.store = store;
    }

    static String id(Digest digest) {
        return PREFIX + digest.hex();
    }

    void doom(Digest digest, long epoch) {
        try {
            // one write: a run begins by forgetting every earlier doom
            store.put(id(digest), null, body(State.DOOMED, epoch));
        } catch (DocumentConflictException left) {
            store.update(id(digest), current -> body(State.DOOMED, epoch));
        }
    }

    /** Whether the writer may use the blob: true when it was not doomed or is rescued now. */
    boolean rescue(Digest digest) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<Document> doomed = store.get(id(digest));
            if (doomed.isEmpty()) {
                return true;
            }
            if (state(doomed.get()) != State.DOOMED) {
                return false;
            }
            try {
                store.delete(doomed.get().id(), doomed.get().rev());
                return true;
            } catch (DocumentConflictException claimedMeanwhile) {
                // read it again: claimed, or rescued by another writer
            }
        }
        return false;
    }

    /** The claim on a blob, or empty when a writer rescued it: the collector deletes only what it claimed. */
    Optional<Document> claim(Digest digest) {
        Optional<Document> doomed = store.get(id(digest));
        if (doomed.isEmpty() || state(doomed.get()) != State.DOOMED) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    store.put(doomed.get().id(), doomed.get().rev(), body(State.CLAIMED, epoch(doomed.get()))));
        } catch (DocumentConflictException rescuedMeanwhile) {
            return Optional.empty();
        }
    }

    /** A blob the collector doomed and now keeps after all (something mentions it again). */
    void spare(Digest digest) {
        rescue(digest);
    }

    /** The claimed blob is deleted; nothing else changes a claim, so its revision still holds. */
    void deleted(Document claim) {
        try {
            store.put(claim.id(), claim.rev(), body(State.DELETED, epoch(claim)));
        } catch (DocumentConflictException forgotten) {
            // a writer that waited on the claim has stored the blob anew and forgotten it
        }
    }

    void forget(Digest digest) {
        store.update(id(digest), current -> null);
    }

    Optional<State> state(Digest digest) {
        return store.get(id(digest)).map(DoomedBlobs::state);
    }

    /** Forgets what earlier collections doomed: at the start of one, no writer of theirs is still running. */
    int forgetAll() {
        int forgotten = 0;
        String after = null;
        do {
            var page = store.list(PREFIX, after, 500);
            for (Document document : page.documents()) {
                store.update(document.id(), current -> null);
                forgotten++;
            }
            after = page.next();
        } while (after != null);
        return forgotten;
    }

    private static State state(Document document) {
        return State.valueOf(document.body().path("state").asText(State.DOOMED.name()));
    }

    private static long epoch(Document document) {
        return document.body().path("epoch").asLong();
    }

    private static ObjectNode body(State state, long epoch) {
        return JsonNodeFactory.instance.objectNode().put("state", state.name()).put("epoch", epoch);
    }
}
