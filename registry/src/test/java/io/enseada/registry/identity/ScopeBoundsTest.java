package io.enseada.registry.identity;

import static io.enseada.shared.model.AccessAction.ADMIN;
import static io.enseada.shared.model.AccessAction.DELETE;
import static io.enseada.shared.model.AccessAction.READ;
import static io.enseada.shared.model.AccessAction.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.PolicyRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeBoundsTest {
    private static PolicyRule rule(List<String> repositories, List<String> paths, AccessAction... actions) {
        return new PolicyRule(repositories, paths, List.of(actions));
    }

    @Test
    void narrowerRulesStayWithin() {
        List<PolicyRule> held = List.of(
                rule(List.of("team-*"), List.of(), READ, WRITE), rule(List.of("npm"), List.of("apps/**"), ADMIN));
        assertThat(ScopeBounds.within(List.of(rule(List.of("team-a"), List.of(), READ)), held))
                .isTrue();
        assertThat(ScopeBounds.within(List.of(rule(List.of("team-*"), List.of("x/*"), WRITE)), held))
                .isTrue();
        assertThat(ScopeBounds.within(List.of(rule(List.of("team-b*"), List.of(), READ)), held))
                .isTrue();
        assertThat(ScopeBounds.within(List.of(rule(List.of("npm"), List.of("apps/web/**"), DELETE)), held))
                .isTrue();
        assertThat(ScopeBounds.within(
                        List.of(
                                rule(List.of("npm"), List.of("apps/web"), READ),
                                rule(List.of("team-c"), List.of(), WRITE)),
                        held))
                .isTrue();
    }

    @Test
    void widerRulesDoNot() {
        List<PolicyRule> held =
                List.of(rule(List.of("team-*"), List.of(), READ), rule(List.of("npm"), List.of("apps/*"), READ));
        assertThat(ScopeBounds.within(List.of(rule(List.of("team-a"), List.of(), WRITE)), held))
                .as("more actions")
                .isFalse();
        assertThat(ScopeBounds.within(List.of(rule(List.of("*"), List.of(), READ)), held))
                .as("more repositories")
                .isFalse();
        assertThat(ScopeBounds.within(List.of(rule(List.of("team-a", "other"), List.of(), READ)), held))
                .isFalse();
        assertThat(ScopeBounds.within(List.of(rule(List.of("npm"), List.of(), READ)), held))
                .as("all paths")
                .isFalse();
        assertThat(ScopeBounds.within(List.of(rule(List.of("npm"), List.of("apps/**"), READ)), held))
                .as("** crosses '/'")
                .isFalse();
        assertThat(ScopeBounds.within(List.of(rule(List.of("team-a"), List.of(), ADMIN)), held))
                .isFalse();
    }
}
