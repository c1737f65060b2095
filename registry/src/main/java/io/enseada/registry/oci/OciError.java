package io.enseada.registry.oci;

/**
 * The distribution spec's error codes, each with the HTTP status it is answered with. Registered
 * once here; {@link OciErrors} renders them as {@code {"errors":[{"code","message","detail"}]}}.
 */
public enum OciError {
    BLOB_UNKNOWN(404, "blob unknown to registry"),
    BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
    BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
    DIGEST_INVALID(400, "provided digest did not match uploaded content"),
    MANIFEST_BLOB_UNKNOWN(404, "manifest references a manifest or blob unknown to registry"),
    MANIFEST_INVALID(400, "manifest invalid"),
    MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
    NAME_INVALID(400, "invalid repository name"),
    NAME_UNKNOWN(404, "repository name not known to registry"),
    SIZE_INVALID(400, "provided length did not match content length"),
    /** A manifest above the size cap: the spec's 413, with the size code. */
    MANIFEST_TOO_LARGE(413, "manifest too large"),
    /** A chunk that does not start where the session ends: 416 with the session's Range. */
    RANGE_INVALID(416, "requested range not satisfiable"),
    UNAUTHORIZED(401, "authentication required"),
    DENIED(403, "requested access to the resource is denied"),
    UNSUPPORTED(400, "the operation is unsupported"),
    /** A method the endpoint does not have: the spec's 405, with the unsupported code. */
    METHOD_UNSUPPORTED(405, "the operation is unsupported"),
    TOOMANYREQUESTS(429, "too many requests");

    private final int status;
    private final String description;

    OciError(int status, String description) {
        this.status = status;
        this.description = description;
    }

    public int status() {
        return status;
    }

    public String description() {
        return description;
    }

    /** The code on the wire; the two Enseada-specific entries answer with the spec's nearest code. */
    public String code() {
        return switch (this) {
            case MANIFEST_TOO_LARGE -> SIZE_INVALID.name();
            case RANGE_INVALID -> BLOB_UPLOAD_INVALID.name();
            case METHOD_UNSUPPORTED -> UNSUPPORTED.name();
            default -> name();
        };
    }

    public OciException exception(String message) {
        return new OciException(this, message, null);
    }

    public OciException exception(String message, Object detail) {
        return new OciException(this, message, detail);
    }
}
