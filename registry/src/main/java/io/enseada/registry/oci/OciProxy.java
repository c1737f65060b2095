package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.errors.UpstreamUnavailableException;
import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.DigestMismatchException;
import io.enseada.registry.upstream.FirstClient;
import io.enseada.registry.upstream.ProxyCache;
import io.enseada.registry.upstream.ProxyMetrics;
import io.enseada.registry.upstream.SingleFlight;
import io.enseada.registry.upstream.StreamedFill;
import io.enseada.registry.upstream.UpstreamMiss;
import io.enseada.registry.upstream.UpstreamResponse;
import io.enseada.shared.model.RepositorySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of a proxy repository of an OCI registry (a pull-through cache): the image
 * {@code <proxy>/<path>} is the upstream's {@code <path>}. What is cached is served as a hosted
 * repository serves it, from the same records; what is not is fetched once, however many clients
 * ask at the same time, checked against its digest and recorded. Manifests by digest and blobs are
 * then immutable; a tag is trusted for {@code metadataMaxAge}, then checked with a HEAD, which
 * costs no pull against the upstream's rate limit when the tag has not moved. When the upstream is
 * down what is cached is served; a blob whose bytes the store already holds (pushed to a hosted
 * repository, say) is only linked once the upstream confirms it has it, never stored twice.
 */
final class OciProxy {
    private static final Logger LOG = LoggerFactory.getLogger(OciProxy.class);
    private static final Map<String, String> ACCEPT_MANIFESTS = Map.of(
            "Accept",
            String.join(
                    ", ",
                    List.of(
                            MediaTypes.OCI_INDEX,
                            MediaTypes.DOCKER_LIST,
                            MediaTypes.OCI_MANIFEST,
                            MediaTypes.DOCKER_MANIFEST,
                            MediaTypes.OCI_ARTIFACT)));

    private final ManifestService manifests;
    private final BlobService links;
    private final OciDocuments documents;
    private final BlobStore blobs;
    private final OciUpstream upstream;
    private final ProxyMetrics metrics;
    private final ProxyCache cache;
    private final ObjectMapper json;
    private final Clock clock;
    private final int manifestLimit;
    private final RequestStamps stamps;
    private final SingleFlight<String, Boolean> fills = new SingleFlight<>();

    OciProxy(
            ManifestService manifests,
            BlobService links,
            OciDocuments documents,
            BlobStore blobs,
            OciUpstream upstream,
            ProxyMetrics metrics,
            ObjectMapper json,
            Clock clock,
            RequestStamps stamps,
            int manifestLimit) {
        this.manifests = manifests;
        this.links = links;
        this.documents = documents;
        this.blobs = blobs;
        this.upstream = upstream;
        this.metrics = metrics;
        this.cache = new ProxyCache(metrics, clock);
        this.json = json;
        this.clock = clock;
        this.stamps = stamps;
        this.manifestLimit = manifestLimit;
    }

    OciResults.ManifestInfo statManifest(RepositorySpec proxy, OciName name, Reference reference) {
        ensureManifest(proxy, name, reference);
        OciResults.ManifestInfo info = manifests.stat(proxy, name, reference);
        stamps.manifest(name, info.digest());
        return info;
    }

    OciResults.ManifestRead readManifest(RepositorySpec proxy, OciName name, Reference reference, List<String> accept) {
        ensureManifest(proxy, name, reference);
        OciResults.ManifestRead read = manifests.read(proxy, name, reference, accept);
        stamps.manifest(name, read.info().digest());
        return read;
    }

    BlobInfo statBlob(RepositorySpec proxy, OciName name, Digest digest) {
        ensureBlob(proxy, name, digest, FirstClient.NONE);
        BlobInfo info = links.stat(proxy, name, digest);
        stamps.blob(name, digest);
        return info;
    }

