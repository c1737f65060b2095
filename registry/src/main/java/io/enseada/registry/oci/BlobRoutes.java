package io.enseada.registry.oci;

import io.enseada.registry.http.LiveBody;
import io.enseada.registry.http.PromisedBody;
import io.enseada.registry.http.SecurityHeaders;
import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.http.Context;
import java.util.function.Predicate;

/** {@code /v2/<name>/blobs/<digest>}: HEAD, GET (ranges too) and DELETE of a blob linked into a name. */
final class BlobRoutes {
    private final BlobService blobs;
    private final OciReads reads;
    private final ReadableNames readable;

    BlobRoutes(BlobService blobs, OciReads reads, ReadableNames readable) {
        this.blobs = blobs;
        this.reads = reads;
        this.readable = readable;
    }

    /** Answers from the metadata alone, without opening the bytes (of a hosted repository). */
    void head(Context ctx, OciPath target) {
        BlobInfo info = reads.statBlob(
                OciContext.repository(ctx), target.name(), OciDigests.parse(target.argument()), members(ctx, target));
        headers(ctx, info.digest());
        ctx.header("Content-Length", Long.toString(info.size()));
    }

    void get(Context ctx, OciPath target) {
        Digest digest = OciDigests.parse(target.argument());
        LiveBody live = new LiveBody(ctx, () -> headers(ctx, digest));
        OciResults.BlobRead read;
        try {
            read = reads.readBlob(
                    OciContext.repository(ctx),
                    target.name(),
                    digest,
                    ctx.header("Range"),
                    members(ctx, target),
                    live::start);
        } catch (ByteRange.NotSatisfiable e) {
            ctx.status(416).header("Content-Range", "bytes */" + e.total()).header("Content-Length", "0");
            return;
        }
        if (live.started()) {
            return; // a proxy fetched it for this request and sent it as it arrived
        }
        headers(ctx, digest);
        if (read.range() != null) {
            ctx.status(206)
                    .header("Content-Range", read.range().contentRange())
                    .header("Content-Length", Long.toString(read.range().length()));
        } else {
            ctx.header("Content-Length", Long.toString(read.size()));
        }
        ctx.result(PromisedBody.of(
                ctx, read.content(), read.range() != null ? read.range().length() : read.size()));
    }

    void delete(Context ctx, OciPath target) {
        Digest digest = OciDigests.parse(target.argument());
        blobs.delete(OciContext.repository(ctx), target.name(), digest, OciContext.actor(ctx));
        ctx.status(202);
    }

    private Predicate<RepositorySpec> members(Context ctx, OciPath target) {
        return readable.members(
                OciContext.principal(ctx),
                OciContext.repository(ctx),
                target.name().image());
    }

    private static void headers(Context ctx, Digest digest) {
        SecurityHeaders.attachment(ctx, digest.toString());
        ctx.contentType("application/octet-stream")
                .header("Docker-Content-Digest", digest.toString())
                .header("ETag", "\"" + digest + "\"")
                .header("Cache-Control", "max-age=31536000, immutable")
                .header("Accept-Ranges", "bytes");
    }
}
