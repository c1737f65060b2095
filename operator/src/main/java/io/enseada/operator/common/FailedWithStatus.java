package io.enseada.operator.common;

/**
 * A reconcile that failed in a way worth retrying with backoff (CouchDB down), carrying the status
 * that says so; the reconciler's {@code updateErrorStatus} stores that status.
 */
public final class FailedWithStatus extends RuntimeException {
    private final transient ResourceStatus status;

    public FailedWithStatus(String message, ResourceStatus status) {
        super(message);
        this.status = status;
    }

    public ResourceStatus status() {
        return status;
    }
}
