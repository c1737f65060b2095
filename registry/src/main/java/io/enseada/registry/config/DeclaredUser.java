package io.enseada.registry.config;

import java.util.List;

/**
 * A user declared in the YAML file's {@code users:} list. Give either {@code password} (hashed at
 * start, never stored as given) or {@code passwordHash} (bcrypt, e.g. from {@code htpasswd -B}).
 */
public record DeclaredUser(
        String name, Secret password, String passwordHash, boolean admin, boolean disabled, List<String> groups) {
    public DeclaredUser {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
