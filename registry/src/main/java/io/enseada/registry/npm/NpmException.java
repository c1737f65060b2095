package io.enseada.registry.npm;

/**
 * A refusal in the npm protocol: the status the public registry would answer and a message the
 * CLI shows after it. Rendered once, by {@link NpmRoutes}, as {@code {"error": message}}.
 */
public class NpmException extends RuntimeException {
    private final int status;

    public NpmException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static NpmException badRequest(String message) {
        return new NpmException(400, message);
    }

    public static NpmException forbidden(String message) {
        return new NpmException(403, message);
    }

    public static NpmException notFound(String message) {
        return new NpmException(404, message);
    }

    public static NpmException conflict(String message) {
        return new NpmException(409, message);
    }
}
