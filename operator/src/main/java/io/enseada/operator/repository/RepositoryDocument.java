package io.enseada.operator.repository;

import io.enseada.operator.common.IsoDurations;
import io.enseada.shared.model.GroupOptions;
import io.enseada.shared.model.MavenOptions;
import io.enseada.shared.model.ProxyOptions;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.RetentionOptions;
import io.enseada.shared.model.StorageQuota;
import io.enseada.shared.model.UpstreamCredentials;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/** The repository document a Repository resource stands for: its spec in the registry's terms. */
final class RepositoryDocument {
    private RepositoryDocument() {}

    /**
     * @param credentials the values of the proxy's credentials Secret; null for a repository that
     *                    names none, or where only the document's id and shape matter
     * @throws IllegalArgumentException what the spec gets wrong, worded for the one who wrote it
     */
    static RepositorySpec of(Repository repository, UpstreamCredentials credentials) {
        RepositoryResourceSpec spec = repository.getSpec();
        MavenOptions maven = spec.maven() == null
                ? null
                : new MavenOptions(spec.maven().versionPolicy(), spec.maven().allowRedeploy());
        ProxyOptions proxy = spec.proxy() == null ? null : proxy(spec.proxy(), credentials);
        GroupOptions group = spec.group() == null
                ? null
                : new GroupOptions(spec.group().members(), spec.group().protectHostedPackages());
        RetentionOptions retention =
                spec.retention() == null ? null : spec.retention().options();
        StorageQuota quota = spec.quota() == null ? null : StorageQuota.parse(spec.quota());
        return new RepositorySpec(
                RepositoryReconciler.repositoryName(repository),
                spec.format(),
                spec.kind(),
                spec.visibility(),
                maven,
                proxy,
                group,
                retention,
                quota);
    }

    private static ProxyOptions proxy(RepositoryResourceSpec.ProxySpec proxy, UpstreamCredentials credentials) {
        return new ProxyOptions(
                url(proxy.url()),
                credentials,
                duration("metadataMaxAge", proxy.metadataMaxAge()),
                duration("negativeCacheTtl", proxy.negativeCacheTtl()));
    }

    private static URI url(String url) {
        if (url == null) {
            throw new IllegalArgumentException("proxy.url is required: the upstream registry's base URL");
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("proxy.url is not a URL: " + e.getReason());
        }
    }

    private static Duration duration(String field, String text) {
        if (text == null) {
            return null; // the registry's default
        }
        try {
            return IsoDurations.parseAllowingZero(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("proxy." + field + ": " + e.getMessage());
        }
    }
}
