package io.enseada.operator.common;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import java.util.Objects;

/** A status is patched only when it changed, after a reconcile and after a {@link FailedWithStatus}. */
public final class StatusPatches {
    private StatusPatches() {
    }

    public static <S extends ResourceStatus, R extends CustomResource<?, S>> UpdateControl<R> patchIfChanged(R resource, S status) {
        if (Objects.equals(resource.getStatus(), status)) {
            return UpdateControl.noUpdate();
        }
        resource.setStatus(status);
        return UpdateControl.patchStatus(resource);
    }

    /**
     * The status a {@link FailedWithStatus} carries, when it differs from the stored one. It may
     * come wrapped: JOSDK's Micrometer metrics rethrow what a reconcile threw as an OperatorException.
     */
    @SuppressWarnings("unchecked")
    public static <S extends ResourceStatus, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> onError(R resource, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof FailedWithStatus failed) {
                if (Objects.equals(resource.getStatus(), failed.status())) {
                    break;
                }
                resource.setStatus((S) failed.status());
                return ErrorStatusUpdateControl.patchStatus(resource);
            }
        }
        return ErrorStatusUpdateControl.noStatusUpdate();
    }
}
