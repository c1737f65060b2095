package io.enseada.operator.repository;

import io.enseada.operator.common.ObjectReference;
import io.enseada.operator.repository.RepositoryResourceSpec.CredentialsSpec;
import io.enseada.operator.repository.RepositoryResourceSpec.GroupSpec;
import io.enseada.operator.repository.RepositoryResourceSpec.ProxySpec;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositoryKind;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** Repository resources of the Registry {@code enseada}, as the tests declare them. */
final class Repositories {
    static final String REGISTRY = "enseada";

    private Repositories() {}

    static Repository hosted(String namespace, String name, Format format) {
        return repository(namespace, name, spec(format, null, null, null));
    }

    static Repository proxy(String namespace, String name, Format format, String url, String secretName) {
        CredentialsSpec credentials = secretName == null ? null : new CredentialsSpec(secretName);
        return repository(
                namespace, name, spec(format, RepositoryKind.PROXY, new ProxySpec(url, credentials, null, null), null));
    }

    static Repository group(String namespace, String name, Format format, String... members) {
        return repository(namespace, name, spec(format, RepositoryKind.GROUP, null, new GroupSpec(List.of(members))));
    }

    private static RepositoryResourceSpec spec(Format format, RepositoryKind kind, ProxySpec proxy, GroupSpec group) {
        return new RepositoryResourceSpec(
                new ObjectReference(REGISTRY), null, format, null, null, null, kind, proxy, group);
    }

    static Repository repository(String namespace, String name, RepositoryResourceSpec spec) {
        Repository repository = new Repository();
        repository.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        repository.setSpec(spec);
        return repository;
    }
}
