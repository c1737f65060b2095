package io.enseada.shared.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DocumentStore} must do, run against each backend by a subclass. The subclass
 * hands out a new, empty store per test.
 */
public abstract class DocumentStoreContract {
    // "Within a couple of seconds"; generous enough for a loaded two-core machine.
    private static final Duration FEED_DEADLINE = Duration.ofSeconds(3);
    private static final Duration QUIET_PERIOD = Duration.ofMillis(500);
    private static final String NEVER_A_REVISION = "1-00000000000000000000000000000000";

    protected final ObjectMapper mapper = Json.newMapper();
    protected DocumentStore store;

    /** A new, empty store; the contract closes it after each test. */
    protected abstract DocumentStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // --- put, get, delete

    @Test
    void createsGetsAndReplacesWithTheRevision() {
        Document created = store.put("pkg:a", null, json("{'n':1}"));
        assertThat(created.rev()).matches("1-\\S+");

        Document read = store.get("pkg:a").orElseThrow();
        assertThat(read.rev()).isEqualTo(created.rev());
        assertThat(read.body()).isEqualTo(json("{'n':1}"));

        Document replaced = store.put("pkg:a", created.rev(), json("{'n':2}"));
        assertThat(replaced.rev()).matches("2-\\S+");
        assertThat(store.get("pkg:a").orElseThrow()).isEqualTo(new Document("pkg:a", replaced.rev(), json("{'n':2}")));
    }

    @Test
    void aMissingDocumentIsEmpty() {
        assertThat(store.get("pkg:missing")).isEmpty();
    }

    @Test
    void bodiesNeverShowIdOrRevisionAndAreCopies() {
        ObjectNode body = json("{'n':1,'nested':{'x':[1,2]}}");
        Document created = store.put("pkg:a", null, body);
        body.put("n", 99);
        created.body().put("n", 98);
        store.get("pkg:a").orElseThrow().body().put("n", 97);

        ObjectNode stored = store.get("pkg:a").orElseThrow().body();
        assertThat(stored).isEqualTo(json("{'n':1,'nested':{'x':[1,2]}}"));
        assertThat(stored.has("_id")).isFalse();
        assertThat(stored.has("_rev")).isFalse();
    }

    @Test
    void creatingAnExistingIdConflicts() {
        store.put("pkg:a", null, json("{'n':1}"));

        assertThatThrownBy(() -> store.put("pkg:a", null, json("{'n':2}")))
                .isInstanceOf(DocumentConflictException.class);
        assertThat(store.get("pkg:a").orElseThrow().body()).isEqualTo(json("{'n':1}"));
    }

    @Test
    void replacingAStaleRevisionConflictsAndKeepsTheBody() {
        Document first = store.put("pkg:a", null, json("{'n':1}"));
        Document second = store.put("pkg:a", first.rev(), json("{'n':2}"));

        assertThatThrownBy(() -> store.put("pkg:a", first.rev(), json("{'n':3}")))
                .isInstanceOf(DocumentConflictException.class);
        assertThat(store.get("pkg:a").orElseThrow()).isEqualTo(new Document("pkg:a", second.rev(), json("{'n':2}")));
    }

    @Test
    void replacingAMissingDocumentConflicts() {
        assertThatThrownBy(() -> store.put("pkg:a", NEVER_A_REVISION, json("{'n':1}")))
                .isInstanceOf(DocumentConflictException.class);
        assertThat(store.get("pkg:a")).isEmpty();
    }

    @Test
    void deletesWithTheRevision() {
        Document created = store.put("pkg:a", null, json("{'n':1}"));

        assertThat(store.delete("pkg:a", created.rev())).isTrue();
        assertThat(store.get("pkg:a")).isEmpty();
        assertThat(store.list("pkg:", null, 10).documents()).isEmpty();
    }

    @Test
    void deletingAStaleRevisionConflictsAndKeepsTheDocument() {
        Document first = store.put("pkg:a", null, json("{'n':1}"));
        Document second = store.put("pkg:a", first.rev(), json("{'n':2}"));

        assertThatThrownBy(() -> store.delete("pkg:a", first.rev())).isInstanceOf(DocumentConflictException.class);
        assertThatThrownBy(() -> store.delete("pkg:a", NEVER_A_REVISION)).isInstanceOf(DocumentConflictException.class);
        assertThat(store.get("pkg:a").orElseThrow().rev()).isEqualTo(second.rev());
    }

    @Test
    void deletingAMissingDocumentReturnsFalse() {
        Document created = store.put("pkg:a", null, json("{'n':1}"));
        store.delete("pkg:a", created.rev());

        assertThat(store.delete("pkg:a", created.rev())).isFalse();
        assertThat(store.delete("pkg:never", NEVER_A_REVISION)).isFalse();
    }

