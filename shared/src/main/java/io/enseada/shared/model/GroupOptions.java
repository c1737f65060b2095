package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Options of a group repository.
 *
 * @param members               the repositories behind the group, searched in this order; groups
 *                              may hold groups, never in a cycle ({@link RepositoryGraph})
 * @param protectHostedPackages the "dependency confusion" defence: an npm package that a hosted
 *                              member holds is served from hosted members only, never merged with
 *                              a proxied package of the same name; true when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupOptions(List<String> members, Boolean protectHostedPackages) {
    public static final int MAX_MEMBERS = 64;

    public GroupOptions(List<String> members) {
        this(members, null);
    }

    public GroupOptions {
        protectHostedPackages = protectHostedPackages == null || protectHostedPackages;
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("group.members must name at least one repository");
        }
        if (members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("group.members may name at most " + MAX_MEMBERS + " repositories");
        }
        Set<String> seen = new HashSet<>();
        for (String member : members) {
            RepositoryName.require(member);
            if (!seen.add(member)) {
                throw new IllegalArgumentException("group.members names '" + member + "' twice");
            }
        }
        members = List.copyOf(members);
    }
}
