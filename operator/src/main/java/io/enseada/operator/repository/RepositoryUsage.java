package io.enseada.operator.repository;

import io.enseada.shared.model.Format;

/** How a client addresses a repository (DESIGN.md, "How clients address a repository"). */
public final class RepositoryUsage {
    private RepositoryUsage() {}

    /** The image prefix (oci) or the repository URL (maven, npm). */
    public static String url(String registryUrl, Format format, String name) {
        String base = registryUrl.replaceAll("/+$", "");
        return switch (format) {
            case OCI -> base.replaceFirst("^https?://", "") + "/" + name;
            case MAVEN -> base + "/maven/" + name + "/";
            case NPM -> base + "/npm/" + name + "/";
        };
    }

    /** One line showing a client using it. */
    public static String hint(String registryUrl, Format format, String name) {
        String url = url(registryUrl, format, name);
        return switch (format) {
            case OCI -> "docker push " + url + "/IMAGE:TAG";
            case MAVEN -> "<repository><id>" + name + "</id><url>" + url + "</url></repository>";
            case NPM -> "registry=" + url;
        };
    }
}
