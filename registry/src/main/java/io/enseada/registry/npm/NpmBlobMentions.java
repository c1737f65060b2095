package io.enseada.registry.npm;

import io.enseada.registry.repository.BlobMention;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.Format;
import io.enseada.shared.store.Document;
import java.util.List;

/**
 * What npm documents keep: a packument its versions' tarballs (an unpublished version's tarball is
 * no longer listed, and goes with the next collection), a proxy's tarball record its blob.
 */
final class NpmBlobMentions {
    private NpmBlobMentions() {}

    static List<BlobMention> of(Document document) {
        String repository = NpmDocumentIds.repositoryIn(document.id());
        List<Digest> digests = NpmDocumentIds.isUpstreamTarball(document.id())
                ? List.of(Digest.parse(document.body().path("digest").asText()))
                : StoredPackument.tarballDigests(document.body());
        return digests.stream()
                .map(digest -> new BlobMention(digest, repository, Format.NPM, true))
                .toList();
    }
}