    /**
     * A blob this request fetches is streamed to {@code first} as it arrives (see {@link
     * StreamedFill}); a range of an uncached blob is served from the store once the whole blob is.
     */
    OciResults.BlobRead readBlob(
            RepositorySpec proxy, OciName name, Digest digest, String rangeHeader, FirstClient first) {
        Optional<BlobInfo> answered = ensureBlob(proxy, name, digest, rangeHeader == null ? first : FirstClient.NONE);
        stamps.blob(name, digest);
        if (answered.isPresent()) {
            return OciResults.BlobRead.answered(digest, answered.get().size());
        }
        return links.read(proxy, name, digest, rangeHeader);
    }

    /**
     * The upstream's referrers of {@code subject}, asked each time (they change whenever someone
     * signs or attests the image); where the upstream has no referrers API (distribution 2.8
     * answers 404) or cannot be asked, those of the manifests cached here.
     */
    OciResults.Referrers referrers(RepositorySpec proxy, OciName name, Digest subject, String artifactType) {
        String endpoint = "referrers/" + subject
                + (artifactType == null
                        ? ""
                        : "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8));
        try (UpstreamResponse response =
                upstream.get(proxy, name.image(), endpoint, Map.of("Accept", MediaTypes.OCI_INDEX))) {
            if (response.ok()) {
                List<ReferrerRecord> descriptors = new ArrayList<>();
                for (JsonNode descriptor :
                        json.readTree(response.bytes(manifestLimit)).path("manifests")) {
                    ReferrerRecord referrer = json.treeToValue(descriptor, ReferrerRecord.class);
                    // an upstream that ignores the filter is filtered here
                    if (artifactType == null || artifactType.equals(referrer.artifactType())) {
                        descriptors.add(referrer);
                    }
                }
                return new OciResults.Referrers(descriptors, artifactType != null);
            }
        } catch (UpstreamUnavailableException | IOException | UncheckedIOException | IllegalArgumentException e) {
            LOG.warn(
                    "repository {}: referrers of {}@{} not asked upstream, the cached ones served: {}",
                    proxy.name(),
                    name,
                    subject,
                    e.getMessage());
        }
        return manifests.referrers(proxy, name, subject, artifactType);
    }

    private void ensureManifest(RepositorySpec proxy, OciName name, Reference reference) {
        if (reference instanceof Tag tag) {
            ensureTag(proxy, name, tag);
            return;
        }
        Digest digest = ((Reference.ByDigest) reference).digest();
        String id = OciDocumentIds.manifest(name, digest);
        if (documents.exists(id)) {
            metrics.record(proxy.name(), ProxyMetrics.Result.HIT);
            return;
        }
        try {
            fills.load(id, () -> {
                if (!documents.exists(id)) {
                    fetchManifest(proxy, name, reference, null);
                }
                return true;
            });
        } catch (UpstreamUnavailableException e) {
            cache.staleOrFail(proxy.name(), name + "@" + digest, Optional.empty(), e);
        }
    }

    private void ensureTag(RepositorySpec proxy, OciName name, Tag tag) {
        String id = OciDocumentIds.tag(name, tag);
        Optional<TagRecord> cached = documents.get(id, TagRecord.class);
        Optional<TagCheck> checked = documents.get(OciDocumentIds.tagChecked(name, tag), TagCheck.class);
        if (cached.isPresent()
                && checked.isPresent()
                && cache.fresh(checked.get().checked(), proxy.proxy().metadataMaxAge())) {
            metrics.record(proxy.name(), ProxyMetrics.Result.HIT);
            return;
        }
        try {
            fills.load(id, () -> {
                checkTag(proxy, name, tag, cached.orElse(null));
                return true;
            });
        } catch (UpstreamUnavailableException e) {
            cache.staleOrFail(proxy.name(), name + ":" + tag, cached, e);
        }
    }

    /** A HEAD first: when the tag still points where the cache says, nothing is pulled. */
    private void checkTag(RepositorySpec proxy, OciName name, Tag tag, TagRecord cached) {
        if (cached == null && recentlyMissing(proxy, name, tag)) {
            throw ManifestService.unknown(name, tag);
        }
        metrics.record(proxy.name(), ProxyMetrics.Result.MISS);
        if (cached != null) {
            try (UpstreamResponse response =
                    upstream.head(proxy, name.image(), "manifests/" + tag.value(), ACCEPT_MANIFESTS)) {
                if (response.notFound()) {
                    forgetTag(proxy, name, tag);
                }
                requireOk(proxy, response, name, tag);
                if (response.header("Docker-Content-Digest")
                                .filter(cached.digest()::equals)
                                .isPresent()
                        && documents.exists(OciDocumentIds.manifest(name, cached.manifestDigest()))) {
                    markChecked(name, tag);
                    return;
                }
            }
        }
        fetchManifest(proxy, name, tag, tag);
    }

    /** Fetches the manifest {@code reference} names and records it, under {@code tag} when given. */
    private void fetchManifest(RepositorySpec proxy, OciName name, Reference reference, Tag tag) {
        if (tag == null && recentlyMissing(proxy, name, reference)) {
            throw ManifestService.unknown(name, reference);
        }
        if (tag == null) {
            metrics.record(proxy.name(), ProxyMetrics.Result.MISS);
        }
        byte[] bytes;
        String contentType;
        String promised;
        try (UpstreamResponse response =
                upstream.get(proxy, name.image(), "manifests/" + reference, ACCEPT_MANIFESTS)) {
            if (response.notFound() && tag != null) {
                forgetTag(proxy, name, tag);
            } else if (response.notFound()) {
                rememberMiss(proxy, name, reference);
            }
            requireOk(proxy, response, name, reference);
            if (response.contentLength() > manifestLimit) {
                throw unusable(proxy, name, reference, "it is larger than " + manifestLimit + " bytes");
            }
            try {
                bytes = response.bytes(manifestLimit);
            } catch (UpstreamUnavailableException e) {
                throw new UpstreamUnavailableException(
                        host(proxy),
                        "the manifest " + name.image() + ":" + reference + " did not arrive whole (" + e.getMessage()
                                + ")",
                        e.timedOut(),
                        e);
            }
            contentType = response.header("Content-Type").orElse(null);
            promised = response.header("Docker-Content-Digest").orElse(null);
        }
        Digest digest = ManifestService.sha256(bytes);
        if (reference instanceof Reference.ByDigest byDigest
                && !byDigest.digest().equals(digest)) {
            throw unusable(proxy, name, reference, "its digest is " + digest);
        }
        if (promised != null && !promised.equals(digest.toString())) {
            throw unusable(proxy, name, reference, "its digest is " + digest + ", not the " + promised + " it said");
        }
        ParsedManifest manifest;
        try {
            manifest = ParsedManifest.parse(json, contentType, bytes);
        } catch (OciException e) {
            throw unusable(proxy, name, reference, "it is no manifest this registry stores (" + e.getMessage() + ")");
        }
        manifests.record(name, tag, digest, bytes, manifest);
        if (tag != null) {
            markChecked(name, tag);
        }
        documents.remove(OciDocumentIds.upstreamMiss(name, reference));
    }

    /** @return the blob when this request fetched it and {@code first} was sent its bytes as they arrived */
    private Optional<BlobInfo> ensureBlob(RepositorySpec proxy, OciName name, Digest digest, FirstClient first) {
        if (links.isLinked(name, digest)) {
            metrics.record(proxy.name(), ProxyMetrics.Result.HIT);
            return Optional.empty();
        }
        // set by the one request that fetches; the others wait for it and read the store
        AtomicReference<BlobInfo> streamed = new AtomicReference<>();
        try {
            fills.load(OciDocumentIds.blob(name, digest), () -> {
                if (!links.isLinked(name, digest)) {
                    streamed.set(fetchBlob(proxy, name, digest, first));
                }
                return true;
            });
        } catch (UpstreamUnavailableException e) {
            cache.staleOrFail(proxy.name(), name + "@" + digest, Optional.empty(), e);
        }
        return Optional.ofNullable(streamed.get());
    }

    /** @return the blob when its bytes went to {@code first} as they arrived, else null */
    private BlobInfo fetchBlob(RepositorySpec proxy, OciName name, Digest digest, FirstClient first) {
        metrics.record(proxy.name(), ProxyMetrics.Result.MISS);
        String endpoint = "blobs/" + digest;
        Optional<BlobInfo> stored = blobs.stat(digest);
        if (stored.isPresent()) {
            // The bytes are here already; the upstream only has to confirm the image has them.
            try (UpstreamResponse response = upstream.head(proxy, name.image(), endpoint, Map.of())) {
                if (response.notFound()) {
                    throw BlobService.blobUnknown(name, digest);
                }
                requireOk(proxy, response, name, digest);
            }
            links.link(name, stored.get());
            return null;
        }
        try (UpstreamResponse response = upstream.get(proxy, name.image(), endpoint, Map.of())) {
            if (response.notFound()) {
                throw BlobService.blobUnknown(name, digest);
            }
            requireOk(proxy, response, name, digest);
            StreamedFill fill = StreamedFill.of(response, first);
            boolean streaming = fill.streaming();
            BlobInfo blob;
            try {
                blob = blobs.put(fill, digest);
            } catch (DigestMismatchException e) {
                throw unusable(proxy, name, digest, "its bytes have another digest");
            } catch (RuntimeException e) {
                if (fill.upstreamFailure() != null) {
                    throw UpstreamResponse.bodyFailed(host(proxy), "the blob " + digest, fill.upstreamFailure());
                }
                throw e;
            }
            links.link(name, blob);
            fill.release();
            return streaming ? blob : null;
        }
    }

    private void markChecked(OciName name, Tag tag) {
        documents.put(OciDocumentIds.tagChecked(name, tag), new TagCheck(clock.instant()));
    }

    /** The upstream says the tag is gone: so is the cached one (the manifests it pointed at stay). */
    private void forgetTag(RepositorySpec proxy, OciName name, Tag tag) {
        documents.remove(OciDocumentIds.tag(name, tag));
        documents.remove(OciDocumentIds.tagChecked(name, tag));
        rememberMiss(proxy, name, tag);
    }

    private boolean recentlyMissing(RepositorySpec proxy, OciName name, Reference reference) {
        return documents
                .get(OciDocumentIds.upstreamMiss(name, reference), UpstreamMiss.class)
                .filter(miss -> cache.fresh(miss.at(), proxy.proxy().negativeCacheTtl()))
                .isPresent();
    }

    private void rememberMiss(RepositorySpec proxy, OciName name, Reference reference) {
        if (!proxy.proxy().negativeCacheTtl().isZero()) {
            documents.put(OciDocumentIds.upstreamMiss(name, reference), new UpstreamMiss(clock.instant()));
        }
    }

    /** A 404 is the caller's "unknown"; any other failure is the upstream's. */
    private static void requireOk(RepositorySpec proxy, UpstreamResponse response, OciName name, Object item) {
        if (response.notFound()) {
            throw item instanceof Reference reference
                    ? ManifestService.unknown(name, reference)
                    : BlobService.blobUnknown(name, (Digest) item);
        }
        if (!response.ok()) {
            throw new UpstreamUnavailableException(
                    host(proxy),
                    "answered HTTP " + response.status() + " for " + name.image() + separator(item) + item,
                    false,
                    null);
        }
    }

    private static UpstreamUnavailableException unusable(RepositorySpec proxy, OciName name, Object item, String why) {
        return new UpstreamUnavailableException(
                host(proxy), "it sent " + name.image() + separator(item) + item + " but " + why, false, null);
    }

    private static String separator(Object item) {
        return item instanceof Tag ? ":" : "@";
    }

    private static String host(RepositorySpec proxy) {
        return proxy.proxy().url().getHost();
    }
}
