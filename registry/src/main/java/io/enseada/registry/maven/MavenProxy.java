package io.enseada.registry.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.errors.UpstreamUnavailableException;
import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.upstream.FirstClient;
import io.enseada.registry.upstream.ProxyCache;
import io.enseada.registry.upstream.ProxyMetrics;
import io.enseada.registry.upstream.SingleFlight;
import io.enseada.registry.upstream.StreamedFill;
import io.enseada.registry.upstream.UpstreamClient;
import io.enseada.registry.upstream.UpstreamMiss;
import io.enseada.registry.upstream.UpstreamResponse;
import io.enseada.shared.model.ProxyOptions;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.DocumentStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of a proxy repository: what is cached is served as a hosted repository serves it; what is
 * not is fetched from the upstream once (however many builds ask at the same time), checked
 * against the upstream's {@code .sha1} when it has one, and recorded. Release files are then
 * immutable; {@code maven-metadata.xml} and non-unique snapshot files are trusted for
 * {@code metadataMaxAge}, and served stale when the upstream is down.
 */
final class MavenProxy {
    private static final Logger LOG = LoggerFactory.getLogger(MavenProxy.class);
    private static final int MAX_METADATA_BYTES = 1 << 20;
    private static final int MAX_CHECKSUM_BYTES = 1024;
    private static final String FETCHED_BY = "proxy";

    private final MavenService hosted;
    private final DocumentStore documents;
    private final BlobStore blobs;
    private final UpstreamClient upstream;
    private final ObjectMapper json;
    private final Clock clock;
    private final ProxyMetrics metrics;
    private final ProxyCache cache;
    private final SingleFlight<String, Boolean> fills = new SingleFlight<>();
    private final RequestStamps stamps;

    MavenProxy(
            MavenService hosted,
            DocumentStore documents,
            BlobStore blobs,
            UpstreamClient upstream,
            ProxyMetrics metrics,
            RequestStamps stamps,
            ObjectMapper json,
            Clock clock) {
        this.stamps = stamps;
        this.metrics = metrics;
        this.cache = new ProxyCache(metrics, clock);
        this.hosted = hosted;
        this.documents = documents;
        this.blobs = blobs;
        this.upstream = upstream;
        this.json = json;
        this.clock = clock;
    }

    MavenResults.Resolved resolve(MavenRequests.Resolve request) {
        RepositorySpec repository = request.repository();
        MavenPath path = request.path();
        if (path.isRoot()) {
            return hosted.resolve(request);
        }
        Optional<ChecksumAlgorithm> checksum = ChecksumAlgorithm.ofChecksumFile(path.name());
        MavenPath checked =
                checksum.map(a -> path.withName(a.checkedFile(path.name()))).orElse(path);
        if (checked.name().equals(MavenService.METADATA_FILE)) {
            CachedMetadata metadata = metadata(repository, checked.parent());
            byte[] bytes = checksum.isPresent()
                    ? metadata.checksums().get(checksum.get()).getBytes(StandardCharsets.US_ASCII)
                    : metadata.xml().getBytes(StandardCharsets.UTF_8);
            return new MavenResults.Text(
                    path.name(), bytes, checksum.isPresent() ? null : metadata.checksums(), metadata.fetched());
        }
        if (!isDirectory(repository, checked)) {
            // a checksum file is computed from the stored file, which the client is not being sent
            ensureFile(repository, checked, checksum.isPresent() ? FirstClient.NONE : request.first());
            stamps.requested(MavenDocumentIds.file(repository.name(), checked));
        }
        return hosted.resolve(request);
    }

