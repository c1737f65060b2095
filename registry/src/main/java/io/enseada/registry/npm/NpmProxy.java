package io.enseada.registry.npm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.errors.UpstreamUnavailableException;
import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.upstream.FirstClient;
import io.enseada.registry.upstream.ProxyCache;
import io.enseada.registry.upstream.ProxyMetrics;
import io.enseada.registry.upstream.SingleFlight;
import io.enseada.registry.upstream.StreamedFill;
import io.enseada.registry.upstream.UpstreamClient;
import io.enseada.registry.upstream.UpstreamMiss;
import io.enseada.registry.upstream.UpstreamResponse;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.DocumentStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of a proxy repository of an npm registry. A packument is fetched in the form the client
 * asked for (abbreviated for installers, full for {@code npm view} and release-age checks), each
 * kept for {@code metadataMaxAge} and then revalidated with its ETag; tarball links point at Enseada because {@link PackumentViews} builds them. A tarball is
 * fetched once however many installs ask, verified against the packument's {@code integrity}
 * (or {@code shasum}) before it is recorded, and then immutable. When the upstream is down what
 * is cached is served, stale metadata included.
 */
final class NpmProxy {
    private static final Logger LOG = LoggerFactory.getLogger(NpmProxy.class);
    private static final int MAX_PACKUMENT_BYTES = 32 << 20;
    private static final int PAGE = 200;

    private final DocumentStore documents;
    private final BlobStore blobs;
    private final UpstreamClient upstream;
    private final ProxyMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final ProxyCache cache;
    private final CacheUsage usage;
    private final SingleFlight<String, Boolean> fills = new SingleFlight<>();
    private final SingleFlight<String, UpstreamPackument> packumentFills = new SingleFlight<>();

    NpmProxy(
            DocumentStore documents,
            BlobStore blobs,
            UpstreamClient upstream,
            ProxyMetrics metrics,
            ObjectMapper json,
            Clock clock,
            CacheUsage usage) {
        this.documents = documents;
        this.usage = usage;
        this.blobs = blobs;
        this.upstream = upstream;
        this.metrics = metrics;
        this.cache = new ProxyCache(metrics, clock);
        this.json = json;
        this.clock = clock;
    }

    StoredPackument packument(RepositorySpec repository, NpmPackageName name, PackumentForm form) {
        return StoredPackument.read(
                name, shaped(upstreamPackument(repository, name, form).body()));
    }

    /** Every packument the proxy has cached, in name order, as they were last fetched (for search). */
    Stream<StoredPackument> cached(RepositorySpec repository) {
        String prefix = NpmDocumentIds.upstreamPackuments(repository.name());
        return documents.scan(prefix, PAGE).flatMap(document -> {
            try {
                NpmPackageName name = NpmPackageName.parse(document.id().substring(prefix.length()));
                UpstreamPackument cached = UpstreamPackument.of(document.body(), json);
                return Stream.of(StoredPackument.read(name, shaped(cached.body())));
            } catch (InvalidPackageNameException e) {
                return Stream.empty();
            }
        });
    }

    /** @param first sent the tarball as it arrives when this read fetches it (see {@link StreamedFill}) */
    NpmResults.Tarball tarball(RepositorySpec repository, NpmPackageName name, String file, FirstClient first) {
        String id = NpmDocumentIds.upstreamTarball(repository.name(), name, file);
        Optional<UpstreamTarball> cached = documents.get(id).map(d -> read(d.body(), UpstreamTarball.class));
        if (cached.isEmpty()) {
            ObjectNode manifest = manifestOf(repository, name, file);
            try {
                fills.load(id, () -> {
                    fetchTarball(repository, name, file, manifest, id, first);
                    return true;
                });
            } catch (UpstreamUnavailableException e) {
                cache.staleOrFail(repository.name(), "tarball " + file, Optional.empty(), e);
            }
            cached = documents.get(id).map(d -> read(d.body(), UpstreamTarball.class));
        } else {
            metrics.record(repository.name(), ProxyMetrics.Result.HIT);
            usage.served(id);
        }
        UpstreamTarball tarball = cached.orElseThrow(() -> notFound(name, file));
        return new NpmResults.Tarball(Digest.parse(tarball.digest()), tarball.size());
    }

    /** The version whose tarball has that file name, from the packument (fetched if need be). */
    private ObjectNode manifestOf(RepositorySpec repository, NpmPackageName name, String file) {
        // whichever form a client asked for first serves: both list every version's dist
        PackumentForm form = PackumentForm.ABBREVIATED;
        Optional<UpstreamPackument> cached = cachedPackument(repository, name, form);
        if (cached.isEmpty()) {
            Optional<UpstreamPackument> full = cachedPackument(repository, name, PackumentForm.FULL);
            if (full.isPresent()) {
                form = PackumentForm.FULL;
                cached = full;
            }
        }
        ObjectNode body = upstreamPackument(repository, name, form, cached).body();
        for (JsonNode manifest : body.path("versions")) {
            if (manifest instanceof ObjectNode object
                    && name.tarballFile(object.path("version").asText()).equals(file)) {
                return object;
            }
        }
        throw notFound(name, file);
    }

