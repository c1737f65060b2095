package io.enseada.registry.access;

import static io.enseada.shared.model.AccessAction.ADMIN;
import static io.enseada.shared.model.AccessAction.DELETE;
import static io.enseada.shared.model.AccessAction.READ;
import static io.enseada.shared.model.AccessAction.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.PolicyRule;
import io.enseada.shared.model.PolicySpec;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.Visibility;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizerTest {
    private final List<CompiledPolicy> policies = new ArrayList<>();
    private final Authorizer authorizer = new Authorizer(() -> policies);
    private final RepositorySpec teamImages = new RepositorySpec("team-images", Format.OCI, Visibility.PRIVATE, null);
    private final RepositorySpec otherImages = new RepositorySpec("other-images", Format.OCI, Visibility.PRIVATE, null);
    private final RepositorySpec publicJs = new RepositorySpec("public-js", Format.NPM, Visibility.PUBLIC, null);

    private final Principal alice = Principal.user("alice", false, List.of("devs"), Restriction.NONE);
    private final Principal bob = Principal.user("bob", false, List.of(), Restriction.NONE);
    private final Principal root = Principal.user("root", true, List.of(), Restriction.NONE);
    private final Principal ci = Principal.robot("ci", Restriction.NONE);

    private void policy(String name, List<String> subjects, PolicyRule... rules) {
        policies.add(CompiledPolicy.of(new PolicySpec(name, subjects, List.of(rules))));
    }

    private static PolicyRule rule(List<String> repositories, List<String> paths, AccessAction... actions) {
        return new PolicyRule(repositories, paths, List.of(actions));
    }

    @Test
    void aReadThroughAGroupNeedsTheCallersOwnRightOnTheMemberWithATokenForTheGroupsName() {
        RepositorySpec group = new RepositorySpec("all-images", Format.OCI, Visibility.PRIVATE, null);
        policy("alice-reads", List.of("user:alice"), rule(List.of("all-images", "team-images"), List.of(), READ));
        Principal pullToken = alice.restrictedTo(
                new TokenGrants(List.of(new BearerTokens.Grant("repository", "all-images/app", List.of("pull")))));

        assertThat(authorizer.allowsThrough(pullToken, group, teamImages, "app", READ))
                .isTrue();
        assertThat(authorizer.allowsThrough(pullToken, group, otherImages, "app", READ))
                .as("no right of her own on the member")
                .isFalse();
        assertThat(authorizer.allowsThrough(pullToken, group, teamImages, "other", READ))
                .as("another image than the token's")
                .isFalse();
        assertThat(authorizer.allowsThrough(pullToken, group, teamImages, "app", WRITE))
                .isFalse();
        assertThat(authorizer.allows(pullToken, teamImages, "app", READ))
                .as("the token alone, not through the group")
                .isFalse();
    }

    @Test
    void noMatchingPolicyIsNoAccess() {
        assertThat(authorizer.granted(alice, teamImages, null)).isEmpty();
        assertThat(authorizer.granted(Principal.ANONYMOUS, teamImages, null)).isEmpty();
    }

    @Test
    void publicRepositoriesAreReadableByAnyoneButNotWritable() {
        assertThat(authorizer.granted(Principal.ANONYMOUS, publicJs, null)).containsExactly(READ);
        assertThat(authorizer.granted(bob, publicJs, "left-pad")).containsExactly(READ);
    }

    @Test
    void administratorsMayDoEverything() {
        assertThat(authorizer.granted(root, teamImages, "app")).containsExactly(READ, WRITE, DELETE, ADMIN);
    }

    @Test
    void effectiveRightIsTheUnionOfMatchingPolicies() {
        policy("devs-read", List.of("group:devs"), rule(List.of("team-*"), List.of(), READ));
        policy("alice-write", List.of("user:alice"), rule(List.of("team-images"), List.of(), WRITE));
        policy("bob-delete", List.of("user:bob"), rule(List.of("*"), List.of(), DELETE));

        assertThat(authorizer.granted(alice, teamImages, "app")).containsExactly(READ, WRITE);
        assertThat(authorizer.granted(alice, otherImages, "app")).isEmpty();
        assertThat(authorizer.granted(bob, otherImages, "app")).containsExactly(DELETE);
    }

    @Test
    void adminActionIncludesTheOthersOnItsRepositoriesOnly() {
        policy("owners", List.of("robot:ci"), rule(List.of("team-images"), List.of(), ADMIN));
        assertThat(authorizer.granted(ci, teamImages, null)).containsExactly(READ, WRITE, DELETE, ADMIN);
        assertThat(authorizer.granted(ci, otherImages, null)).isEmpty();
        assertThat(authorizer.isAdmin(ci)).isFalse();
    }

    @Test
    void authenticatedAndAnonymousSubjects() {
        policy("everyone-reads", List.of("authenticated"), rule(List.of("team-images"), List.of(), READ));
        policy("anon-reads-other", List.of("anonymous"), rule(List.of("other-images"), List.of(), READ));

        assertThat(authorizer.allows(bob, teamImages, READ)).isTrue();
        assertThat(authorizer.allows(Principal.ANONYMOUS, teamImages, READ)).isFalse();
        assertThat(authorizer.allows(Principal.ANONYMOUS, otherImages, READ)).isTrue();
        assertThat(authorizer.allows(bob, otherImages, READ)).isFalse();
    }

    @Test
    void pathGlobsLimitARuleToImagesInsideTheRepository() {
        policy(
                "app-team",
                List.of("user:alice"),
                rule(List.of("team-images"), List.of("app/**", "tools/*"), READ, WRITE));

        assertThat(authorizer.allows(alice, teamImages, "app/web", WRITE)).isTrue();
        assertThat(authorizer.allows(alice, teamImages, "app/web/nginx", WRITE)).isTrue();
        assertThat(authorizer.allows(alice, teamImages, "tools/lint", WRITE)).isTrue();
        assertThat(authorizer.allows(alice, teamImages, "tools/lint/deep", WRITE))
                .isFalse();
        assertThat(authorizer.allows(alice, teamImages, "db", WRITE)).isFalse();
        // The repository as a whole can be seen, not written.
        assertThat(authorizer.allows(alice, teamImages, null, READ)).isTrue();
        assertThat(authorizer.allows(alice, teamImages, null, WRITE)).isFalse();
    }

    @Test
    void aTokenScopeNarrowsButNeverWidens() {
        policy("alice-all", List.of("user:alice"), rule(List.of("*"), List.of(), READ, WRITE, DELETE));
        Principal scoped = alice.restrictedTo(
                Restriction.scope(List.of(CompiledRule.of(rule(List.of("team-images"), List.of(), READ, WRITE)))));

        assertThat(authorizer.granted(scoped, teamImages, "x")).containsExactly(READ, WRITE);
        assertThat(authorizer.granted(scoped, otherImages, "x")).isEmpty();
        assertThat(authorizer.granted(scoped, publicJs, "x")).containsExactly(READ);
        Principal scopedAdmin = root.restrictedTo(
                Restriction.scope(List.of(CompiledRule.of(rule(List.of("team-images"), List.of(), READ)))));
        assertThat(authorizer.granted(scopedAdmin, teamImages, null)).containsExactly(READ);
        assertThat(authorizer.isAdmin(scopedAdmin)).isFalse();
    }
}
