package io.enseada.registry.npm;

/**
 * A refusal in the npm protocol, of a kind the public registry answers with its own status, and a
 * message the CLI shows after it. Written once, by {@link NpmErrors}, as {@code {"error": message}}.
 */
public class NpmException extends RuntimeException {
    /** What is refused; {@link NpmErrors} maps each to its status. */
    public enum Kind {
        INVALID,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT,
        TOO_LARGE
    }

    private final Kind kind;

    public NpmException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static NpmException badRequest(String message) {
        return new NpmException(Kind.INVALID, message);
    }

    public static NpmException forbidden(String message) {
        return new NpmException(Kind.FORBIDDEN, message);
    }

    public static NpmException notFound(String message) {
        return new NpmException(Kind.NOT_FOUND, message);
    }

    public static NpmException conflict(String message) {
        return new NpmException(Kind.CONFLICT, message);
    }

    /** A body over one of the registry's caps (a tarball that unpacks too large). */
    public static NpmException tooLarge(String message) {
        return new NpmException(Kind.TOO_LARGE, message);
    }
}
