package io.enseada.registry.errors;

import io.enseada.shared.model.AccessAction;
import java.util.List;

/**
 * The caller may not do what it asked. When the caller is anonymous (or its credentials were
 * wrong) the protocol answers 401 with its challenge. When it holds a bearer token from the token
 * endpoint that lacks the right, the scope is insufficient: an OCI client answers that by asking
 * the token endpoint again, so the OCI protocol answers 401 with {@code error="insufficient_scope"}
 * (other protocols, whose clients cannot, 403). Otherwise 403. The targets, when known, let a
 * protocol name what was asked for in its challenge (the OCI {@code scope}).
 */
public class AccessDeniedException extends RuntimeException {
    private final Reason reason;
    private final List<Target> targets;

    public enum Reason {
        AUTHENTICATION_REQUIRED,
        INSUFFICIENT_SCOPE,
        FORBIDDEN
    }

    /**
     * What was asked for: an action on a repository, or on a path inside it (path may be null), or
     * {@link #CATALOG}.
     */
    public record Target(String repository, String path, AccessAction action) {
        /** Reading the list of every image name, {@code GET /v2/_catalog}. */
        public static final Target CATALOG = new Target(null, null, AccessAction.READ);

        public boolean isCatalog() {
            return repository == null;
        }
    }

    /** @param target what was asked for, or null */
    public AccessDeniedException(boolean authenticationRequired, String message, Target target) {
        this(
                authenticationRequired ? Reason.AUTHENTICATION_REQUIRED : Reason.FORBIDDEN,
                message,
                target == null ? List.of() : List.of(target));
    }

    private AccessDeniedException(Reason reason, String message, List<Target> targets) {
        super(message);
        this.reason = reason;
        this.targets = List.copyOf(targets);
    }

    public static AccessDeniedException authenticationRequired() {
        return authenticationRequired(List.of());
    }

    public static AccessDeniedException authenticationRequired(List<Target> targets) {
        return new AccessDeniedException(Reason.AUTHENTICATION_REQUIRED, "authentication required", targets);
    }

    public static AccessDeniedException badCredentials() {
        return new AccessDeniedException(
                Reason.AUTHENTICATION_REQUIRED, "invalid username, password or token", List.of());
    }

    /** The caller's bearer token from the token endpoint does not grant {@code targets}; a new one might. */
    public static AccessDeniedException insufficientScope(String message, List<Target> targets) {
        return new AccessDeniedException(Reason.INSUFFICIENT_SCOPE, message, targets);
    }

    public static AccessDeniedException forbidden(String message) {
        return forbidden(message, List.of());
    }

    public static AccessDeniedException forbidden(String message, List<Target> targets) {
        return new AccessDeniedException(Reason.FORBIDDEN, message, targets);
    }

    public Reason reason() {
        return reason;
    }

    public boolean needsAuthentication() {
        return reason == Reason.AUTHENTICATION_REQUIRED;
    }

    /** Empty when the request did not concern one repository or the catalog. */
    public List<Target> targets() {
        return targets;
    }
}
