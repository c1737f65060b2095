package io.enseada.registry.http;

/** An error's body in one protocol's wire format. */
public record ErrorBody(String contentType, String text) {

    /** The code beside an answer of {@code status} that no more specific error names. */
    public static String codeFor(int status) {
        return switch (status) {
            case 408 -> "TIMEOUT";
            case 413, 414, 431 -> "SIZE_INVALID";
            default -> status >= 500 ? "UNKNOWN" : "INVALID";
        };
    }
}
