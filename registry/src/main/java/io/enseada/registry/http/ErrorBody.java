package io.enseada.registry.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error's body in one protocol's wire format. {@code code} is the OCI error code, also used by the API. */
public record ErrorBody(String contentType, String text) {

    /** The code beside an answer of {@code status} that no more specific error names. */
    public static String codeFor(int status) {
        return switch (status) {
            case 408 -> "TIMEOUT";
            case 413, 414, 431 -> "SIZE_INVALID";
            default -> status >= 500 ? "UNKNOWN" : "INVALID";
        };
    }

    public static ErrorBody of(ObjectMapper json, Protocol protocol, String code, String message) {
        return switch (protocol) {
            case OCI -> {
                ObjectNode error = json.createObjectNode().put("code", code).put("message", message);
                error.putNull("detail");
                ObjectNode body = json.createObjectNode();
                body.putArray("errors").add(error);
                yield new ErrorBody("application/json", body.toString());
            }
            case NPM -> new ErrorBody("application/json", json.createObjectNode().put("error", message).toString());
            case MAVEN, OTHER -> new ErrorBody("text/plain; charset=utf-8", message + "\n");
            case API -> {
                ObjectNode body = json.createObjectNode();
                body.putObject("error").put("code", code).put("message", message);
                yield new ErrorBody("application/json", body.toString());
            }
        };
    }
}
