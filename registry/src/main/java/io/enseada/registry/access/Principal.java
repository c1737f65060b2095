package io.enseada.registry.access;

import io.enseada.shared.model.Subject;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who is calling, as established by the {@link Authenticator}.
 *
 * @param subjects every policy subject the caller answers to (its own, its groups, and
 *                 {@code authenticated} or {@code anonymous})
 * @param restriction what a token or bearer JWT narrows the caller to; {@link Restriction#NONE} otherwise
 */
public record Principal(String name, Kind kind, boolean admin, Set<String> subjects, Restriction restriction) {
    public static final Principal ANONYMOUS = new Principal("anonymous", Kind.ANONYMOUS, false,
            Set.of(Subject.ANONYMOUS), Restriction.NONE);

    public enum Kind { ANONYMOUS, USER, ROBOT }

    public Principal {
        subjects = Set.copyOf(subjects);
    }

    public static Principal user(String name, boolean admin, Iterable<String> groups, Restriction restriction) {
        Set<String> subjects = new LinkedHashSet<>();
        subjects.add(Subject.user(name));
        subjects.add(Subject.AUTHENTICATED);
        groups.forEach(group -> subjects.add(Subject.group(group)));
        return new Principal(name, Kind.USER, admin, subjects, restriction);
    }

    public static Principal robot(String name, Restriction restriction) {
        return new Principal(name, Kind.ROBOT, false, Set.of(Subject.robot(name), Subject.AUTHENTICATED), restriction);
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }

    /** The subject naming this caller itself, e.g. {@code user:alice}. */
    public String subject() {
        return switch (kind) {
            case USER -> Subject.user(name);
            case ROBOT -> Subject.robot(name);
            case ANONYMOUS -> Subject.ANONYMOUS;
        };
    }

    /** True when the caller holds a bearer token from the token endpoint, which its client can renew with more grants. */
    public boolean holdsRenewableToken() {
        return restriction instanceof TokenGrants;
    }

    public Principal restrictedTo(Restriction narrower) {
        return new Principal(name, kind, admin, subjects, narrower);
    }
}
