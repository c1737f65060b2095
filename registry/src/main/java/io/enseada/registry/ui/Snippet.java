package io.enseada.registry.ui;

import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;

/** The client configuration a repository's page offers to paste, as the README documents it. */
record Snippet(String label, String text) {

    /**
     * @param base the registry's base URL, e.g. {@code https://registry.example.com}
     * @param host its authority as an image reference names it, e.g. {@code registry.example.com}
     */
    static Snippet of(RepositorySpec repository, String base, String host) {
        String name = repository.name();
        if (repository.format() == Format.OCI) {
            return new Snippet(
                    "docker, podman",
                    "docker login " + host + "\n"
                            + "docker pull " + host + "/" + name + "/IMAGE:TAG\n"
                            + (repository.acceptsWrites() ? "docker push " + host + "/" + name + "/IMAGE:TAG\n" : ""));
        }
        if (repository.format() == Format.MAVEN) {
            return new Snippet(
                    "pom.xml (and the server's credentials in ~/.m2/settings.xml under the same id)",
                    "<repository>\n  <id>enseada-" + name + "</id>\n  <url>" + base + "/maven/" + name
                            + "</url>\n</repository>\n");
        }
        String registry = base + "/npm/" + name + "/";
        String scheme = registry.startsWith("https:") ? "https:" : "http:";
        return new Snippet(
                ".npmrc",
                "registry=" + registry + "\n" + registry.substring(scheme.length()) + ":_authToken=${ENSEADA_TOKEN}\n");
    }
}