    @Test
    void aDeletedIdCanBeCreatedAgain() {
        Document first = store.put("pkg:a", null, json("{'n':1}"));
        store.delete("pkg:a", first.rev());

        store.put("pkg:a", null, json("{'n':2}"));
        assertThat(store.get("pkg:a").orElseThrow().body()).isEqualTo(json("{'n':2}"));
    }

    @Test
    void rejectsReservedIdsAndFields() {
        assertThatThrownBy(() -> store.put("_design", null, json("{}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("pkg a", null, json("{}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("pkg:a", null, json("{'_rev':'1-x'}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get("pkg:a")).isEmpty();
    }

    // --- update

    @Test
    void updateCreatesAnAbsentDocument() {
        List<ObjectNode> seen = new ArrayList<>();
        Optional<Document> result = store.update("pkg:a", current -> {
            seen.add(current);
            return json("{'n':1}");
        });

        assertThat(seen).containsOnlyNulls();
        assertThat(result).isPresent();
        assertThat(result.get().rev()).startsWith("1-");
        assertThat(store.get("pkg:a")).contains(result.get());
    }

    @Test
    void updateModifiesTheCurrentBody() {
        store.put("pkg:a", null, json("{'n':1,'keep':'me'}"));

        Document updated = store.update(
                        "pkg:a", current -> current.put("n", current.get("n").asInt() + 1))
                .orElseThrow();

        assertThat(updated.rev()).startsWith("2-");
        assertThat(store.get("pkg:a").orElseThrow().body()).isEqualTo(json("{'n':2,'keep':'me'}"));
    }

    @Test
    void updateReturningNullDeletes() {
        store.put("pkg:a", null, json("{'n':1}"));

        assertThat(store.update("pkg:a", current -> null)).isEmpty();
        assertThat(store.get("pkg:a")).isEmpty();
    }

    @Test
    void updateReturningNullForAnAbsentDocumentWritesNothing() {
        String before = store.currentSequence();

        assertThat(store.update("pkg:a", current -> null)).isEmpty();
        assertThat(store.get("pkg:a")).isEmpty();
        assertThat(store.currentSequence()).isEqualTo(before);
    }

    @Test
    void updateReturningAnEqualBodyWritesNothing() {
        Document created = store.put("pkg:a", null, json("{'n':1}"));
        String before = store.currentSequence();

        Document result = store.update("pkg:a", current -> current.put("n", 1)).orElseThrow();

        assertThat(result.rev()).isEqualTo(created.rev());
        assertThat(store.get("pkg:a").orElseThrow().rev()).isEqualTo(created.rev());
        assertThat(store.currentSequence()).isEqualTo(before);
    }

    @Test
    void concurrentUpdatesLoseNoIncrement() throws Exception {
        int threads = 8;
        int incrementsPerThread = 50;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < incrementsPerThread; i++) {
                        store.update("counter:downloads", current -> {
                            ObjectNode next = current == null ? mapper.createObjectNode() : current;
                            return next.put("count", next.path("count").asInt() + 1);
                        });
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        Document counter = store.get("counter:downloads").orElseThrow();
        assertThat(counter.body().get("count").asInt()).isEqualTo(threads * incrementsPerThread);
        assertThat(counter.rev()).startsWith(threads * incrementsPerThread + "-");
    }

    // --- writeAll

    @Test
    void writesABatchEachWriteOnItsOwn() {
        Document kept = store.put("gc:b", null, json("{'n':1}"));
        Document stale = store.put("gc:c", null, json("{'n':1}"));
        store.put("gc:c", stale.rev(), json("{'n':2}"));
        Document doomed = store.put("gc:d", null, json("{'n':1}"));

        List<WriteResult> results = store.writeAll(List.of(
                Write.put("gc:a", null, json("{'n':1}")),
                Write.put("gc:b", kept.rev(), json("{'n':2}")),
                Write.put("gc:c", stale.rev(), json("{'n':3}")),
                Write.delete("gc:d", doomed.rev()),
                Write.delete("gc:e", NEVER_A_REVISION),
                Write.put("gc:f", null, json("{'n':1}"))));

        assertThat(results).extracting(WriteResult::id).containsExactly("gc:a", "gc:b", "gc:c", "gc:d", "gc:e", "gc:f");
        assertThat(results).extracting(WriteResult::written).containsExactly(true, true, false, true, false, true);
        assertThat(store.get("gc:a").orElseThrow().rev())
                .isEqualTo(results.get(0).rev());
        assertThat(store.get("gc:b").orElseThrow().body().path("n").asInt()).isEqualTo(2);
        assertThat(store.get("gc:b").orElseThrow().rev())
                .isEqualTo(results.get(1).rev())
                .startsWith("2-");
        assertThat(store.get("gc:c").orElseThrow().body().path("n").asInt()).isEqualTo(2);
        assertThat(store.get("gc:d")).isEmpty();
        assertThat(store.get("gc:f")).isPresent();
        // a create over an existing document is a conflict, as with put
        assertThat(store.writeAll(List.of(Write.put("gc:a", null, json("{'n':9}"))))
                        .get(0)
                        .written())
                .isFalse();
    }

    @Test
    void aBatchOfAThousandWritesLandsAndIsAnnouncedInTheFeed() throws Exception {
        BlockingQueue<Change> seen = new LinkedBlockingQueue<>();
        try (ChangeSubscription subscription = store.subscribe(null, seen::add)) {
            List<Write> writes = new ArrayList<>();
            for (int i = 0; i < DocumentStore.MAX_WRITES; i++) {
                writes.add(Write.put(String.format("gc:doomed:%04d", i), null, json("{'state':'DOOMED'}")));
            }
            assertThat(store.writeAll(writes)).allMatch(WriteResult::written);
            assertThat(store.scan("gc:doomed:", 300).count()).isEqualTo(DocumentStore.MAX_WRITES);
            Set<String> announced = new HashSet<>();
            long deadline = System.nanoTime() + FEED_DEADLINE.multipliedBy(3).toNanos();
            while (System.nanoTime() < deadline && announced.size() < DocumentStore.MAX_WRITES) {
                Change next = seen.poll(100, TimeUnit.MILLISECONDS);
                if (next != null) {
                    announced.add(next.id());
                }
            }
            assertThat(announced).hasSize(DocumentStore.MAX_WRITES).allMatch(id -> id.startsWith("gc:doomed:"));
        }
    }

    @Test
    void refusesABatchTooLargeOrNamingADocumentTwice() {
        List<Write> tooMany = new ArrayList<>();
        for (int i = 0; i <= DocumentStore.MAX_WRITES; i++) {
            tooMany.add(Write.put("gc:" + i, null, json("{}")));
        }
        assertThatThrownBy(() -> store.writeAll(tooMany)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.writeAll(
                        List.of(Write.put("gc:x", null, json("{}")), Write.put("gc:x", null, json("{}")))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get("gc:0")).isEmpty();
        assertThat(store.get("gc:x")).isEmpty();
    }

    // --- list

    @Test
    void listReturnsExactlyThePrefixInIdOrder() {
        storeIds("b:a", "a;", "a:d", "ab", "a:", "a9", "a:c", "a", "a:b:c", "a:b");

        Page page = store.list("a:", null, 100);

        assertThat(ids(page)).containsExactly("a:", "a:b", "a:b:c", "a:c", "a:d");
        assertThat(page.next()).isNull();
        assertThat(page.documents().get(1)).isEqualTo(store.get("a:b").orElseThrow());
    }

    @Test
    void listPagesWithStartAfterAndNext() {
        storeIds("a9", "a:", "a:b", "a:b:c", "a:c", "a:d", "a;", "ab");

        Page first = store.list("a:", null, 2);
        assertThat(ids(first)).containsExactly("a:", "a:b");
        assertThat(first.next()).isEqualTo("a:b");

        Page second = store.list("a:", first.next(), 2);
        assertThat(ids(second)).containsExactly("a:b:c", "a:c");
        assertThat(second.next()).isEqualTo("a:c");

        Page last = store.list("a:", second.next(), 2);
        assertThat(ids(last)).containsExactly("a:d");
        assertThat(last.next()).isNull();
    }

    @Test
    void scanReadsEveryPageOfThePrefixInIdOrder() {
        storeIds("a9", "a:", "a:b", "a:b:c", "a:c", "a:d", "a;", "ab");

        assertThat(store.scan("a:", 2).map(Document::id)).containsExactly("a:", "a:b", "a:b:c", "a:c", "a:d");
        assertThat(store.scan("a:", 2).limit(1).map(Document::id)).containsExactly("a:");
        assertThat(store.scan("none:", 2)).isEmpty();
    }

    @Test
    void aFullLastPageHasNoNext() {
        storeIds("a:", "a:b", "a;");

        Page page = store.list("a:", null, 2);

        assertThat(ids(page)).containsExactly("a:", "a:b");
        assertThat(page.next()).isNull();
    }

    @Test
    void startAfterNeedNotBeAStoredId() {
        storeIds("a:", "a:b", "a:c", "a:d", "a;");

        assertThat(ids(store.list("a:", "a:bz", 10))).containsExactly("a:c", "a:d");
        assertThat(ids(store.list("a:", "a", 10))).containsExactly("a:", "a:b", "a:c", "a:d");
        assertThat(ids(store.list("a:", "a:d", 10))).isEmpty();
        assertThat(ids(store.list("a:", "a;", 10))).isEmpty();
    }

    @Test
    void listLeavesOutDeletedDocuments() {
        storeIds("a:1", "a:3");
        Document doomed = store.put("a:2", null, json("{}"));
        store.delete("a:2", doomed.rev());

        assertThat(ids(store.list("a:", null, 10))).containsExactly("a:1", "a:3");
    }

    // --- changes feed

    @Test
    void aFeedFromNowDeliversLaterCreatesUpdatesAndDeletes() throws Exception {
        store.put("c:earlier", null, json("{}"));
        Document toUpdate = store.put("c:2", null, json("{'n':1}"));
        Document toDelete = store.put("c:3", null, json("{}"));
        BlockingQueue<Change> received = new LinkedBlockingQueue<>();

        try (ChangeSubscription ignored = store.subscribe(null, received::add)) {
            store.put("c:1", null, json("{}"));
            store.put("c:2", toUpdate.rev(), json("{'n':2}"));
            store.delete("c:3", toDelete.rev());

            assertThat(describe(await(received, 3))).containsExactly("c:1", "c:2", "c:3 deleted");
        }
    }

    @Test
    void aFeedFromAnEarlierSequenceReplaysThenGoesLive() throws Exception {
        store.put("r:before", null, json("{}"));
        String since = store.currentSequence();
        Document first = store.put("r:1", null, json("{}"));
        store.put("r:2", null, json("{}"));
        store.delete("r:1", first.rev());
        BlockingQueue<Change> received = new LinkedBlockingQueue<>();

        try (ChangeSubscription ignored = store.subscribe(since, received::add)) {
            assertThat(describe(await(received, 2))).containsExactly("r:2", "r:1 deleted");

            store.put("r:3", null, json("{}"));
            assertThat(describe(await(received, 1))).containsExactly("r:3");
        }
    }

    @Test
    void aDeliveredSequenceResumesTheFeedAfterIt() throws Exception {
        String since = store.currentSequence();
        storeIds("s:1", "s:2", "s:3");
        BlockingQueue<Change> received = new LinkedBlockingQueue<>();
        Change firstChange;
        try (ChangeSubscription ignored = store.subscribe(since, received::add)) {
            firstChange = await(received, 1).get(0);
        }
        assertThat(firstChange.id()).isEqualTo("s:1");

        BlockingQueue<Change> resumed = new LinkedBlockingQueue<>();
        try (ChangeSubscription ignored = store.subscribe(firstChange.sequence(), resumed::add)) {
            assertThat(describe(await(resumed, 2))).containsExactly("s:2", "s:3");
        }
    }

    @Test
    void aClosedSubscriptionDeliversNothingMore() throws Exception {
        BlockingQueue<Change> received = new LinkedBlockingQueue<>();
        ChangeSubscription subscription = store.subscribe(null, received::add);
        store.put("q:1", null, json("{}"));
        assertThat(describe(await(received, 1))).containsExactly("q:1");

        subscription.close();
        store.put("q:2", null, json("{}"));

        assertThat(received.poll(QUIET_PERIOD.toMillis(), TimeUnit.MILLISECONDS))
                .isNull();
    }

    @Test
    void answersPing() {
        assertThat(store.ping()).isTrue();
    }

    // --- helpers

    protected ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) mapper.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    protected void storeIds(String... ids) {
        for (String id : ids) {
            store.put(id, null, json("{'id':'" + id + "'}"));
        }
    }

    protected static List<String> ids(Page page) {
        return page.documents().stream().map(Document::id).toList();
    }

    protected static List<String> describe(List<Change> changes) {
        return changes.stream()
                .map(c -> c.id() + (c.deleted() ? " deleted" : ""))
                .toList();
    }

    /** The next {@code count} changes, failing if they take longer than the feed deadline. */
    protected static List<Change> await(BlockingQueue<Change> queue, int count) throws InterruptedException {
        List<Change> changes = new ArrayList<>();
        long deadline = System.nanoTime() + FEED_DEADLINE.toNanos();
        while (changes.size() < count) {
            Change next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                fail("expected " + count + " changes within " + FEED_DEADLINE + ", got " + describe(changes));
            }
            changes.add(next);
        }
        return changes;
    }
}
