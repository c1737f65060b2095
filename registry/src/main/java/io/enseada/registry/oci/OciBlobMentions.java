package io.enseada.registry.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.repository.BlobMention;
import io.enseada.registry.storage.BlobNotFoundException;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.Format;
import io.enseada.shared.store.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What OCI documents say about blobs. A manifest keeps its own bytes (when they are a blob), its
 * config and layers, and the children of an index; a blob link only names its blob: a layer
 * pushed but never named by a manifest goes once the grace period is over, and so do the layers
 * of a deleted image that no other manifest shares. Once a blob is collected its links go too, so
 * that a HEAD no longer says it exists.
 */
final class OciBlobMentions {
    private static final Logger LOG = LoggerFactory.getLogger(OciBlobMentions.class);

    private final OciDocuments documents;
    private final ManifestContent content;
    private final ObjectMapper json;

    OciBlobMentions(OciDocuments documents, ManifestContent content, ObjectMapper json) {
        this.documents = documents;
        this.content = content;
        this.json = json;
    }

    List<BlobMention> of(Document document) {
        OciName name = OciDocumentIds.nameIn(document.id());
        Digest digest = OciDocumentIds.digestIn(document.id());
        if (!OciDocumentIds.isManifest(document.id())) {
            return List.of(mention(name, digest, false));
        }
        List<BlobMention> mentions = new ArrayList<>();
        mentions.add(mention(name, digest, true));
        ManifestRecord record;
        try {
            record = json.treeToValue(document.body(), ManifestRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable manifest record " + document.id(), e);
        }
        byte[] bytes;
        try {
            bytes = record.content() != null ? record.content() : content.read(name, digest);
        } catch (BlobNotFoundException e) {
            LOG.warn("manifest {}@{} has lost its bytes: what it references is not kept by it", name, digest);
            return mentions;
        }
        ParsedManifest parsed = ParsedManifest.parse(json, record.mediaType(), bytes);
        parsed.blobs().forEach(blob -> mentions.add(mention(name, blob, true)));
        parsed.manifests().forEach(child -> mentions.add(mention(name, child, true)));
        return mentions;
    }

    /** Removes every link to the blobs, with its holder entry. */
    void collected(Collection<Digest> digests) {
        // links before holders, as one at a time did: a holder left behind only costs a lookup
        Set<String> links = new LinkedHashSet<>();
        Set<String> holders = new LinkedHashSet<>();
        for (Digest digest : digests) {
            documents.forEach(OciDocumentIds.holderPrefix(digest), BlobHolder.class, (id, holder) -> {
                OciName name = OciDocumentIds.holderName(digest, id);
                links.add(OciDocumentIds.blob(name, digest));
                holders.add(OciDocumentIds.holder(digest, name));
            });
        }
        documents.removeAll(links);
        documents.removeAll(holders);
    }

    private static BlobMention mention(OciName name, Digest digest, boolean keeps) {
        return new BlobMention(digest, name.repository(), Format.OCI, keeps);
    }
}
