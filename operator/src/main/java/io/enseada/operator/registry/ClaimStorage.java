package io.enseada.operator.registry;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/** Filesystem storage is ready when its PersistentVolumeClaim exists and is bound to a volume. */
public final class ClaimStorage {
    private ClaimStorage() {}

    /** @param claim the claim as found in the cluster, null when absent */
    public static StorageHealth of(String claimName, PersistentVolumeClaim claim) {
        if (claim == null) {
            return StorageHealth.failing("ClaimMissing", "PersistentVolumeClaim " + claimName + " does not exist");
        }
        String phase = claim.getStatus() == null || claim.getStatus().getPhase() == null
                ? "Pending"
                : claim.getStatus().getPhase();
        return switch (phase) {
            case "Bound" ->
                StorageHealth.ready(
                        "ClaimBound",
                        "PersistentVolumeClaim " + claimName + " is bound"
                                + (claim.getSpec() == null || claim.getSpec().getVolumeName() == null
                                        ? ""
                                        : " to volume " + claim.getSpec().getVolumeName()));
            // a storage class that binds at the first consumer waits for the registry pods: the Deployment is written
            // all the same
            case "Pending" ->
                StorageHealth.failing(
                        "ClaimPending", "PersistentVolumeClaim " + claimName + " is not bound to a volume yet");
            default ->
                StorageHealth.failing(
                        "ClaimLost", "PersistentVolumeClaim " + claimName + " is " + phase + ": its volume is gone");
        };
    }
}
