package io.enseada.registry.access;

import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.RepositorySpec;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides whether a principal may act on a repository: the union of every policy that names one
 * of the caller's subjects, plus everything for administrators, capped by the caller's token
 * scope — plus reading public repositories, which anyone may. No match is no access.
 */
public final class Authorizer {
    private final Supplier<Collection<CompiledPolicy>> policies;

    public Authorizer(Supplier<Collection<CompiledPolicy>> policies) {
        this.policies = policies;
    }

    /** @param path the image or package inside the repository, or null for the repository as a whole */
    public boolean allows(Principal principal, RepositorySpec repository, String path, AccessAction action) {
        // Public means public: a narrow token does not make a public repository unreadable.
        if (action == AccessAction.READ && repository.isPublic()) {
            return true;
        }
        if (!principal.restriction().permits(repository.name(), path, action)) {
            return false;
        }
        // Within the restriction checked above, an administrator's account holds everything.
        if (principal.accountAdmin()) {
            return true;
        }
        for (CompiledPolicy policy : policies.get()) {
            if (policy.appliesTo(principal.subjects()) && policy.grants(repository.name(), path, action)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a caller let act on {@code path} of a group may have it from {@code member}: its own
     * rights on the member decide, so a group never serves what the member would refuse. A token
     * bound to the group's name (as the token flow issues one for a pull through the group) counts
     * as bound to the member's name too.
     */
    public boolean allowsThrough(
            Principal principal, RepositorySpec group, RepositorySpec member, String path, AccessAction action) {
        Restriction bound = principal.restriction();
        Restriction throughGroup = (repository, inside, act) -> bound.permits(repository, inside, act)
                || (repository.equals(member.name()) && bound.permits(group.name(), inside, act));
        return allows(principal.restrictedTo(throughGroup), member, path, action);
    }

    public boolean allows(Principal principal, RepositorySpec repository, AccessAction action) {
        return allows(principal, repository, null, action);
    }

    /** Every action the caller holds on a repository (or a path in it). */
    public Set<AccessAction> granted(Principal principal, RepositorySpec repository, String path) {
        EnumSet<AccessAction> granted = EnumSet.noneOf(AccessAction.class);
        for (AccessAction action : AccessAction.values()) {
            if (allows(principal, repository, path, action)) {
                granted.add(action);
            }
        }
        return granted;
    }

    /** Administrator rights for this call: see {@link Principal#isAdmin()}. */
    public boolean isAdmin(Principal principal) {
        return principal.isAdmin();
    }
}
