package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.storage.Digest;
import java.util.List;

/** What the npm service answers. */
public final class NpmResults {
    private NpmResults() {}

    public record SearchHit(ObjectNode latest, String modified) {}

    public record SearchResult(List<SearchHit> hits, int total) {}

    /** What a tarball read finds: the blob, and its size for Content-Length. */
    public record Tarball(Digest digest, long size) {}
}
