package io.enseada.registry.http;

import java.util.Map;

/**
 * An error answer before it is written in a protocol's wire format: the status, the OCI-style
 * {@code code} (also the API's), the message, structured detail or null, and headers it needs.
 */
public record Refusal(int status, String code, String message, Object detail, Map<String, String> headers) {
    public Refusal {
        headers = Map.copyOf(headers);
    }

    public Refusal(int status, String code, String message) {
        this(status, code, message, null, Map.of());
    }
}
