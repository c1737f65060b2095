package io.enseada.registry.lifecycle;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.Write;
import io.enseada.shared.store.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Dooms the blobs for this deleting phase, in the store's bulk writes; {@code between} runs
     * after each batch (the lease's renewal).
     */
    void doomAll(Collection<Digest> digests, long epoch, Runnable between) {
        List<Write> batch = new ArrayList<>();
        for (Digest digest : digests) {
            batch.add(Write.put(id(digest), null, body(State.DOOMED, epoch)));
            if (batch.size() == DocumentStore.MAX_WRITES) {
                doomBatch(batch, epoch);
                between.run();
            }
        }
        doomBatch(batch, epoch);
    }

    private void doomBatch(List<Write> batch, long epoch) {
        if (batch.isEmpty()) {
            return;
        }
        for (WriteResult result : store.writeAll(batch)) {
            if (!result.written()) {
                // a run begins by forgetting every earlier doom, so only one it left behind is overwritten
                store.update(result.id(), current -> body(State.DOOMED, epoch));
            }
        }
        batch.clear();
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

    /**
     * Claims the doomed blobs in one bulk write (at most {@link DocumentStore#MAX_WRITES}): the
     * collector deletes only what it claimed, and a writer's rescue in between makes the claim stale.
     * Nothing else changes a claim, so its revision holds until {@link #deletedAll}.
     *
     * @return the claims of the blobs no writer rescued, by digest
     */
    Map<Digest, Document> claimAll(Collection<Digest> digests) {
        Map<String, Digest> byId = new HashMap<>();
        List<Write> claims = new ArrayList<>();
        for (Digest digest : digests) {
            Optional<Document> doomed = store.get(id(digest));
            if (doomed.isPresent() && state(doomed.get()) == State.DOOMED) {
                byId.put(doomed.get().id(), digest);
                claims.add(Write.put(doomed.get().id(), doomed.get().rev(), body(State.CLAIMED, epoch(doomed.get()))));
            }
        }
        Map<Digest, Document> claimed = new LinkedHashMap<>();
        if (claims.isEmpty()) {
            return claimed;
        }
        List<WriteResult> results = store.writeAll(claims);
        for (int i = 0; i < claims.size(); i++) {
            WriteResult result = results.get(i);
            // refused: a writer rescued it meanwhile
            if (result.written()) {
                claimed.put(
                        byId.get(result.id()),
                        new Document(result.id(), result.rev(), claims.get(i).body()));
            }
        }
        return claimed;
    }

    /** The claimed blobs are deleted: their documents say so until the next collection. */
    void deletedAll(Collection<Document> claims) {
        List<Write> marks = claims.stream()
                .map(claim -> Write.put(claim.id(), claim.rev(), body(State.DELETED, epoch(claim))))
                .toList();
        if (!marks.isEmpty()) {
            // refused ones: a writer that waited on the claim has stored the blob anew and forgotten it
            store.writeAll(marks);
        }
    }

    /** A blob the collector doomed and now keeps after all (something mentions it again). */
    void spare(Digest digest) {
        rescue(digest);
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
            var page = store.list(PREFIX, after, DocumentStore.MAX_WRITES);
            List<Write> deletions = page.documents().stream()
                    .map(document -> Write.delete(document.id(), document.rev()))
                    .toList();
            if (!deletions.isEmpty()) {
                for (WriteResult result : store.writeAll(deletions)) {
                    if (!result.written()) {
                        store.update(result.id(), current -> null);
                    }
                }
            }
            forgotten += deletions.size();
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
