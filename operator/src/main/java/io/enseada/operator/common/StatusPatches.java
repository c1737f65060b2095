package io.enseada.operator.common;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.List;
import java.util.Objects;

/**
 * A status is patched only when it changed, after a reconcile and after a {@link FailedWithStatus};
 * the conditions that changed become Events.
 */
public final class StatusPatches {
    private final EventRecorder events;

    public StatusPatches(EventRecorder events) {
        this.events = events;
    }

    public <S extends ResourceStatus, R extends CustomResource<?, S>> UpdateControl<R> patchIfChanged(
            R resource, S status) {
        if (Objects.equals(resource.getStatus(), status)) {
            return UpdateControl.noUpdate();
        }
        recordChanges(resource, status);
        resource.setStatus(status);
        return UpdateControl.patchStatus(resource);
    }

    /**
     * The status a {@link FailedWithStatus} carries, when it differs from the stored one. It may
     * come wrapped: JOSDK's Micrometer metrics rethrow what a reconcile threw as an OperatorException.
     */
    @SuppressWarnings("unchecked")
    public <S extends ResourceStatus, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> onError(
            R resource, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof FailedWithStatus failed) {
                if (Objects.equals(resource.getStatus(), failed.status())) {
                    break;
                }
                recordChanges(resource, (S) failed.status());
                resource.setStatus((S) failed.status());
                return ErrorStatusUpdateControl.patchStatus(resource);
            }
        }
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private <S extends ResourceStatus, R extends CustomResource<?, S>> void recordChanges(R resource, S status) {
        events.conditionChanges(
                resource,
                resource.getStatus() == null ? List.of() : resource.getStatus().getConditions(),
                status.getConditions());
    }
}
