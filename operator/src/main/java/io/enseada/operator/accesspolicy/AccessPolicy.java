package io.enseada.operator.accesspolicy;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Who may do what on which repositories of a Registry, optionally with a robot token in a Secret. */
@Group("enseada.io")
@Version("v1alpha1")
@ShortNames("enspol")
public class AccessPolicy extends CustomResource<AccessPolicySpec, AccessPolicyStatus> implements Namespaced {
}