    /** Upstream metadata as of at most {@code metadataMaxAge} ago, or older when the upstream is down. */
    CachedMetadata metadata(RepositorySpec repository, MavenPath directory) {
        String id = MavenDocumentIds.upstreamMetadata(repository.name(), directory);
        Optional<CachedMetadata> cached = documents.get(id).map(d -> read(d.body(), CachedMetadata.class));
        if (cached.isPresent()
                && cache.fresh(cached.get().fetched(), repository.proxy().metadataMaxAge())) {
            metrics.record(repository.name(), ProxyMetrics.Result.HIT);
            return cached.get();
        }
        MavenPath file = directory.child(MavenService.METADATA_FILE);
        try {
            fills.load(id, () -> {
                fetchMetadata(repository, directory, file, id);
                return true;
            });
        } catch (UpstreamUnavailableException e) {
            return cache.staleOrFail(repository.name(), file, cached, e);
        }
        return documents.get(id).map(d -> read(d.body(), CachedMetadata.class)).orElseThrow(() -> notFound(file));
    }

    private void fetchMetadata(RepositorySpec repository, MavenPath directory, MavenPath file, String id) {
        ProxyOptions proxy = repository.proxy();
        if (recentlyMissing(repository, file)) {
            throw notFound(file);
        }
        metrics.record(repository.name(), ProxyMetrics.Result.MISS);
        try (UpstreamResponse response = upstream.get(repository, file.toString(), Map.of())) {
            if (response.notFound()) {
                rememberMiss(repository, file);
                documents.update(id, current -> null);
                throw notFound(file);
            }
            requireOk(proxy, response, file);
            byte[] bytes = response.bytes(MAX_METADATA_BYTES);
            MetadataXml.parse(bytes); // what is not Maven metadata is not cached
            CachedMetadata fetched =
                    new CachedMetadata(new String(bytes, StandardCharsets.UTF_8), Checksums.of(bytes), clock.instant());
            ObjectNode body = json.valueToTree(fetched);
            documents.update(id, current -> body);
        } catch (MavenException e) {
            if (e.kind() == MavenException.Kind.INVALID) {
                throw unusable(proxy, file, "its maven-metadata.xml is not Maven metadata");
            }
            throw e;
        }
    }

    /** A directory the cache already knows as one (a listing, not a file to fetch). */
    private boolean isDirectory(RepositorySpec repository, MavenPath path) {
        return documents
                        .list(MavenDocumentIds.filesUnder(repository.name(), path), null, 1)
                        .documents()
                        .size()
                > 0;
    }

    private void ensureFile(RepositorySpec repository, MavenPath path, FirstClient first) {
        String id = MavenDocumentIds.file(repository.name(), path);
        Optional<FileRecord> cached = documents.get(id).map(d -> read(d.body(), FileRecord.class));
        if (cached.isPresent()
                && (!mutable(path)
                        || cache.fresh(
                                cached.get().deployed(), repository.proxy().metadataMaxAge()))) {
            metrics.record(repository.name(), ProxyMetrics.Result.HIT);
            return;
        }
        try {
            fills.load(id, () -> {
                fetchFile(repository, path, id, cached.orElse(null), first);
                return true;
            });
        } catch (UpstreamUnavailableException e) {
            cache.staleOrFail(repository.name(), path, cached, e);
        }
    }

