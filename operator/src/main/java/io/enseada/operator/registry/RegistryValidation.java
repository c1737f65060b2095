package io.enseada.operator.registry;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.Optional;

/** What the CRD schema cannot say about a Registry spec, checked before anything is produced. */
public final class RegistryValidation {
    private RegistryValidation() {}

    /** A reason (CamelCase) and a one-line message. */
    public record Problem(String reason, String message) {}

    /**
     * @param claim the filesystem storage's claim as found in the cluster; null when absent or not used
     */
    public static Optional<Problem> check(RegistrySpec spec, PersistentVolumeClaim claim) {
        RegistrySpec.StorageSpec storage = spec.storage();
        if ((storage.s3() == null) == (storage.filesystem() == null)) {
            return Optional.of(new Problem("InvalidStorage", "spec.storage must set exactly one of s3 or filesystem"));
        }
        if (storage.filesystem() != null) {
            String claimName = storage.filesystem().claimName();
            if (claim == null) {
                return Optional.of(
                        new Problem("ClaimNotFound", "PersistentVolumeClaim " + claimName + " does not exist"));
            }
            boolean shared = claim.getSpec() != null
                    && claim.getSpec().getAccessModes() != null
                    && claim.getSpec().getAccessModes().contains("ReadWriteMany");
            if (spec.replicasOrDefault() > 1 && !shared) {
                return Optional.of(new Problem(
                        "StorageNotShared",
                        "replicas is " + spec.replicasOrDefault()
                                + " but PersistentVolumeClaim " + claimName
                                + " is not ReadWriteMany; use S3 storage, a ReadWriteMany claim or 1 replica"));
            }
        }
        return Optional.empty();
    }
}
