package io.enseada.registry.maven;

/** A request the Maven repository refuses; {@link MavenRoutes} renders it as a one-line answer. */
public final class MavenException extends RuntimeException {
    private final int status;

    private MavenException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static MavenException invalid(String message) {
        return new MavenException(400, message);
    }

    /** A body the repository parses in memory (metadata, a checksum) that is over its cap. */
    public static MavenException tooLarge(String message) {
        return new MavenException(413, message);
    }

    public static MavenException notFound(String message) {
        return new MavenException(404, message);
    }

    public static MavenException conflict(String message) {
        return new MavenException(409, message);
    }

    public int status() {
        return status;
    }
}
