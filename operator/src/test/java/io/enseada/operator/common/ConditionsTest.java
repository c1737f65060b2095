package io.enseada.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.operator.common.Conditions.Observation;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");

    @Test
    void readyIsTrueOnlyWhenEveryObservationHolds() {
        List<Condition> allGood =
                Conditions.build(List.of(), List.of(Observation.holds("Synced", "DocumentWritten", "ok")), 3, T0);
        assertThat(Conditions.isTrue(allGood, Conditions.READY)).isTrue();

        List<Condition> oneBad = Conditions.build(
                List.of(),
                List.of(
                        Observation.holds("Synced", "DocumentWritten", "ok"),
                        Observation.fails("DatabaseReady", "DatabaseUnreachable", "connection refused")),
                3,
                T0);
        Condition ready = Conditions.find(oneBad, Conditions.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("DatabaseUnreachable");
        assertThat(ready.getMessage()).isEqualTo("connection refused");
    }

    @Test
    void everyConditionCarriesTheGenerationItWasBuiltFor() {
        List<Condition> conditions = Conditions.build(List.of(), List.of(Observation.holds("Synced", "R", "m")), 7, T0);
        assertThat(conditions).extracting(Condition::getObservedGeneration).containsOnly(7L);
    }

    @Test
    void transitionTimeMovesOnlyWhenTheStatusChanges() {
        List<Condition> first = Conditions.build(List.of(), List.of(Observation.holds("Synced", "R", "m")), 1, T0);
        List<Condition> same = Conditions.build(first, List.of(Observation.holds("Synced", "Other", "other")), 2, T1);
        assertThat(Conditions.find(same, "Synced").orElseThrow().getLastTransitionTime())
                .isEqualTo("2026-01-01T10:00:00Z");

        List<Condition> flipped = Conditions.build(same, List.of(Observation.fails("Synced", "R", "m")), 2, T1);
        assertThat(Conditions.find(flipped, "Synced").orElseThrow().getLastTransitionTime())
                .isEqualTo("2026-01-01T10:05:00Z");
        assertThat(Conditions.find(flipped, Conditions.READY).orElseThrow().getLastTransitionTime())
                .isEqualTo("2026-01-01T10:05:00Z");
    }

    @Test
    void theSameObservationsBuildEqualConditionsSoNothingIsPatched() {
        List<Observation> observations = List.of(Observation.holds("Synced", "R", "m"));
        List<Condition> first = Conditions.build(List.of(), observations, 1, T0);
        assertThat(Conditions.build(first, observations, 1, T1)).isEqualTo(first);
    }
}
