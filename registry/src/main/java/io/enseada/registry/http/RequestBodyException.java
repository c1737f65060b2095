package io.enseada.registry.http;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * A request body the registry will not take: larger than its cap (413), or it stopped arriving
 * (408), or could not be read (400). Nothing was changed; rendered in the request's protocol format.
 */
public final class RequestBodyException extends RuntimeException {
    private final int status;

    private RequestBodyException(int status, String message) {
        super(message);
        this.status = status;
    }

    private RequestBodyException(int status, String message, IOException cause) {
        super(message, cause);
        this.status = status;
    }

    /** @param what the body, as the message names it: "an npm login" */
    public static RequestBodyException tooLarge(String what, long limit) {
        return new RequestBodyException(
                413, "the request body is too large: " + what + " may have at most " + limit + " bytes");
    }

    public static RequestBodyException unreadable(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MinimumBodyRate.TooSlow) {
                return new RequestBodyException(408, cause.getMessage());
            }
            if (cause instanceof TimeoutException) {
                return new RequestBodyException(408, "the request body stopped arriving");
            }
        }
        // Kept as the cause: a client that hung up is told apart from a defect when it is answered.
        return new RequestBodyException(400, "the request ended before its body was complete", e);
    }

    public int status() {
        return status;
    }
}
