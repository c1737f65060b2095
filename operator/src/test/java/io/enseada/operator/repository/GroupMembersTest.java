package io.enseada.operator.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupMembersTest {
    private static final Repository NPM = Repositories.hosted("team", "npm", Format.NPM);
    private static final Repository NPMJS =
            Repositories.proxy("team", "npmjs", Format.NPM, "https://npm-upstream.example.com/", "upstream");
    private static final Repository CONTAINERS = Repositories.hosted("team", "containers", Format.OCI);

    private static RepositorySpec spec(Repository repository) {
        return RepositoryDocument.of(repository, null);
    }

    @Test
    void membersOfTheSameRegistryAndFormatAreFine() {
        Repository all = Repositories.group("team", "npm-all", Format.NPM, "npm", "npmjs");

        assertThat(GroupMembers.problem(spec(all), List.of(NPM, NPMJS, CONTAINERS, all)))
                .isEmpty();
    }

    @Test
    void aMissingMemberIsNamed() {
        Repository all = Repositories.group("team", "npm-all", Format.NPM, "npm", "npmjs");

        assertThat(GroupMembers.problem(spec(all), List.of(NPM, all)))
                .contains("group npm-all: member 'npmjs' does not exist");
    }

    @Test
    void aMemberBeingDeletedIsMissingAlready() {
        Repository going = Repositories.proxy("team", "npmjs", Format.NPM, "https://npm-upstream.example.com/", null);
        going.getMetadata().setDeletionTimestamp("2026-01-01T10:00:00Z");
        Repository all = Repositories.group("team", "npm-all", Format.NPM, "npm", "npmjs");

        assertThat(GroupMembers.problem(spec(all), List.of(NPM, going)))
                .contains("group npm-all: member 'npmjs' does not exist");
    }

    @Test
    void aMemberOfAnotherFormatIsNamed() {
        Repository all = Repositories.group("team", "npm-all", Format.NPM, "npm", "containers");

        assertThat(GroupMembers.problem(spec(all), List.of(NPM, CONTAINERS)))
                .contains("group npm-all: member 'containers' is a oci repository, not npm");
    }

    @Test
    void groupsInACycleAreRefused() {
        Repository first = Repositories.group("team", "first", Format.NPM, "npm", "second");
        Repository second = Repositories.group("team", "second", Format.NPM, "first");

        assertThat(GroupMembers.problem(spec(first), List.of(NPM, first, second)))
                .contains("groups form a cycle: first -> second -> first");
        assertThat(GroupMembers.problem(spec(second), List.of(NPM, first, second)))
                .contains("groups form a cycle: second -> first -> second");
    }

    @Test
    void aRepositoryThatIsNoGroupHasNoMembersToCheck() {
        assertThat(GroupMembers.problem(spec(NPMJS), List.of())).isEmpty();
    }
}
