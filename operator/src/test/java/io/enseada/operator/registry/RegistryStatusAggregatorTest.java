package io.enseada.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryStatusAggregatorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(600);
    private static final Optional<StorageHealth> BUCKET_AVAILABLE = Optional.of(StorageHealth.ready(
            "BucketAvailable",
            "bucket enseada-blobs at http://minio:9000 answers with the credentials of Secret enseada-s3"));
    private static final Optional<StorageHealth> ACCESS_DENIED = Optional.of(
            StorageHealth.failing(
                    "AccessDenied",
                    "bucket enseada-blobs at http://minio:9000 refuses access with the credentials of Secret enseada-s3: 403 SignatureDoesNotMatch"));
    private static final RegistryStatusAggregator.Pods ALL_READY = new RegistryStatusAggregator.Pods(2, 2, 2, true);

    private static RegistryStatus build(RegistryStatus previous, RegistryStatusAggregator.Observed observed) {
        return RegistryStatusAggregator.build(previous, 4, observed, NOW);
    }

    private static RegistryStatusAggregator.Observed healthy(Optional<StorageHealth> storage) {
        return new RegistryStatusAggregator.Observed(Optional.empty(), Optional.empty(), storage, ALL_READY, "u");
    }

    private static Condition condition(RegistryStatus status, String type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }

    @Test
    void aHealthyRegistryIsReady() {
        RegistryStatus status = build(
                null,
                new RegistryStatusAggregator.Observed(
                        Optional.empty(), Optional.empty(), BUCKET_AVAILABLE, ALL_READY, "https://r.example.com"));
        assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isTrue();
        assertThat(status.getObservedGeneration()).isEqualTo(4);
        assertThat(status.getUrl()).isEqualTo("https://r.example.com");
        assertThat(status.getConditions())
                .extracting(Condition::getType)
                .containsExactly("ConfigurationValid", "DatabaseReady", "StorageReady", "Available", "Ready");
        assertThat(condition(status, RegistryStatusAggregator.STORAGE_READY).getReason())
                .isEqualTo("BucketAvailable");
    }

    @Test
    void anUnreachableDatabaseIsAFalseConditionWithItsReason() {
        RegistryStatus status = build(
                null,
                new RegistryStatusAggregator.Observed(
                        Optional.empty(),
                        Optional.of("connection refused"),
                        BUCKET_AVAILABLE,
                        new RegistryStatusAggregator.Pods(1, 1, 1, true),
                        "u"));
        Condition database = condition(status, RegistryStatusAggregator.DATABASE_READY);
        assertThat(database.getStatus()).isEqualTo("False");
        assertThat(database.getReason()).isEqualTo("DatabaseUnreachable");
        assertThat(database.getMessage()).contains("connection refused");
        assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isFalse();
    }

    @Test
    void storageThatFailsKeepsAnOtherwiseHealthyRegistryNotReadyWithItsReasonAndMessage() {
        RegistryStatus status = build(null, healthy(ACCESS_DENIED));
        Condition storage = condition(status, RegistryStatusAggregator.STORAGE_READY);
        assertThat(storage.getStatus()).isEqualTo("False");
        assertThat(storage.getReason()).isEqualTo("AccessDenied");
        assertThat(storage.getObservedGeneration()).isEqualTo(4);
        Condition ready = condition(status, Conditions.READY);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("AccessDenied");
        assertThat(ready.getMessage()).isEqualTo(ACCESS_DENIED.get().message());
        assertThat(Conditions.isTrue(status.getConditions(), RegistryStatusAggregator.AVAILABLE))
                .isTrue();
    }

    @Test
    void theDatabaseComesBeforeTheStorageInReady() {
        RegistryStatus status = build(
                null,
                new RegistryStatusAggregator.Observed(
                        Optional.empty(), Optional.of("connection refused"), ACCESS_DENIED, ALL_READY, "u"));
        assertThat(condition(status, Conditions.READY).getReason()).isEqualTo("DatabaseUnreachable");
        assertThat(condition(status, RegistryStatusAggregator.STORAGE_READY).getReason())
                .isEqualTo("AccessDenied");
    }

    @Test
    void storageThatFailsAfterItWasReadyMovesItsTransitionTimeAndReady() {
        RegistryStatus before = RegistryStatusAggregator.build(null, 4, healthy(BUCKET_AVAILABLE), NOW);
        RegistryStatus after = RegistryStatusAggregator.build(before, 4, healthy(ACCESS_DENIED), LATER);

        assertThat(condition(after, RegistryStatusAggregator.STORAGE_READY).getLastTransitionTime())
                .isEqualTo(LATER.toString());
        assertThat(condition(after, Conditions.READY).getStatus()).isEqualTo("False");
        assertThat(condition(after, Conditions.READY).getLastTransitionTime()).isEqualTo(LATER.toString());
        // what did not change keeps its time
        assertThat(condition(after, RegistryStatusAggregator.DATABASE_READY).getLastTransitionTime())
                .isEqualTo(NOW.toString());
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void storageThatStaysFailingForAnotherReasonKeepsItsTransitionTime() {
        RegistryStatus before = RegistryStatusAggregator.build(null, 4, healthy(ACCESS_DENIED), NOW);
        Optional<StorageHealth> unreachable = Optional.of(StorageHealth.failing(
                "Unreachable",
                "bucket enseada-blobs at http://minio:9000 does not answer: ConnectException: Connection refused"));
        RegistryStatus after = RegistryStatusAggregator.build(before, 4, healthy(unreachable), LATER);

        Condition storage = condition(after, RegistryStatusAggregator.STORAGE_READY);
        assertThat(storage.getReason()).isEqualTo("Unreachable");
        assertThat(storage.getMessage()).contains("Connection refused");
        assertThat(storage.getLastTransitionTime()).isEqualTo(NOW.toString());
    }

    @Test
    void storageThatRecoversMakesTheRegistryReadyAgain() {
        RegistryStatus failing = RegistryStatusAggregator.build(null, 4, healthy(ACCESS_DENIED), NOW);
        RegistryStatus recovered = RegistryStatusAggregator.build(failing, 4, healthy(BUCKET_AVAILABLE), LATER);

        assertThat(condition(recovered, RegistryStatusAggregator.STORAGE_READY).getStatus())
                .isEqualTo("True");
        assertThat(condition(recovered, RegistryStatusAggregator.STORAGE_READY).getLastTransitionTime())
                .isEqualTo(LATER.toString());
        assertThat(condition(recovered, Conditions.READY).getStatus()).isEqualTo("True");
        assertThat(condition(recovered, Conditions.READY).getReason()).isEqualTo("Reconciled");
    }

    @Test
    void podsNotReadyKeepTheRegistryNotReady() {
        RegistryStatus status = build(
                null,
                new RegistryStatusAggregator.Observed(
                        Optional.empty(),
                        Optional.empty(),
                        BUCKET_AVAILABLE,
                        new RegistryStatusAggregator.Pods(1, 3, 3, true),
                        "u"));
        Condition available = condition(status, RegistryStatusAggregator.AVAILABLE);
        assertThat(available.getStatus()).isEqualTo("False");
        assertThat(available.getMessage()).isEqualTo("1/3 registry pods ready");
    }

    @Test
    void aRolloutInProgressIsNotAvailableUntilEveryPodRunsTheCurrentSpec() {
        // three old pods still serve (maxUnavailable 0), one of the new ones is up
        RegistryStatus status = build(
                null,
                new RegistryStatusAggregator.Observed(
                        Optional.empty(),
                        Optional.empty(),
                        BUCKET_AVAILABLE,
                        new RegistryStatusAggregator.Pods(3, 1, 3, false),
                        "u"));
        Condition available = condition(status, RegistryStatusAggregator.AVAILABLE);
        assertThat(available.getStatus()).isEqualTo("False");
        assertThat(available.getReason()).isEqualTo("Progressing");
        assertThat(available.getMessage()).isEqualTo("3/3 registry pods ready, 1/3 of the current spec");
    }

    @Test
    void anInvalidSpecSaysWhyAndChecksNothingElse() {
        RegistryStatus status = build(
                null,
                new RegistryStatusAggregator.Observed(
                        Optional.of(new RegistryValidation.Problem(
                                "InvalidStorage", "spec.storage must set exactly one of s3 or filesystem")),
                        Optional.empty(),
                        Optional.empty(),
                        new RegistryStatusAggregator.Pods(0, 0, 2, false),
                        "u"));
        Condition ready = condition(status, Conditions.READY);
        assertThat(ready.getReason()).isEqualTo("InvalidStorage");
        assertThat(condition(status, RegistryStatusAggregator.DATABASE_READY).getStatus())
                .isEqualTo("Unknown");
        Condition storage = condition(status, RegistryStatusAggregator.STORAGE_READY);
        assertThat(storage.getStatus()).isEqualTo("Unknown");
        assertThat(storage.getReason()).isEqualTo("NotChecked");
    }

    @Test
    void anInvalidSpecStillTellsWhatItsClaimIs() {
        Optional<StorageHealth> missing = Optional.of(ClaimStorage.of("data", null));
        RegistryStatus status = build(
                null,
                new RegistryStatusAggregator.Observed(
                        Optional.of(new RegistryValidation.Problem(
                                "ClaimNotFound", "PersistentVolumeClaim data does not exist")),
                        Optional.empty(),
                        missing,
                        new RegistryStatusAggregator.Pods(0, 0, 1, false),
                        "u"));
        assertThat(condition(status, Conditions.READY).getReason()).isEqualTo("ClaimNotFound");
        Condition storage = condition(status, RegistryStatusAggregator.STORAGE_READY);
        assertThat(storage.getStatus()).isEqualTo("False");
        assertThat(storage.getReason()).isEqualTo("ClaimMissing");
        assertThat(storage.getMessage()).isEqualTo("PersistentVolumeClaim data does not exist");
    }

    @Test
    void rebuildingFromTheSameObservationsGivesAnEqualStatus() {
        for (Optional<StorageHealth> storage : List.of(BUCKET_AVAILABLE, ACCESS_DENIED)) {
            RegistryStatusAggregator.Observed observed = healthy(storage);
            RegistryStatus first = build(null, observed);
            RegistryStatus again = RegistryStatusAggregator.build(first, 4, observed, LATER);
            assertThat(again).isEqualTo(first);
        }
    }
}