    private void fetchFile(RepositorySpec repository, MavenPath path, String id, FileRecord stale, FirstClient first) {
        Optional<FileRecord> now = documents.get(id).map(d -> read(d.body(), FileRecord.class));
        if (now.isPresent() && !now.get().sameFill(stale)) {
            return; // filled by another replica or request meanwhile
        }
        Optional<UpstreamMiss> miss = stale == null ? miss(repository, path) : Optional.empty();
        if (miss.isPresent() && cache.fresh(miss.get().at(), repository.proxy().negativeCacheTtl())) {
            throw notFound(path);
        }
        ProxyOptions proxy = repository.proxy();
        metrics.record(repository.name(), ProxyMetrics.Result.MISS);
        try (UpstreamResponse response = upstream.get(repository, path.toString(), Map.of())) {
            if (response.notFound()) {
                rememberMiss(repository, path);
                throw notFound(path);
            }
            requireOk(proxy, response, path);
            // the file exists: its .sha1 comes while its body does, not one round trip after it
            CompletableFuture<Optional<String>> published = upstream.alongside(() -> upstreamSha1(repository, path));
            StreamedFill fill = StreamedFill.of(response, first);
            UploadChecksums sums = new UploadChecksums();
            BlobInfo blob;
            try {
                blob = blobs.put(sums.wrap(fill), null);
            } catch (RuntimeException e) {
                if (fill.upstreamFailure() != null) {
                    throw UpstreamResponse.bodyFailed(
                            proxy.url().getHost(), "the body of " + path, fill.upstreamFailure());
                }
                throw e;
            }
            Checksums checksums = sums.checksums(blob.digest().hex());
            Optional<String> sha1 = joined(published);
            if (sha1.isPresent() && !sha1.get().equals(checksums.sha1())) {
                // the blob stays unreferenced: another repository may hold the same bytes
                throw unusable(
                        proxy,
                        path,
                        "its sha1 is " + checksums.sha1() + " but the upstream's .sha1 says " + sha1.get());
            }
            FileRecord record = new FileRecord(
                    blob.digest().toString(), blob.size(), checksums, clock.instant(), FETCHED_BY, clock.instant());
            ObjectNode body = json.valueToTree(record);
            documents.update(id, current -> body);
            // a stale file may have been missing upstream meanwhile; a first fill deletes only a miss it found
            if (stale != null || miss.isPresent()) {
                documents.update(MavenDocumentIds.upstreamMiss(repository.name(), path), current -> null);
            }
            fill.release();
        }
    }

    /** What a request made {@link UpstreamClient#alongside alongside} answered, or the failure it threw. */
    private static <T> T joined(CompletableFuture<T> request) {
        try {
            return request.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** The upstream's own {@code .sha1} of a file, when it publishes one. */
    private Optional<String> upstreamSha1(RepositorySpec repository, MavenPath path) {
        MavenPath sha1 = path.withName(path.name() + "." + ChecksumAlgorithm.SHA1.extension());
        try (UpstreamResponse response = upstream.get(repository, sha1.toString(), Map.of())) {
            if (!response.ok()) {
                return Optional.empty();
            }
            String text = new String(response.bytes(MAX_CHECKSUM_BYTES), StandardCharsets.US_ASCII).trim();
            int space = text.indexOf(' ');
            String hex = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
            return hex.matches("[0-9a-f]{40}") ? Optional.of(hex) : Optional.empty();
        }
    }

    private boolean recentlyMissing(RepositorySpec repository, MavenPath path) {
        return miss(repository, path)
                .filter(miss -> cache.fresh(miss.at(), repository.proxy().negativeCacheTtl()))
                .isPresent();
    }

    /** The last time the upstream had no such file, if it is remembered. */
    private Optional<UpstreamMiss> miss(RepositorySpec repository, MavenPath path) {
        return documents
                .get(MavenDocumentIds.upstreamMiss(repository.name(), path))
                .map(d -> read(d.body(), UpstreamMiss.class));
    }

    private void rememberMiss(RepositorySpec repository, MavenPath path) {
        if (repository.proxy().negativeCacheTtl().isZero()) {
            return;
        }
        ObjectNode body = json.valueToTree(new UpstreamMiss(clock.instant()));
        documents.update(MavenDocumentIds.upstreamMiss(repository.name(), path), current -> body);
    }

    /** Files a proxy re-checks upstream: a snapshot version's non-unique files. */
    private static boolean mutable(MavenPath path) {
        return path.name().contains("-SNAPSHOT");
    }

    private static void requireOk(ProxyOptions proxy, UpstreamResponse response, MavenPath path) {
        if (!response.ok()) {
            throw new UpstreamUnavailableException(
                    proxy.url().getHost(), "answered HTTP " + response.status() + " for " + path, false, null);
        }
    }

    private static UpstreamUnavailableException unusable(ProxyOptions proxy, MavenPath path, String why) {
        return new UpstreamUnavailableException(proxy.url().getHost(), "it sent " + path + " but " + why, false, null);
    }

    private static MavenException notFound(MavenPath path) {
        return MavenException.notFound("not found: " + path);
    }

    private <T> T read(ObjectNode body, Class<T> type) {
        try {
            return json.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " document", e);
        }
    }
}
