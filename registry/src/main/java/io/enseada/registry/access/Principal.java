package io.enseada.registry.access;

import io.enseada.shared.model.Subject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who is calling, as established by the {@link Authenticator}.
 *
 * @param accountAdmin whether the account is an administrator; what the call may do is
 *                     {@link #isAdmin()}, which also looks at the credential's restriction
 * @param subjects every policy subject the caller answers to (its own, its groups, and
 *                 {@code authenticated} or {@code anonymous})
 * @param restriction what a token or bearer JWT narrows the caller to; {@link Restriction#NONE} otherwise
 * @param credential what the caller authenticated with
 */
public record Principal(
        String name,
        Kind kind,
        boolean accountAdmin,
        Set<String> subjects,
        Restriction restriction,
        Credential credential) {
    public static final Principal ANONYMOUS = new Principal(
            "anonymous", Kind.ANONYMOUS, false, Set.of(Subject.ANONYMOUS), Restriction.NONE, Credential.NONE);

    public enum Kind {
        ANONYMOUS,
        USER,
        ROBOT
    }

    public Principal {
        subjects = Set.copyOf(subjects);
    }

    public static Principal user(String name, boolean admin, Iterable<String> groups, Restriction restriction) {
        Set<String> subjects = new LinkedHashSet<>();
        subjects.add(Subject.user(name));
        subjects.add(Subject.AUTHENTICATED);
        groups.forEach(group -> subjects.add(Subject.group(group)));
        return new Principal(name, Kind.USER, admin, subjects, restriction, Credential.NONE);
    }

    public static Principal robot(String name, Restriction restriction) {
        return new Principal(
                name,
                Kind.ROBOT,
                false,
                Set.of(Subject.robot(name), Subject.AUTHENTICATED),
                restriction,
                Credential.NONE);
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }

    /**
     * Whether this call has administrator rights: an administrator's account acting with a
     * credential that does not narrow it. A scoped token or a bearer JWT of an administrator is
     * not an administrator, so decisions about other accounts must ask this, never the account flag.
     */
    public boolean isAdmin() {
        return accountAdmin && restriction == Restriction.NONE;
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
        return new Principal(name, kind, accountAdmin, subjects, narrower, credential);
    }

    public Principal withCredential(Credential proof) {
        return new Principal(name, kind, accountAdmin, subjects, restriction, proof);
    }
}
