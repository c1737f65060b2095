package io.enseada.shared.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The metadata port: a JSON document store with revisions, id-prefix range scans and a changes feed.
 *
 * <p>Document ids are ASCII and designed so that every query is a get by id or a scan of one id
 * prefix; both backends order ids by their code units. Bodies never carry {@code _id} or
 * {@code _rev}: those travel beside the body in {@link Document}.
 */
public interface DocumentStore extends AutoCloseable {
    /** The most writes one {@link #writeAll} takes. */
    int MAX_WRITES = 1000;

    Optional<Document> get(String id);

    /**
     * Creates the document when {@code rev} is null, otherwise replaces revision {@code rev}.
     *
     * @return the stored document with its new revision
     * @throws DocumentConflictException when the document exists (create) or {@code rev} is stale
     */
    Document put(String id, String rev, ObjectNode body);

    /**
     * Deletes revision {@code rev}.
     *
     * @return false when there was no such document
     * @throws DocumentConflictException when {@code rev} is stale
     */
    boolean delete(String id, String rev);

    /**
     * Applies {@code writes} in one go — one commit on disk, one CouchDB {@code _bulk_docs}
     * request — each on its own as {@link #put} or {@link #delete} would: a stale revision refuses
     * that write only, and nothing is all-or-nothing. For the collector's thousands of small writes,
     * which one by one cost a commit or a round trip each. At most {@link #MAX_WRITES} writes, each
     * id at most once.
     *
     * @return what became of each write, in the order given
     */
    default List<WriteResult> writeAll(List<Write> writes) {
        requireBatch(writes);
        List<WriteResult> results = new ArrayList<>(writes.size());
        for (Write write : writes) {
            try {
                if (write.deletes()) {
                    results.add(
                            delete(write.id(), write.rev())
                                    ? WriteResult.written(write.id(), null)
                                    : WriteResult.refused(write.id()));
                } else {
                    results.add(WriteResult.written(
                            write.id(),
                            put(write.id(), write.rev(), write.body()).rev()));
                }
            } catch (DocumentConflictException stale) {
                results.add(WriteResult.refused(write.id()));
            }
        }
        return results;
    }

    /** Refuses a batch {@link #writeAll} cannot take: too many writes, or one id twice. */
    static void requireBatch(List<Write> writes) {
        if (writes.size() > MAX_WRITES) {
            throw new IllegalArgumentException("at most " + MAX_WRITES + " writes at once, not " + writes.size());
        }
        if (writes.stream().map(Write::id).distinct().count() != writes.size()) {
            throw new IllegalArgumentException("a batch of writes names one document twice");
        }
    }

    /**
     * Read-modify-write that retries on conflict with the fresh document.
     *
     * <p>{@code change} receives a private copy of the current body, or null when the document does
     * not exist, and returns the body to store; returning null deletes the document (or leaves it
     * absent); returning a body equal to the current one writes nothing. It may run several times,
     * so it must have no side effects.
     *
     * @return the document as stored afterwards, empty when it is absent afterwards
     */
    Optional<Document> update(String id, UnaryOperator<ObjectNode> change);

    /**
     * Documents whose id starts with {@code prefix}, in ascending id order, beginning after
     * {@code startAfter} (exclusive; null to start at the first), at most {@code limit} of them.
     */
    Page list(String prefix, String startAfter, int limit);

    /**
     * Every document whose id starts with {@code prefix}, in ascending id order, read lazily
     * {@code pageSize} at a time: a scan that stops early reads no further page.
     */
    default Stream<Document> scan(String prefix, int pageSize) {
        return Stream.iterate(
                        list(prefix, null, pageSize),
                        Objects::nonNull,
                        page -> page.next() == null ? null : list(prefix, page.next(), pageSize))
                .flatMap(page -> page.documents().stream());
    }

    /** An opaque token for "now" in the changes feed. */
    String currentSequence();

    /**
     * Delivers every change after {@code since} (null means from now on) to {@code listener}, in
     * order, on a background thread, until the subscription is closed. A lost connection is
     * retried; deliveries are at least once.
     */
    ChangeSubscription subscribe(String since, Consumer<Change> listener);

    /** True when the backend answers. */
    boolean ping();

    @Override
    void close();
}