    private void fetchTarball(
            RepositorySpec repository,
            NpmPackageName name,
            String file,
            ObjectNode manifest,
            String id,
            FirstClient first) {
        if (documents.get(id).isPresent()) {
            return; // filled by another replica meanwhile
        }
        JsonNode dist = manifest.path("dist");
        URI url = tarballUrl(repository, dist.path("tarball").asText(""), name, file);
        metrics.record(repository.name(), ProxyMetrics.Result.MISS);
        String host = repository.proxy().url().getHost();
        BlobInfo blob;
        MessageDigest sha512 = digest("SHA-512");
        MessageDigest sha1 = digest("SHA-1");
        try (UpstreamResponse response = upstream.getAbsolute(repository, url, Map.of())) {
            if (!response.ok()) {
                throw new UpstreamUnavailableException(
                        host, "answered HTTP " + response.status() + " for the tarball " + file, false, null);
            }
            StreamedFill fill = StreamedFill.of(response, first);
            InputStream hashing = new DigestInputStream(new DigestInputStream(fill, sha512), sha1);
            try {
                blob = blobs.put(hashing, null);
            } catch (RuntimeException e) {
                if (fill.upstreamFailure() != null) {
                    throw UpstreamResponse.bodyFailed(host, "the tarball " + file, fill.upstreamFailure());
                }
                throw e;
            }
            String problem = integrityProblem(dist, sha512.digest(), sha1.digest());
            if (problem != null) {
                // the blob stays unreferenced: the same bytes may be another repository's
                throw new UpstreamUnavailableException(
                        host, "it sent the tarball " + file + " but " + problem, false, null);
            }
            ObjectNode body = json.valueToTree(new UpstreamTarball(blob.digest().toString(), blob.size()));
            body.put(CacheUsage.USED, clock.instant().toString());
            documents.update(id, current -> current != null ? current : body);
            fill.release();
        }
    }

    /**
     * The packument's link, resolved against the upstream URL when relative. Only links to the
     * upstream's own host are followed: a packument must not make the registry fetch from anywhere
     * it names (an address inside the cluster, say).
     */
    private static URI tarballUrl(RepositorySpec repository, String link, NpmPackageName name, String file) {
        URI base = repository.proxy().url();
        URI url;
        try {
            url = link.isEmpty() ? base.resolve(name.escaped() + "/-/" + file) : base.resolve(link);
        } catch (IllegalArgumentException e) {
            throw new UpstreamUnavailableException(
                    base.getHost(), "its packument of " + name + " has an unusable tarball link", false, null);
        }
        if (!base.getHost().equalsIgnoreCase(url.getHost())
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new UpstreamUnavailableException(
                    base.getHost(),
                    "its packument of " + name + " links the tarball to another host (" + url.getHost()
                            + "), which a proxy does not follow",
                    false,
                    null);
        }
        return url;
    }

    /** Null when the bytes are what the packument promises. */
    private static String integrityProblem(JsonNode dist, byte[] sha512, byte[] sha1) {
        String integrity = dist.path("integrity").asText("");
        for (String entry : integrity.trim().split("\\s+")) {
            if (entry.startsWith("sha512-")) {
                String computed = Base64.getEncoder().encodeToString(sha512);
                int options = entry.indexOf('?');
                String promised = entry.substring("sha512-".length(), options < 0 ? entry.length() : options);
                return promised.equals(computed)
                        ? null
                        : "its sha512 is " + computed + " where the packument's integrity says " + promised;
            }
        }
        String shasum = dist.path("shasum").asText("");
        if (!shasum.isEmpty()) {
            String computed = HexFormat.of().formatHex(sha1);
            return shasum.equalsIgnoreCase(computed)
                    ? null
                    : "its sha1 is " + computed + " where the packument's shasum says " + shasum;
        }
        return "the packument gives neither integrity nor shasum to check it against";
    }

    /** The upstream's packument as of at most {@code metadataMaxAge} ago, or older when the upstream is down. */
    UpstreamPackument upstreamPackument(RepositorySpec repository, NpmPackageName name, PackumentForm form) {
        return upstreamPackument(repository, name, form, cachedPackument(repository, name, form));
    }

    private Optional<UpstreamPackument> cachedPackument(
            RepositorySpec repository, NpmPackageName name, PackumentForm form) {
        return documents
                .get(NpmDocumentIds.upstreamPackument(repository.name(), name, form))
                .map(d -> UpstreamPackument.of(d.body(), json));
    }

    /** @param cached what the store holds of that form, already read */
    private UpstreamPackument upstreamPackument(
            RepositorySpec repository, NpmPackageName name, PackumentForm form, Optional<UpstreamPackument> cached) {
        String id = NpmDocumentIds.upstreamPackument(repository.name(), name, form);
        if (cached.isPresent()
                && cache.fresh(cached.get().fetched(), repository.proxy().metadataMaxAge())) {
            metrics.record(repository.name(), ProxyMetrics.Result.HIT);
            usage.served(id);
            return cached.get();
        }
        try {
            // What the fill stored is what its callers get: reading it back would parse it again.
            // Shared by every caller waiting on the same fill, so it is only ever read.
            return packumentFills.load(id, () -> fetchPackument(repository, name, form, id, cached.orElse(null)));
        } catch (UpstreamUnavailableException e) {
            return cache.staleOrFail(repository.name(), "packument of " + name, cached, e);
        }
    }

