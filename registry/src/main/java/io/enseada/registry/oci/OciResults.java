package io.enseada.registry.oci;

import io.enseada.registry.storage.Digest;
import java.io.InputStream;
import java.util.List;

/** What the OCI service answers. */
public final class OciResults {
    private OciResults() {}

    /** @param range the bytes to send, or null for all of them */
    public record BlobRead(Digest digest, long size, ByteRange range, InputStream content) {}

    public record ManifestInfo(Digest digest, String mediaType, long size, Digest subject) {}

    public record ManifestRead(ManifestInfo info, InputStream content) {}

    /** One page of a listing; {@code last} is the item to continue after, null when there is no more. */
    public record Listing(List<String> items, String last) {}

    /** A referrer as a referrers index lists it. */
    public record Referrers(List<ReferrerRecord> descriptors, boolean filtered) {}
}
