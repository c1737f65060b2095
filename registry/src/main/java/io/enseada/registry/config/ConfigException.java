package io.enseada.registry.config;

/** A setting is wrong or missing; the message is the one line the operator sees. */
public class ConfigException extends RuntimeException {
    public ConfigException(Setting setting, String problem) {
        super(setting.label() + ": " + problem);
    }

    public ConfigException(String message) {
        super(message);
    }
}