    /** The packument as stored after asking the upstream; not found when it has no such package. */
    private UpstreamPackument fetchPackument(
            RepositorySpec repository, NpmPackageName name, PackumentForm form, String id, UpstreamPackument stale) {
        String missId = NpmDocumentIds.upstreamMiss(repository.name(), name);
        Optional<UpstreamMiss> miss = documents.get(missId).map(d -> read(d.body(), UpstreamMiss.class));
        boolean missing = miss.filter(
                        m -> cache.fresh(m.at(), repository.proxy().negativeCacheTtl()))
                .isPresent();
        if (stale == null && missing) {
            throw NpmException.notFound("package " + name + " not found");
        }
        Map<String, String> headers = new HashMap<>(Map.of("Accept", form.accept));
        if (stale != null && stale.etag() != null) {
            headers.put("If-None-Match", stale.etag());
        }
        metrics.record(repository.name(), ProxyMetrics.Result.MISS);
        try (UpstreamResponse response = upstream.get(repository, name.escaped(), headers)) {
            if (response.status() == 304 && stale != null) {
                UpstreamPackument revalidated = new UpstreamPackument(clock.instant(), stale.etag(), stale.body());
                ObjectNode body = used(revalidated.toDocument(json));
                documents.update(id, current -> body);
                return revalidated;
            }
            if (response.notFound()) {
                if (!repository.proxy().negativeCacheTtl().isZero()) {
                    ObjectNode missed = json.valueToTree(new UpstreamMiss(clock.instant()));
                    documents.update(missId, current -> missed);
                }
                documents.update(id, current -> null);
                throw NpmException.notFound("package " + name + " not found");
            }
            if (!response.ok()) {
                throw new UpstreamUnavailableException(
                        repository.proxy().url().getHost(),
                        "answered HTTP " + response.status() + " for the package " + name,
                        false,
                        null);
            }
            JsonNode parsed;
            try {
                parsed = json.readTree(response.bytes(MAX_PACKUMENT_BYTES));
            } catch (UpstreamUnavailableException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new UpstreamUnavailableException(
                        repository.proxy().url().getHost(),
                        "its packument of " + name + " is not readable JSON",
                        false,
                        e);
            }
            if (!(parsed instanceof ObjectNode packument)
                    || !packument.path("versions").isObject()) {
                throw new UpstreamUnavailableException(
                        repository.proxy().url().getHost(),
                        "its answer for " + name + " is not a packument",
                        false,
                        null);
            }
            UpstreamPackument fetched = new UpstreamPackument(
                    clock.instant(), response.header("ETag").orElse(null), packument);
            ObjectNode body = used(fetched.toDocument(json));
            documents.update(id, current -> body);
            if (miss.isPresent()) {
                documents.update(missId, current -> null);
            }
            dueForCheck(repository, name, form.other());
            return fetched;
        }
    }

    /**
     * The package changed upstream: the other form, if cached, is checked again at its next read,
     * so that what {@code npm view} shows and what {@code npm install} gets do not differ for up to
     * {@code metadataMaxAge}.
     */
    private void dueForCheck(RepositorySpec repository, NpmPackageName name, PackumentForm form) {
        documents.update(NpmDocumentIds.upstreamPackument(repository.name(), name, form), current -> {
            if (current == null) {
                return null;
            }
            UpstreamPackument cached = UpstreamPackument.of(current, json);
            ObjectNode due = new UpstreamPackument(Instant.EPOCH, cached.etag(), cached.body()).toDocument(json);
            // due for a check is no use of it
            return current.has(CacheUsage.USED) ? due.set(CacheUsage.USED, current.get(CacheUsage.USED)) : due;
        });
    }

    /** A fetch answers a request: the packument is used now. */
    private ObjectNode used(ObjectNode document) {
        return document.put(CacheUsage.USED, clock.instant().toString());
    }

    /**
     * An upstream packument in the shape a hosted one is stored in, so every view reads both alike.
     * Only its top level is copied: below it the nodes are {@code upstreamBody}'s, which readers
     * never change (the views copy what they change).
     */
    private ObjectNode shaped(ObjectNode upstreamBody) {
        ObjectNode body = json.createObjectNode().setAll(upstreamBody);
        body.remove("_rev");
        body.remove("_id");
        if (!body.path("time").isObject()) {
            ObjectNode time = body.putObject("time");
            if (body.hasNonNull("modified")) {
                time.put(StoredPackument.MODIFIED, body.path("modified").asText());
            }
        }
        body.remove("modified");
        return body;
    }

    private static NpmException notFound(NpmPackageName name, String file) {
        return NpmException.notFound("tarball " + file + " of " + name + " not found");
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(ObjectNode body, Class<T> type) {
        try {
            return json.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " document", e);
        }
    }
}
