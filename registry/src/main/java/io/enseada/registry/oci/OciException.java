package io.enseada.registry.oci;

import java.util.Map;

/** A request the distribution spec refuses with one of its error codes; nothing was changed. */
public class OciException extends RuntimeException {
    private final OciError error;
    private final Object detail;
    private final Map<String, String> headers;

    public OciException(OciError error, String message, Object detail) {
        this(error, message, detail, Map.of());
    }

    private OciException(OciError error, String message, Object detail, Map<String, String> headers) {
        super(message);
        this.error = error;
        this.detail = detail;
        this.headers = headers;
    }

    public OciError error() {
        return error;
    }

    /** Structured detail for the error body, or null. */
    public Object detail() {
        return detail;
    }

    /** Headers the response must carry, e.g. an upload's {@code Range} beside a 416. */
    public Map<String, String> headers() {
        return headers;
    }

    public OciException withHeaders(Map<String, String> extra) {
        return new OciException(error, getMessage(), detail, Map.copyOf(extra));
    }
}
