package io.enseada.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enseada.shared.testing.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} backend must do, run once per backend by a subclass. Chunk sizes
 * straddle S3's 5 MiB minimum part size and the 8 MiB part buffer, so the S3 backend goes through
 * pending tails, short parts and full parts.
 */
public abstract class BlobStoreContract {
    protected static final int MIB = 1024 * 1024;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    protected static final UploadOwner OWNER = new UploadOwner("oci:containers/app", "user:alice");

    /** A store over this test's backend; every call is another replica over the same storage. */
    protected abstract BlobStore newStore(Clock clock);

    /** Everything the backend holds, relative to the store's root, sorted: files, objects, unfinished multipart uploads. */
    protected abstract List<String> storedKeys();

    protected BlobStore newStore() {
        return newStore(Clock.systemUTC());
    }

    @Test
    void putThenStatAndOpenGiveTheBytesBack() {
        BlobStore store = newStore();
        byte[] content = randomBytes(1000, 1);
        Digest digest = Sha256.of(content);

        BlobInfo stored = store.put(new ByteArrayInputStream(content), digest);

        assertThat(stored).isEqualTo(new BlobInfo(digest, 1000));
        assertThat(store.stat(digest)).contains(stored);
        assertThat(store.exists(digest)).isTrue();
        assertThat(read(store.open(digest))).isEqualTo(content);
        assertThat(storedKeys()).containsExactly(StorageLayout.blob(digest));
    }

    @Test
    void putWithoutExpectedDigestStoresUnderWhatTheBytesHashTo() {
        BlobStore store = newStore();
        for (int size : new int[] {0, 100, 9 * MIB + 7}) {
            byte[] content = randomBytes(size, size);

            BlobInfo stored = store.put(new ByteArrayInputStream(content), null);

            assertThat(stored).isEqualTo(new BlobInfo(Sha256.of(content), size));
            assertThat(read(store.open(stored.digest()))).isEqualTo(content);
        }
        assertThat(storedKeys()).hasSize(3).allMatch(key -> key.startsWith(StorageLayout.BLOBS));
    }

    @Test
    void putOfBytesThatDoNotMatchTheExpectedDigestKeepsNothing() {
        BlobStore store = newStore();
        for (int size : new int[] {10, 9 * MIB + 7}) {
            byte[] content = randomBytes(size, 2);
            Digest claimed = Sha256.of(randomBytes(size, 3));

            assertThatThrownBy(() -> store.put(new ByteArrayInputStream(content), claimed))
                    .isInstanceOfSatisfying(DigestMismatchException.class, e -> {
                        assertThat(e.expected()).isEqualTo(claimed);
                        assertThat(e.actual()).isEqualTo(Sha256.of(content));
                    });

            assertThat(store.stat(claimed)).isEmpty();
            assertThat(store.stat(Sha256.of(content))).isEmpty();
        }
        assertThat(storedKeys()).isEmpty();
    }

    @Test
    void putThatFailsWhileReadingKeepsNothing() {
        BlobStore store = newStore();
        byte[] head = randomBytes(9 * MIB, 4);

        assertThatThrownBy(() -> store.put(failingAfter(head), null)).isInstanceOf(StorageException.class);

        assertThat(storedKeys()).isEmpty();
    }

    @Test
    void putOfStoredContentKeepsOneCopy() {
        BlobStore store = newStore();
        byte[] content = randomBytes(2000, 5);
        Digest digest = Sha256.of(content);

        BlobInfo first = store.put(new ByteArrayInputStream(content), digest);
        BlobInfo second = store.put(new ByteArrayInputStream(content), digest);
        BlobInfo third = store.put(new ByteArrayInputStream(content), null);

        assertThat(List.of(first, second, third)).containsOnly(new BlobInfo(digest, 2000));
        assertThat(storedKeys()).containsExactly(StorageLayout.blob(digest));
        assertThat(read(store.open(digest))).isEqualTo(content);
    }

