package io.enseada.registry.maven;

/** A request the Maven repository refuses, of a kind {@link MavenErrors} maps to its status and one-line answer. */
public final class MavenException extends RuntimeException {
    /** What is refused. */
    public enum Kind {
        INVALID,
        TOO_LARGE,
        NOT_FOUND,
        CONFLICT
    }

    private final Kind kind;

    private MavenException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static MavenException invalid(String message) {
        return new MavenException(Kind.INVALID, message);
    }

    /** A body the repository parses in memory (metadata, a checksum) that is over its cap. */
    public static MavenException tooLarge(String message) {
        return new MavenException(Kind.TOO_LARGE, message);
    }

    public static MavenException notFound(String message) {
        return new MavenException(Kind.NOT_FOUND, message);
    }

    public static MavenException conflict(String message) {
        return new MavenException(Kind.CONFLICT, message);
    }

    public Kind kind() {
        return kind;
    }
}
