package io.enseada.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The owner reference of an object the operator produces for a resource: {@code controller: true}
 * (the resource controls it; tools show it as its controller) and {@code blockOwnerDeletion: true}
 * (a foreground deletion of the resource waits until the garbage collector has removed it).
 */
public final class ControllerReference {
    private ControllerReference() {}

    /** Makes {@code owner} the controller of {@code object}, replacing any reference to it. */
    public static void set(HasMetadata object, HasMetadata owner) {
        OwnerReference reference = new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
        List<OwnerReference> references = new ArrayList<>();
        List<OwnerReference> current = object.getMetadata().getOwnerReferences();
        if (current != null) {
            current.stream().filter(r -> !reference.getUid().equals(r.getUid())).forEach(references::add);
        }
        references.add(reference);
        object.getMetadata().setOwnerReferences(references);
    }
}
