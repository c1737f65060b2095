package io.enseada.registry.oci;

import io.enseada.registry.storage.Digest;
import java.io.InputStream;
import java.util.List;

/** What the OCI service answers. */
public final class OciResults {
    private OciResults() {}

    /**
     * @param range the bytes to send, or null for all of them
     * @param content null when the blob was fetched for this request and sent to it as it arrived
     */
    public record BlobRead(Digest digest, long size, ByteRange range, InputStream content) {
        static BlobRead answered(Digest digest, long size) {
            return new BlobRead(digest, size, null, null);
        }
    }

    public record ManifestInfo(Digest digest, String mediaType, long size, Digest subject) {}

    public record ManifestRead(ManifestInfo info, InputStream content) {}

    /** One page of a listing; {@code last} is the item to continue after, null when there is no more. */
    public record Listing(List<String> items, String last) {}

    /** A referrer as a referrers index lists it. */
    public record Referrers(List<ReferrerRecord> descriptors, boolean filtered) {}
}
