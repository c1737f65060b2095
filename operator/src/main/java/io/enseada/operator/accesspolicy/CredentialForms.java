package io.enseada.operator.accesspolicy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The robot's credentials in the forms clients read: a Docker config (imagePullSecrets, docker,
 * podman, crane, skopeo), an {@code .npmrc} and a Maven {@code settings.xml} server entry. Pure.
 *
 * @param registryUrl        the URL clients use, e.g. {@code https://registry.example.com}
 * @param username           the robot's name (tokens work with any username; this one is honest)
 * @param token              the token value, {@code ens_<id>_<secret>}
 * @param npmRepositories    npm repositories the policy covers, for the {@code .npmrc}
 * @param mavenServerId      id of the settings.xml server entry
 */
public record CredentialForms(
        String registryUrl, String username, String token, List<String> npmRepositories, String mavenServerId) {
    public static final String DEFAULT_MAVEN_SERVER_ID = "enseada";

    public CredentialForms {
        npmRepositories = List.copyOf(npmRepositories);
        mavenServerId = mavenServerId == null || mavenServerId.isBlank() ? DEFAULT_MAVEN_SERVER_ID : mavenServerId;
    }

    /** host[:port] of the registry: what {@code docker login} and image names use. */
    public String host() {
        URI uri = URI.create(registryUrl);
        return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private String base() {
        return registryUrl.replaceAll("/+$", "");
    }

    public String dockerConfigJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode entry = root.putObject("auths").putObject(host());
        entry.put("username", username);
        entry.put("password", token);
        entry.put(
                "auth", Base64.getEncoder().encodeToString((username + ":" + token).getBytes(StandardCharsets.UTF_8)));
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the message would name no value, but do not risk it
            throw new IllegalStateException("could not write the Docker config");
        }
    }

    /**
     * A {@code registry=} line for the first covered npm repository and an {@code _authToken} line
     * per covered repository. With none covered, only a comment: npm looks a token up by the exact
     * registry URL, so a line for a path above the repositories is one it refuses (ENEEDAUTH).
     */
    public String npmrc() {
        String nerfBase = "//" + host() + URI.create(base()).getRawPath() + "/npm/";
        StringBuilder npmrc = new StringBuilder();
        if (npmRepositories.isEmpty()) {
            return "# the policy covers no npm repository of " + base() + "; this file is rewritten when it does\n";
        }
        npmrc.append("registry=")
                .append(base())
                .append("/npm/")
                .append(npmRepositories.get(0))
                .append("/\n");
        for (String repository : npmRepositories) {
            npmrc.append(nerfBase)
                    .append(repository)
                    .append("/:_authToken=")
                    .append(token)
                    .append('\n');
        }
        return npmrc.toString();
    }

    public String mavenSettings() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.0.0 https://maven.apache.org/xsd/settings-1.0.0.xsd">
                  <servers>
                    <server>
                      <id>%s</id>
                      <username>%s</username>
                      <password>%s</password>
                    </server>
                  </servers>
                </settings>
                """.formatted(xml(mavenServerId), xml(username), xml(token));
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    @Override
    public String toString() {
        return "CredentialForms[" + registryUrl + ", " + username + "]";
    }
}
