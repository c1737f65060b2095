package io.enseada.operator.registry;

import io.enseada.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryStatusAggregatorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private static RegistryStatus build(RegistryStatus previous, RegistryStatusAggregator.Observed observed) {
        return RegistryStatusAggregator.build(previous, 4, observed, NOW);
    }

    @Test
    void aHealthyRegistryIsReady() {
        RegistryStatus status = build(null, new RegistryStatusAggregator.Observed(Optional.empty(), Optional.empty(), new RegistryStatusAggregator.Pods(2, 2, 2, true), "https://r.example.com"));
        assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isTrue();
        assertThat(status.getObservedGeneration()).isEqualTo(4);
        assertThat(status.getUrl()).isEqualTo("https://r.example.com");
    }

    @Test
    void anUnreachableDatabaseIsAFalseConditionWithItsReason() {
        RegistryStatus status = build(null, new RegistryStatusAggregator.Observed(Optional.empty(), Optional.of("connection refused"), new RegistryStatusAggregator.Pods(1, 1, 1, true), "u"));
        Condition database = Conditions.find(status.getConditions(), RegistryStatusAggregator.DATABASE_READY).orElseThrow();
        assertThat(database.getStatus()).isEqualTo("False");
        assertThat(database.getReason()).isEqualTo("DatabaseUnreachable");
        assertThat(database.getMessage()).contains("connection refused");
        assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isFalse();
    }

    @Test
    void podsNotReadyKeepTheRegistryNotReady() {
        RegistryStatus status = build(null, new RegistryStatusAggregator.Observed(Optional.empty(), Optional.empty(), new RegistryStatusAggregator.Pods(1, 3, 3, true), "u"));
        Condition available = Conditions.find(status.getConditions(), RegistryStatusAggregator.AVAILABLE).orElseThrow();
        assertThat(available.getStatus()).isEqualTo("False");
        assertThat(available.getMessage()).isEqualTo("1/3 registry pods ready");
    }

    @Test
    void aRolloutInProgressIsNotAvailableUntilEveryPodRunsTheCurrentSpec() {
        // three old pods still serve (maxUnavailable 0), one of the new ones is up
        RegistryStatus status = build(null, new RegistryStatusAggregator.Observed(Optional.empty(), Optional.empty(),
                new RegistryStatusAggregator.Pods(3, 1, 3, false), "u"));
        Condition available = Conditions.find(status.getConditions(), RegistryStatusAggregator.AVAILABLE).orElseThrow();
        assertThat(available.getStatus()).isEqualTo("False");
        assertThat(available.getReason()).isEqualTo("Progressing");
        assertThat(available.getMessage()).isEqualTo("3/3 registry pods ready, 1/3 of the current spec");
    }

    @Test
    void anInvalidSpecSaysWhyAndChecksNothingElse() {
        RegistryStatus status = build(null, new RegistryStatusAggregator.Observed(
                Optional.of(new RegistryValidation.Problem("StorageNotShared", "claim data is not ReadWriteMany")), Optional.empty(),
                new RegistryStatusAggregator.Pods(0, 0, 2, false), "u"));
        Condition ready = Conditions.find(status.getConditions(), Conditions.READY).orElseThrow();
        assertThat(ready.getReason()).isEqualTo("StorageNotShared");
        assertThat(Conditions.find(status.getConditions(), RegistryStatusAggregator.DATABASE_READY).orElseThrow().getStatus())
                .isEqualTo("Unknown");
    }

    @Test
    void rebuildingFromTheSameObservationsGivesAnEqualStatus() {
        RegistryStatusAggregator.Observed observed = new RegistryStatusAggregator.Observed(Optional.empty(), Optional.empty(),
                new RegistryStatusAggregator.Pods(1, 1, 1, true), "u");
        RegistryStatus first = build(null, observed);
        RegistryStatus again = RegistryStatusAggregator.build(first, 4, observed, NOW.plusSeconds(600));
        assertThat(again).isEqualTo(first);
    }
}
