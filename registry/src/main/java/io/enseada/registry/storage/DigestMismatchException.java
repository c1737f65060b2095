package io.enseada.registry.storage;

/** The bytes received do not hash to the digest the client named. */
public class DigestMismatchException extends StorageException {
    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(Digest expected, Digest actual) {
        super("content digest " + actual + " does not match " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
