package io.enseada.registry.access;

import java.util.Set;

/** Who is calling, as established by the {@link Authenticator}. */
public record Principal(String name, Kind kind, boolean admin, Set<String> groups) {
    public static final Principal ANONYMOUS = new Principal("anonymous", Kind.ANONYMOUS, false, Set.of());

    public enum Kind { ANONYMOUS, USER, ROBOT }

    public Principal {
        groups = Set.copyOf(groups);
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }
}
