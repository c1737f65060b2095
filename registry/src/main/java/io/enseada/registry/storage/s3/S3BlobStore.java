package io.enseada.registry.storage.s3;

import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobNotFoundException;
import io.enseada.registry.storage.BlobPage;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.StorageLayout;
import io.enseada.registry.storage.StoredBlob;
import io.enseada.registry.storage.UploadOwner;
import io.enseada.registry.storage.UploadState;
import io.enseada.shared.json.Json;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Blobs as objects in one S3 bucket under a key prefix, laid out by {@link StorageLayout}. Writes
 * stream in parts of {@link S3PartSizes#partSize()}, so memory stays flat whatever the blob's size;
 * upload sessions live in the bucket, so every replica sees the same ones.
 */
public final class S3BlobStore implements BlobStore {
    private final S3Objects objects;
    private final S3BlobWriter writer;
    private final S3UploadSessions sessions;

    public S3BlobStore(S3Client client, String bucket, String prefix, S3PartSizes sizes, Clock clock) {
        this.objects = new S3Objects(client, bucket, prefix);
        this.writer = new S3BlobWriter(objects, sizes);
        this.sessions = new S3UploadSessions(objects, writer, sizes, clock, Json.newMapper());
    }

    /**
     * An S3 client for these settings, on the JDK's HTTP client.
     *
     * @param endpoint an S3-compatible server, or null for AWS
     * @param pathStyle true for servers that do not serve buckets as host names
     * @param secretAccessKey null to use the SDK's default credentials chain (environment, profile,
     *     instance role) and ignore {@code accessKeyId}
     */
    public static S3Client client(
            URI endpoint, String region, boolean pathStyle, String accessKeyId, String secretAccessKey) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region))
                .forcePathStyle(pathStyle);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (secretAccessKey != null) {
            builder.credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
        }
        return builder.build();
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) {
        return objects.size(StorageLayout.blob(digest)).map(size -> new BlobInfo(digest, size));
    }

    @Override
    public InputStream open(Digest digest, long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (length == 0) {
            // No Range header asks for nothing, so only the blob's existence is checked.
            stat(digest).orElseThrow(() -> new BlobNotFoundException(digest));
            return InputStream.nullInputStream();
        }
        String range =
                offset == 0 && length < 0 ? null : "bytes=" + offset + "-" + (length < 0 ? "" : offset + length - 1);
        return objects.read(StorageLayout.blob(digest), range).orElseThrow(() -> new BlobNotFoundException(digest));
    }

    @Override
    public BlobInfo put(InputStream content, Digest expected) {
        return writer.put(content, expected);
    }

    @Override
    public boolean delete(Digest digest) {
        String key = StorageLayout.blob(digest);
        // DeleteObject answers the same whether or not the object was there.
        if (objects.size(key).isEmpty()) {
            return false;
        }
        objects.delete(key);
        return true;
    }

    @Override
    public BlobPage list(Digest startAfter, int limit) {
        String after = startAfter == null ? null : StorageLayout.blob(startAfter);
        List<StoredBlob> page = new ArrayList<>();
        boolean more = true;
        // S3 may answer fewer keys than asked (1,000 at most), and keys that name no blob are skipped
        while (more && page.size() < limit) {
            S3Objects.Listing listing = objects.listAfter(StorageLayout.BLOBS, after, limit - page.size());
            for (S3Objects.Sized object : listing.objects()) {
                digestOf(object.key())
                        .ifPresent(digest -> page.add(new StoredBlob(digest, object.size(), object.lastModified())));
                after = object.key();
            }
            more = listing.truncated() && !listing.objects().isEmpty();
        }
        return new BlobPage(
                page, more && !page.isEmpty() ? page.get(page.size() - 1).digest() : null);
    }

    /** The digest a blob key names, or empty for a key that names none. */
    private static Optional<Digest> digestOf(String key) {
        String hex = key.substring(key.lastIndexOf('/') + 1);
        try {
            return Optional.of(new Digest(hex))
                    .filter(d -> StorageLayout.blob(d).equals(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void deleteAll(Collection<Digest> digests) {
        objects.deleteAll(digests.stream().map(StorageLayout::blob).toList());
    }

    @Override
    public UploadState createUpload(UploadOwner owner) {
        return sessions.create(owner);
    }

    @Override
    public Optional<UploadState> upload(String uploadId) {
        return sessions.find(uploadId).map(session -> session.progress().toState(uploadId));
    }

    @Override
    public UploadState append(String uploadId, long offset, InputStream content) {
        return sessions.append(uploadId, offset, content);
    }

    @Override
    public BlobInfo complete(String uploadId, Digest expected) {
        return sessions.complete(uploadId, expected);
    }

    @Override
    public boolean cancel(String uploadId) {
        return sessions.cancel(uploadId);
    }

    /**
     * Also sweeps temp objects and orphaned multipart uploads older than {@code cutoff}; a put still
     * running since before the cutoff loses its multipart upload and fails, so keep the cutoff generous.
     */
    @Override
    public int purgeUploads(Instant cutoff) {
        return sessions.purge(cutoff);
    }

    @Override
    public boolean ping() {
        return objects.bucketAnswers();
    }
}
