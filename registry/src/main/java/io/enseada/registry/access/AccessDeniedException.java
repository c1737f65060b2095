package io.enseada.registry.access;

import io.enseada.shared.model.AccessAction;

/**
 * The caller may not do what it asked. When the caller is anonymous (or its credentials were
 * wrong) the protocol answers 401 with its challenge, otherwise 403. The target, when known,
 * lets a protocol name what was asked for in its challenge (the OCI {@code scope}).
 */
public class AccessDeniedException extends RuntimeException {
    private final boolean authenticationRequired;
    private final Target target;

    /** What was asked for: an action on a repository, or on a path inside it (path may be null). */
    public record Target(String repository, String path, AccessAction action) {
    }

    public AccessDeniedException(boolean authenticationRequired, String message, Target target) {
        super(message);
        this.authenticationRequired = authenticationRequired;
        this.target = target;
    }

    public static AccessDeniedException authenticationRequired() {
        return new AccessDeniedException(true, "authentication required", null);
    }

    public static AccessDeniedException authenticationRequired(Target target) {
        return new AccessDeniedException(true, "authentication required", target);
    }

    public static AccessDeniedException badCredentials() {
        return new AccessDeniedException(true, "invalid username, password or token", null);
    }

    public static AccessDeniedException forbidden(String message) {
        return new AccessDeniedException(false, message, null);
    }

    public static AccessDeniedException forbidden(String message, Target target) {
        return new AccessDeniedException(false, message, target);
    }

    public boolean needsAuthentication() {
        return authenticationRequired;
    }

    /** Null when the request did not concern one repository. */
    public Target target() {
        return target;
    }
}
