package io.enseada.registry.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.BlobStoreContract;
import io.enseada.registry.storage.Sha256;
import io.enseada.registry.storage.StorageLayout;
import io.enseada.shared.testing.ManualClock;
import io.enseada.shared.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class S3BlobStoreTest extends BlobStoreContract {
    private static final String PREFIX = "registry/";

    private S3ProxyServer server;
    private S3Client client;

    @BeforeEach
    void startServer() throws Exception {
        server = S3ProxyServer.start(new TransientNio2BlobStore());
        client = S3BlobStore.client(
                server.endpoint(), S3ProxyServer.REGION, true, S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL);
    }

    @AfterEach
    void stopServer() throws Exception {
        client.close();
        server.close();
    }

    @Override
    protected BlobStore newStore(Clock clock) {
        return new S3BlobStore(client, S3ProxyServer.BUCKET, PREFIX, S3PartSizes.defaults(), clock);
    }

    /** The whole bucket, so a key written outside the prefix shows up whole and fails the test. */
    @Override
    protected List<String> storedKeys() {
        Stream<String> objects = client.listObjectsV2Paginator(b -> b.bucket(S3ProxyServer.BUCKET)).contents().stream()
                .map(object -> withoutPrefix(object.key()));
        Stream<String> multiparts =
                client.listMultipartUploadsPaginator(b -> b.bucket(S3ProxyServer.BUCKET)).uploads().stream()
                        .map(upload -> "multipart upload to " + withoutPrefix(upload.key()));
        return Stream.concat(objects, multiparts).sorted().toList();
    }

    @Test
    void blobsAboveTheCopyLimitAreCopiedInParts() {
        S3PartSizes smallCopies = new S3PartSizes(8 * MIB, 5 * MIB, 6L * MIB, 5L * MIB);
        BlobStore store = new S3BlobStore(client, S3ProxyServer.BUCKET, PREFIX, smallCopies, Clock.systemUTC());
        byte[] content = randomBytes(13 * MIB + 3, 30);
        String id = store.createUpload(OWNER).id();
        store.append(id, 0, new ByteArrayInputStream(content));

        BlobInfo stored = store.complete(id, Sha256.of(content));

        assertThat(read(store.open(stored.digest()))).isEqualTo(content);
        assertThat(storedKeys()).containsExactly(StorageLayout.blob(stored.digest()));
    }

    @Test
    void purgeSweepsWhatCrashedWritesLeftButNotLiveSessions() {
        Instant now = Instant.now();
        String crashedPutKey = StorageLayout.blob(Sha256.of(new byte[] {1}));
        client.createMultipartUpload(b -> b.bucket(S3ProxyServer.BUCKET).key(PREFIX + crashedPutKey));
        client.putObject(
                b -> b.bucket(S3ProxyServer.BUCKET).key(PREFIX + StorageLayout.temp("crashed")),
                RequestBody.fromBytes(new byte[10]));
        // A session written "tomorrow" is live at the cutoff, though its multipart upload began before it.
        ManualClock tomorrow = new ManualClock(now.plus(Duration.ofDays(1)));
        BlobStore store = newStore(tomorrow);
        byte[] content = randomBytes(9 * MIB, 31);
        String live = store.createUpload(OWNER).id();
        store.append(live, 0, new ByteArrayInputStream(content));

        assertThat(store.purgeUploads(now.plus(Duration.ofHours(1)))).isZero();

        assertThat(storedKeys())
                .noneMatch(key -> key.endsWith(crashedPutKey) || key.startsWith(StorageLayout.TEMP))
                .contains("multipart upload to " + StorageLayout.uploadData(live));
        BlobInfo stored = store.complete(live, Sha256.of(content));
        assertThat(read(store.open(stored.digest()))).isEqualTo(content);
    }

    private static String withoutPrefix(String key) {
        return key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
    }
}
