package io.enseada.registry.access;

/**
 * The caller may not do what it asked. When the caller is anonymous (or its credentials were
 * wrong) the protocol answers 401 with its challenge, otherwise 403.
 */
public class AccessDeniedException extends RuntimeException {
    private final boolean authenticationRequired;

    public AccessDeniedException(boolean authenticationRequired, String message) {
        super(message);
        this.authenticationRequired = authenticationRequired;
    }

    public static AccessDeniedException authenticationRequired() {
        return new AccessDeniedException(true, "authentication required");
    }

    public static AccessDeniedException badCredentials() {
        return new AccessDeniedException(true, "invalid username or password");
    }

    public static AccessDeniedException forbidden(String message) {
        return new AccessDeniedException(false, message);
    }

    public boolean authenticationRequired() {
        return authenticationRequired;
    }
}
