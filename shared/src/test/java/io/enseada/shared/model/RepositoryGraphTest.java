package io.enseada.shared.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryGraphTest {
    private static final RepositorySpec HOSTED = new RepositorySpec("npm", Format.NPM, null, null);
    private static final RepositorySpec PROXY = RepositorySpec.proxy(
            "npmjs", Format.NPM, null, new ProxyOptions(URI.create("https://upstream.example.com/")));
    private static final RepositorySpec MAVEN = new RepositorySpec("releases", Format.MAVEN, null, null);

    private static RepositorySpec group(String name, String... members) {
        return RepositorySpec.group(name, Format.NPM, null, new GroupOptions(List.of(members)));
    }

    @Test
    void aGroupOfExistingMembersOfItsFormatIsFine() {
        assertThat(new RepositoryGraph(List.of(HOSTED, PROXY, group("all", "npm", "npmjs"))).problem())
                .isEmpty();
    }

    @Test
    void aMissingMemberOrOneOfAnotherFormatIsNamed() {
        assertThat(new RepositoryGraph(List.of(HOSTED, group("all", "npm", "gone"))).problem())
                .contains("group all: member 'gone' does not exist");
        assertThat(new RepositoryGraph(List.of(HOSTED, MAVEN, group("all", "npm", "releases"))).problem())
                .contains("group all: member 'releases' is a maven repository, not npm");
    }

    @Test
    void aCycleOfGroupsIsRefusedWithItsPath() {
        RepositoryGraph graph =
                new RepositoryGraph(List.of(HOSTED, group("a", "npm", "b"), group("b", "c"), group("c", "a")));

        assertThat(graph.problem()).contains("groups form a cycle: a -> b -> c -> a");
    }

    @Test
    void aCycleNotThroughTheFirstGroupIsFoundToo() {
        RepositoryGraph graph =
                new RepositoryGraph(List.of(HOSTED, group("top", "x"), group("x", "y"), group("y", "x", "npm")));

        assertThat(graph.problem())
                .hasValueSatisfying(p -> assertThat(p).startsWith("groups form a cycle: x -> y -> x"));
    }

    @Test
    void leavesAreTheNestedGroupsMembersInOrderEachOnceWithoutCycles() {
        RepositorySpec inner = group("inner", "npmjs", "npm");
        RepositorySpec outer = group("outer", "npm", "inner");
        RepositorySpec cyclic = group("cyclic", "outer", "cyclic2");
        RepositorySpec cyclic2 = group("cyclic2", "cyclic");
        RepositoryGraph graph = new RepositoryGraph(List.of(HOSTED, PROXY, inner, outer, cyclic, cyclic2));

        assertThat(graph.leaves(outer)).containsExactly(HOSTED, PROXY);
        assertThat(graph.leaves(cyclic)).containsExactly(HOSTED, PROXY);
        assertThat(graph.leaves(HOSTED)).containsExactly(HOSTED);
    }
}
