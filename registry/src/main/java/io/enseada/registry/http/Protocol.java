package io.enseada.registry.http;

/** The protocol a request speaks, from its path; it decides the wire format of errors. */
public enum Protocol {
    OCI, MAVEN, NPM, API, OTHER;

    public static Protocol of(String path) {
        if (path.startsWith("/auth/")) {
            return OCI; // the Docker token endpoint answers in the OCI error format
        }
        return switch (TrafficMetrics.formatOf(path)) {
            case "oci" -> OCI;
            case "maven" -> MAVEN;
            case "npm" -> NPM;
            case "api" -> API;
            default -> OTHER;
        };
    }
}
