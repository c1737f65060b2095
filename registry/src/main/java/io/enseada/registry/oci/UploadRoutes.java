package io.enseada.registry.oci;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.Principal;
import io.enseada.registry.http.RequestBodies;
import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.UploadState;
import io.javalin.http.Context;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /v2/<name>/blobs/uploads/}: POST starts a session, uploads a whole blob or mounts one;
 * on {@code .../uploads/<session>} GET reports, PATCH appends, PUT completes and DELETE cancels.
 */
final class UploadRoutes {
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");

    private final UploadService uploads;
    private final BlobService blobs;
    private final ReadableNames readable;

    UploadRoutes(UploadService uploads, BlobService blobs, ReadableNames readable) {
        this.uploads = uploads;
        this.blobs = blobs;
        this.readable = readable;
    }

    void post(Context ctx, OciPath target) {
        OciName name = target.name();
        Principal caller = AccessGuard.principal(ctx);
        String mount = ctx.queryParam("mount");
        if (mount != null) {
            Optional<BlobInfo> mounted = mount(ctx, caller, name, mount);
            if (mounted.isPresent()) {
                created(ctx, name, mounted.get());
                return;
            }
        } else if (ctx.queryParam("digest") != null) {
            created(
                    ctx,
                    name,
                    uploads.uploadMonolithic(
                            OciContext.repository(ctx), name, ctx.queryParam("digest"), RequestBodies.stream(ctx)));
            return;
        }
        UploadState state = uploads.start(OciContext.repository(ctx), name, caller.subject());
        headers(ctx, name, state);
        ctx.status(202);
    }

    /**
     * Mounts from {@code from} when the caller could pull from it (path rules and the bounds of its
     * token included); without {@code from}, from any name holding the blob that the caller could
     * pull from. Otherwise the client uploads the blob: a mount it may not make is a plain upload,
     * never a refusal, so no client fails a push over an optimisation.
     */
    private Optional<BlobInfo> mount(Context ctx, Principal caller, OciName name, String digest) {
        String fromParameter = ctx.queryParam("from");
        OciName from = OciName.parseOrNull(fromParameter);
        if (fromParameter != null && from == null) {
            return Optional.empty();
        }
        return blobs.mount(new OciRequests.Mount(OciContext.repository(ctx), name, digest, from, readable.of(caller)));
    }

    /** Read access, as distribution; the session is found only for its creator. */
    void status(Context ctx, OciPath target) {
        headers(ctx, target.name(), uploads.status(session(ctx, target)));
        ctx.status(204);
    }

    void patch(Context ctx, OciPath target) {
        UploadState state = uploads.append(chunk(ctx, target));
        headers(ctx, target.name(), state);
        ctx.status(202);
    }

    void complete(Context ctx, OciPath target) {
        OciRequests.Chunk last = hasBody(ctx) ? chunk(ctx, target) : null;
        BlobInfo info =
                uploads.complete(new OciRequests.CompleteUpload(session(ctx, target), ctx.queryParam("digest"), last));
        created(ctx, target.name(), info);
    }

    void cancel(Context ctx, OciPath target) {
        uploads.cancel(session(ctx, target));
        ctx.status(204);
    }

    private OciRequests.Chunk chunk(Context ctx, OciPath target) {
        Long start = null;
        Long end = null;
        String contentRange = ctx.header("Content-Range");
        if (contentRange != null) {
            Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
            if (!m.matches()) {
                throw OciError.RANGE_INVALID.exception("malformed Content-Range: " + contentRange);
            }
            try {
                start = Long.parseLong(m.group(1));
                end = Long.parseLong(m.group(2));
            } catch (NumberFormatException e) {
                throw OciError.RANGE_INVALID.exception("Content-Range out of range: " + contentRange);
            }
        }
        long length = RequestBodies.declaredLength(ctx);
        Long contentLength = length < 0 ? null : length;
        InputStream body = RequestBodies.stream(ctx);
        return new OciRequests.Chunk(session(ctx, target), start, end, contentLength, body);
    }

    /** The session the path names, as the caller's: a session is found only in its own name and by its own creator. */
    private static OciRequests.Session session(Context ctx, OciPath target) {
        return new OciRequests.Session(
                OciContext.repository(ctx),
                target.name(),
                AccessGuard.principal(ctx).subject(),
                target.argument());
    }

    private static boolean hasBody(Context ctx) {
        String length = ctx.header("Content-Length");
        if (length != null) {
            return !length.trim().equals("0");
        }
        return ctx.header("Transfer-Encoding") != null;
    }

    private static void created(Context ctx, OciName name, BlobInfo info) {
        ctx.status(201)
                .header("Location", "/v2/" + name + "/blobs/" + info.digest())
                .header("Docker-Content-Digest", info.digest().toString())
                .header("Content-Length", "0");
    }

    private static void headers(Context ctx, OciName name, UploadState state) {
        ctx.header("Location", "/v2/" + name + "/blobs/uploads/" + state.id())
                .header("Range", UploadService.uploadRange(state))
                .header("Docker-Upload-UUID", state.id())
                .header("Content-Length", "0");
    }
}
