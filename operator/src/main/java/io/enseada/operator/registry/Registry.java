package io.enseada.operator.registry;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An Enseada registry: a Deployment of registry pods on S3 or a volume, with metadata in CouchDB. */
@Group("enseada.io")
@Version("v1alpha1")
@ShortNames("ensreg")
public class Registry extends CustomResource<RegistrySpec, RegistryStatus> implements Namespaced {
}
