package io.enseada.operator.repository;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A repository of a Registry: an OCI, Maven or npm namespace for packages. */
@Group("enseada.io")
@Version("v1alpha1")
@ShortNames("ensrepo")
public class Repository extends CustomResource<RepositoryResourceSpec, RepositoryStatus> implements Namespaced {
}
