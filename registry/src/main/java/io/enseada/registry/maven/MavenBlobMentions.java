package io.enseada.registry.maven;

import io.enseada.registry.repository.BlobMention;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.Format;
import io.enseada.shared.store.Document;
import java.util.List;

/** What Maven documents keep: each file record its blob (deployed, or fetched by a proxy). */
final class MavenBlobMentions {
    private MavenBlobMentions() {}

    static List<String> prefixes() {
        return List.of(MavenDocumentIds.FILE_PREFIX);
    }

    static List<BlobMention> of(Document document) {
        String path = document.id().substring(MavenDocumentIds.FILE_PREFIX.length());
        String repository = path.substring(0, path.indexOf('/'));
        return List.of(
                new BlobMention(Digest.parse(document.body().path("digest").asText()), repository, Format.MAVEN, true));
    }
}
