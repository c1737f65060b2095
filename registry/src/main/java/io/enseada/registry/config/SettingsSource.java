package io.enseada.registry.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** Reads one setting: the environment variable wins over the YAML key, which wins over the default. */
final class SettingsSource {
    private final Map<String, String> env;
    private final JsonNode yaml;

    SettingsSource(Map<String, String> env, JsonNode yaml) {
        this.env = env;
        this.yaml = yaml == null ? MissingNode.getInstance() : yaml;
    }

    /** The raw value, or null when neither source nor default has one. */
    String text(Setting setting) {
        String fromEnv = env.get(setting.env());
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        if (setting.yamlKey() != null) {
            JsonNode node = yaml;
            for (String part : setting.yamlKey().split("\\.")) {
                node = node.path(part);
            }
            if (node.isValueNode() && !node.isNull() && !node.asText().isBlank()) {
                return node.asText().trim();
            }
            if (node.isContainerNode()) {
                throw new ConfigException(
                        setting,
                        "expected a single value, found a "
                                + node.getNodeType().name().toLowerCase(Locale.ROOT));
            }
        }
        return setting.defaultValue();
    }

    String required(Setting setting, String because) {
        String value = text(setting);
        if (value == null) {
            throw new ConfigException(setting, "is required " + because);
        }
        return value;
    }

    String choice(Setting setting, String... choices) {
        String value = text(setting).toLowerCase(Locale.ROOT);
        if (Arrays.asList(choices).contains(value)) {
            return value;
        }
        throw new ConfigException(setting, "'" + text(setting) + "' is not one of " + String.join(", ", choices));
    }

    boolean bool(Setting setting) {
        String value = text(setting).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(setting, "'" + value + "' is not true or false");
        };
    }

    int port(Setting setting) {
        String value = text(setting);
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException(setting, "'" + value + "' is not a port number (0-65535)");
        }
    }

    int positive(Setting setting) {
        String value = text(setting);
        try {
            int number = Integer.parseInt(value);
            if (number < 1) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new ConfigException(setting, "'" + value + "' is not a positive whole number");
        }
    }

    URI url(Setting setting, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null
                    || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new ConfigException(setting, "'" + withoutUserInfo(value) + "' is not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(setting, "'" + withoutUserInfo(value) + "' is not a URL");
        }
    }

    /** URLs may carry credentials; messages must not. */
    static String withoutUserInfo(String url) {
        return url.replaceFirst("//[^/@]*@", "//");
    }

    Duration duration(Setting setting) {
        String value = text(setting);
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative()) {
                throw new ConfigException(setting, "'" + value + "' is negative");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new ConfigException(setting, "'" + value + "' is not an ISO-8601 duration such as PT24H");
        }
    }

    Path path(Setting setting, String value) {
        try {
            return Path.of(value);
        } catch (RuntimeException e) {
            throw new ConfigException(setting, "'" + value + "' is not a path");
        }
    }

    Secret secret(Setting setting) {
        String value = text(setting);
        return value == null ? null : new Secret(value);
    }

    JsonNode yaml() {
        return yaml;
    }
}