    @Test
    void putOfStoredDigestStillChecksTheBytes() {
        BlobStore store = newStore();
        byte[] content = randomBytes(2000, 6);
        Digest digest = Sha256.of(content);
        store.put(new ByteArrayInputStream(content), digest);

        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(randomBytes(2000, 7)), digest))
                .isInstanceOf(DigestMismatchException.class);

        assertThat(read(store.open(digest))).isEqualTo(content);
    }

    @Test
    void rangedReadsReturnTheRequestedSlice() {
        BlobStore store = newStore();
        byte[] content = randomBytes(1000, 8);
        Digest digest = store.put(new ByteArrayInputStream(content), null).digest();

        assertThat(read(store.open(digest, 100, 200))).isEqualTo(Arrays.copyOfRange(content, 100, 300));
        assertThat(read(store.open(digest, 900, -1))).isEqualTo(Arrays.copyOfRange(content, 900, 1000));
        assertThat(read(store.open(digest, 0, 1000))).isEqualTo(content);
        assertThat(read(store.open(digest, 999, 1))).containsExactly(content[999]);
        assertThat(read(store.open(digest, 950, 500)))
                .as("cut at the end")
                .isEqualTo(Arrays.copyOfRange(content, 950, 1000));
        assertThat(read(store.open(digest, 500, 0))).as("zero length").isEmpty();
        assertThat(read(store.open(digest, 1000, -1))).as("from the end").isEmpty();
        assertThat(read(store.open(digest, 1000, 10)))
                .as("from the end, bounded")
                .isEmpty();
        assertThat(read(store.open(digest, 5000, 10))).as("past the end").isEmpty();
        assertThatThrownBy(() -> store.open(digest, -1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangedReadsOfAnEmptyBlobAreEmpty() {
        BlobStore store = newStore();
        Digest digest = store.put(InputStream.nullInputStream(), null).digest();

        assertThat(digest).isEqualTo(Sha256.of(new byte[0]));
        assertThat(read(store.open(digest))).isEmpty();
        assertThat(read(store.open(digest, 0, 10))).isEmpty();
        assertThat(read(store.open(digest, 0, 0))).isEmpty();
    }

    @Test
    void openOfAMissingBlobThrows() {
        BlobStore store = newStore();
        Digest missing = Sha256.of(randomBytes(10, 9));

        assertThat(store.stat(missing)).isEmpty();
        assertThat(store.exists(missing)).isFalse();
        assertThatThrownBy(() -> store.open(missing)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.open(missing, 5, 10)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.open(missing, 0, 0)).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void deleteRemovesTheBlob() {
        BlobStore store = newStore();
        Digest digest =
                store.put(new ByteArrayInputStream(randomBytes(100, 10)), null).digest();

        assertThat(store.delete(digest)).isTrue();

        assertThat(store.stat(digest)).isEmpty();
        assertThatThrownBy(() -> store.open(digest)).isInstanceOf(BlobNotFoundException.class);
        assertThat(store.delete(digest)).isFalse();
        assertThat(storedKeys()).isEmpty();
    }

    @Test
    void sessionOfChunksOfOddSizesCompletesToTheirDigest() {
        BlobStore store = newStore();
        List<byte[]> chunks = chunks(11, 6 * MIB, 1, 0, 3 * MIB + 5, 6 * MIB + 3, 1000, 9 * MIB + 1);
        byte[] content = concat(chunks);
        UploadState started = store.createUpload(OWNER);
        assertThat(started.size()).isZero();

        long offset = 0;
        for (byte[] chunk : chunks) {
            UploadState state = store.append(started.id(), offset, new ByteArrayInputStream(chunk));
            offset += chunk.length;
            assertThat(state.size()).isEqualTo(offset);
            assertSize(store, started.id(), offset);
        }
        BlobInfo stored = store.complete(started.id(), Sha256.of(content));

        assertThat(stored).isEqualTo(new BlobInfo(Sha256.of(content), content.length));
        assertThat(read(store.open(stored.digest()))).isEqualTo(content);
        assertThat(store.upload(started.id())).isEmpty();
        assertThat(storedKeys()).containsExactly(StorageLayout.blob(stored.digest()));
    }

    @Test
    void sessionsOfOneSmallChunkAndOfNothingComplete() {
        BlobStore store = newStore();
        byte[] small = randomBytes(10, 12);
        String withChunk = store.createUpload(OWNER).id();
        store.append(withChunk, 0, new ByteArrayInputStream(small));
        String empty = store.createUpload(OWNER).id();

        assertThat(store.complete(withChunk, Sha256.of(small))).isEqualTo(new BlobInfo(Sha256.of(small), 10));
        assertThat(store.complete(empty, Sha256.of(new byte[0]))).isEqualTo(new BlobInfo(Sha256.of(new byte[0]), 0));

        assertThat(read(store.open(Sha256.of(small)))).isEqualTo(small);
        assertThat(read(store.open(Sha256.of(new byte[0])))).isEmpty();
        assertThat(storedKeys())
                .containsExactlyInAnyOrder(
                        StorageLayout.blob(Sha256.of(small)), StorageLayout.blob(Sha256.of(new byte[0])));
    }

    @Test
    void appendAtTheWrongOffsetAppendsNothing() {
        BlobStore store = newStore();
        List<byte[]> chunks = chunks(13, 100, 6 * MIB);
        String id = store.createUpload(OWNER).id();
        store.append(id, 0, new ByteArrayInputStream(chunks.get(0)));

        for (long wrong : new long[] {0, 50, 101}) {
            assertThatThrownBy(() -> store.append(id, wrong, new ByteArrayInputStream(chunks.get(1))))
                    .isInstanceOfSatisfying(
                            UploadOffsetException.class,
                            e -> assertThat(e.currentSize()).isEqualTo(100));
        }

        assertSize(store, id, 100L);
        store.append(id, 100, new ByteArrayInputStream(chunks.get(1)));
        assertThat(read(store.open(store.complete(id, Sha256.of(concat(chunks))).digest())))
                .isEqualTo(concat(chunks));
    }

    @Test
    void appendThatFailsWhileReadingLeavesTheSessionAsItWas() {
        BlobStore store = newStore();
        List<byte[]> chunks = chunks(14, 3 * MIB, 7 * MIB);
        String id = store.createUpload(OWNER).id();
        store.append(id, 0, new ByteArrayInputStream(chunks.get(0)));

        assertThatThrownBy(() -> store.append(id, 3 * MIB, failingAfter(randomBytes(9 * MIB, 15))))
                .isInstanceOf(StorageException.class);

        assertSize(store, id, 3L * MIB);
        store.append(id, 3 * MIB, new ByteArrayInputStream(chunks.get(1)));
        BlobInfo stored = store.complete(id, Sha256.of(concat(chunks)));
        assertThat(read(store.open(stored.digest()))).isEqualTo(concat(chunks));
        assertThat(storedKeys()).containsExactly(StorageLayout.blob(stored.digest()));
    }

    @Test
    void completeAfterAFailedAppendStoresOnlyTheBytesCounted() {
        BlobStore store = newStore();
        byte[] counted = randomBytes(3 * MIB, 23);
        String id = store.createUpload(OWNER).id();
        store.append(id, 0, new ByteArrayInputStream(counted));

        assertThatThrownBy(() -> store.append(id, 3 * MIB, failingAfter(randomBytes(9 * MIB, 24))))
                .isInstanceOf(StorageException.class);
        BlobInfo stored = store.complete(id, Sha256.of(counted));

        assertThat(stored).isEqualTo(new BlobInfo(Sha256.of(counted), counted.length));
        assertThat(read(store.open(stored.digest()))).isEqualTo(counted);
        assertThat(storedKeys()).containsExactly(StorageLayout.blob(stored.digest()));
    }

    @Test
    void completeWithTheWrongDigestKeepsNothing() {
        BlobStore store = newStore();
        List<byte[]> chunks = chunks(16, 6 * MIB, 3 * MIB);
        String id = store.createUpload(OWNER).id();
        store.append(id, 0, new ByteArrayInputStream(chunks.get(0)));
        store.append(id, 6 * MIB, new ByteArrayInputStream(chunks.get(1)));
        Digest claimed = Sha256.of(randomBytes(10, 17));

        assertThatThrownBy(() -> store.complete(id, claimed))
                .isInstanceOfSatisfying(
                        DigestMismatchException.class,
                        e -> assertThat(e.actual()).isEqualTo(Sha256.of(concat(chunks))));

        assertThat(store.upload(id)).isEmpty();
        assertThat(store.stat(claimed)).isEmpty();
        assertThat(store.stat(Sha256.of(concat(chunks)))).isEmpty();
        assertThat(storedKeys()).isEmpty();
    }

    @Test
    void sessionContinuesOnAnotherReplica() {
        BlobStore first = newStore();
        BlobStore second = newStore();
        List<byte[]> chunks = chunks(18, 3 * MIB, 6 * MIB + 1, 2 * MIB + 3, 5);
        String id = first.createUpload(OWNER).id();

        first.append(id, 0, new ByteArrayInputStream(chunks.get(0)));
        second.append(id, 3 * MIB, new ByteArrayInputStream(chunks.get(1)));
        first.append(id, 9 * MIB + 1, new ByteArrayInputStream(chunks.get(2)));
        assertSize(second, id, 11L * MIB + 4);
        second.append(id, 11 * MIB + 4, new ByteArrayInputStream(chunks.get(3)));
        BlobInfo stored = first.complete(id, Sha256.of(concat(chunks)));

        assertThat(stored.size()).isEqualTo(11L * MIB + 9);
        assertThat(read(second.open(stored.digest()))).isEqualTo(concat(chunks));
    }

    @Test
    void cancelRemovesTheSession() {
        BlobStore store = newStore();
        String id = store.createUpload(OWNER).id();
        store.append(id, 0, new ByteArrayInputStream(randomBytes(6 * MIB + 10, 19)));

        assertThat(store.cancel(id)).isTrue();

        assertThat(store.upload(id)).isEmpty();
        assertThatThrownBy(() -> store.append(id, 6 * MIB + 10, new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(UploadNotFoundException.class);
        assertThatThrownBy(() -> store.complete(id, Sha256.of(new byte[0])))
                .isInstanceOf(UploadNotFoundException.class);
        assertThat(store.cancel(id)).isFalse();
        assertThat(storedKeys()).isEmpty();
    }

    @Test
    void unknownAndMalformedSessionIdsAreNotFound() {
        BlobStore store = newStore();
        String unknown = StorageLayout.newUploadId();

        for (String id : List.of(unknown, "../../blobs", "", "not-an-id")) {
            assertThat(store.upload(id)).isEmpty();
            assertThat(store.cancel(id)).isFalse();
            assertThatThrownBy(() -> store.append(id, 0, new ByteArrayInputStream(new byte[1])))
                    .isInstanceOf(UploadNotFoundException.class);
            assertThatThrownBy(() -> store.complete(id, Sha256.of(new byte[0])))
                    .isInstanceOf(UploadNotFoundException.class);
        }
        assertThat(storedKeys()).isEmpty();
    }

    @Test
    void purgeRemovesSessionsLastWrittenBeforeTheCutoff() {
        ManualClock clock = new ManualClock(START);
        BlobStore store = newStore(clock);
        String stale = store.createUpload(OWNER).id();
        store.append(stale, 0, new ByteArrayInputStream(randomBytes(10, 20)));
        String revived = store.createUpload(OWNER).id();
        clock.advance(Duration.ofHours(2));
        store.append(revived, 0, new ByteArrayInputStream(randomBytes(10, 21)));
        String fresh = store.createUpload(OWNER).id();

        assertThat(store.purgeUploads(START)).isZero();
        assertThat(store.purgeUploads(START.plus(Duration.ofHours(1)))).isEqualTo(1);

        assertThat(store.upload(stale)).isEmpty();
        assertSize(store, revived, 10L);
        assertThat(store.upload(fresh)).isPresent();
        assertThat(store.purgeUploads(START.plus(Duration.ofHours(3)))).isEqualTo(2);
        assertThat(storedKeys()).isEmpty();
    }

    @Test
    void sessionStateCarriesItsTimes() {
        ManualClock clock = new ManualClock(START);
        BlobStore store = newStore(clock);
        String id = store.createUpload(OWNER).id();
        clock.advance(Duration.ofMinutes(5));

        UploadState appended = store.append(id, 0, new ByteArrayInputStream(new byte[3]));

        assertThat(appended).isEqualTo(new UploadState(id, 3, START, START.plus(Duration.ofMinutes(5)), OWNER));
        assertThat(newStore().upload(id)).contains(appended);
    }

    @Test
    void everyReplicaSeesTheOwnerASessionWasCreatedFor() {
        BlobStore first = newStore();
        UploadOwner other = new UploadOwner("oci:containers/other", "user:bob");
        String alices = first.createUpload(OWNER).id();
        String bobs = first.createUpload(other).id();
        first.append(alices, 0, new ByteArrayInputStream(randomBytes(6 * MIB + 1, 25)));

        BlobStore second = newStore();
        second.append(alices, 6 * MIB + 1, new ByteArrayInputStream(randomBytes(10, 26)));
        UploadState state = newStore().upload(alices).orElseThrow();

        assertThat(state.owner()).isEqualTo(OWNER);
        assertThat(state.ownedBy(OWNER)).isTrue();
        assertThat(state.ownedBy(other)).isFalse();
        assertThat(state.ownedBy(new UploadOwner(OWNER.target(), "user:bob"))).isFalse();
        assertThat(second.upload(bobs).orElseThrow().owner()).isEqualTo(other);
    }

    @Test
    void concurrentPutsOfTheSameContentEndWithOneBlob() throws Exception {
        BlobStore store = newStore();
        byte[] content = randomBytes(9 * MIB, 22);
        Digest digest = Sha256.of(content);
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<BlobInfo>> puts = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Digest expected = i % 2 == 0 ? digest : null;
                puts.add(pool.submit(() -> {
                    start.await();
                    return store.put(new ByteArrayInputStream(content), expected);
                }));
            }
            for (Future<BlobInfo> put : puts) {
                assertThat(put.get(2, TimeUnit.MINUTES)).isEqualTo(new BlobInfo(digest, content.length));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(storedKeys()).containsExactly(StorageLayout.blob(digest));
        assertThat(read(store.open(digest))).isEqualTo(content);
    }

    @Test
    void pingAnswers() {
        assertThat(newStore().ping()).isTrue();
    }

    private static void assertSize(BlobStore store, String uploadId, long size) {
        assertThat(store.upload(uploadId)).get().extracting(UploadState::size).isEqualTo(size);
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    protected static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aListingPagesThroughEveryBlobInDigestOrderWithItsSizeAndWhenItWasStored() {
        BlobStore store = newStore();
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<StoredBlob> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            byte[] content = randomBytes(100 + i * 37, 40 + i);
            BlobInfo stored = store.put(new ByteArrayInputStream(content), null);
            expected.add(new StoredBlob(stored.digest(), stored.size(), null));
        }
        // an upload session in progress is no blob
        String session = store.createUpload(OWNER).id();
        store.append(session, 0, new ByteArrayInputStream(randomBytes(1000, 99)));
        Instant after = Instant.now().plusSeconds(1);

        List<StoredBlob> listed = new ArrayList<>();
        Digest next = null;
        int pages = 0;
        do {
            BlobPage page = store.list(next, 5);
            assertThat(page.blobs()).hasSizeLessThanOrEqualTo(5);
            listed.addAll(page.blobs());
            next = page.next();
            pages++;
        } while (next != null);

        assertThat(pages).isEqualTo(5);
        assertThat(listed)
                .extracting(StoredBlob::digest)
                .containsExactlyElementsOf(expected.stream()
                        .map(StoredBlob::digest)
                        .sorted(java.util.Comparator.comparing(Digest::hex))
                        .toList());
        assertThat(listed).allSatisfy(blob -> {
            assertThat(blob.size())
                    .isEqualTo(store.stat(blob.digest()).orElseThrow().size());
            assertThat(blob.stored()).isBetween(before, after);
        });
        assertThat(store.list(listed.get(listed.size() - 1).digest(), 5)).isEqualTo(new BlobPage(List.of(), null));
    }

    @Test
    void deleteAllRemovesExactlyTheBlobsNamedEvenPastOneRequestsWorth() {
        BlobStore store = newStore();
        List<Digest> stored = new ArrayList<>();
        for (int i = 0; i < 1010; i++) {
            stored.add(store.put(new ByteArrayInputStream(randomBytes(16, 1000 + i)), null)
                    .digest());
        }
        // pages of a thousand, as the garbage collector lists, past S3's own thousand keys a request
        BlobPage first = store.list(null, 1000);
        assertThat(first.blobs()).hasSize(1000);
        assertThat(first.next()).isNotNull();
        assertThat(store.list(first.next(), 1000).blobs()).hasSize(10);
        List<Digest> doomed = new ArrayList<>(stored.subList(0, 1005));
        doomed.add(Sha256.of(randomBytes(16, 1)));

        store.deleteAll(doomed);

        assertThat(storedKeys())
                .containsExactlyInAnyOrderElementsOf(stored.subList(1005, 1010).stream()
                        .map(StorageLayout::blob)
                        .toList());
        assertThat(store.stat(stored.get(0))).isEmpty();
        assertThat(store.stat(stored.get(1009))).isPresent();
        store.deleteAll(doomed);
        assertThat(storedKeys()).hasSize(5);
    }

    /** Gives {@code head}, then fails as a dropped connection would. */
    protected static InputStream failingAfter(byte[] head) {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream(head), broken);
    }

    private static List<byte[]> chunks(long seed, int... sizes) {
        List<byte[]> chunks = new ArrayList<>();
        for (int size : sizes) {
            chunks.add(randomBytes(size, seed++));
        }
        return chunks;
    }

    private static byte[] concat(List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
