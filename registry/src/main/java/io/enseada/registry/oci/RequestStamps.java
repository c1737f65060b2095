package io.enseada.registry.oci;

import io.enseada.registry.repository.UseStamps;
import io.enseada.registry.storage.Digest;
import java.time.Clock;

/**
 * When a proxy's cached manifests and blobs were last pulled, which {@code retention.unusedFor}
 * evicts by: the record's {@code requested}, written as {@link UseStamps} allows (at most hourly,
 * off the request's thread).
 */
final class RequestStamps implements AutoCloseable {
    private final OciDocuments documents;
    private final UseStamps stamps;

    RequestStamps(OciDocuments documents, Clock clock) {
        this.documents = documents;
        this.stamps = new UseStamps("oci-request-stamps", clock);
    }

    void manifest(OciName name, Digest digest) {
        String id = OciDocumentIds.manifest(name, digest);
        stamps.served(
                id,
                now -> documents.update(
                        id, ManifestRecord.class, current -> current == null ? null : current.withRequested(now)));
    }

    void blob(OciName name, Digest digest) {
        String id = OciDocumentIds.blob(name, digest);
        stamps.served(
                id,
                now -> documents.update(
                        id, BlobLink.class, current -> current == null ? null : current.withRequested(now)));
    }

    @Override
    public void close() {
        stamps.close();
    }
}
