package io.enseada.operator.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.operator.common.Conditions;
import io.enseada.operator.common.Conditions.Observation;
import io.enseada.operator.repository.RepositoryStatusAggregator.Address;
import io.enseada.operator.repository.RepositoryStatusAggregator.Observed;
import io.enseada.shared.model.RepositoryLifecycle;
import io.fabric8.kubernetes.api.model.Condition;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepositoryStatusAggregatorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(600);
    private static final Address ADDRESS = new Address(
            "https://r.example.com/maven/releases/",
            "<repository><id>releases</id><url>https://r.example.com/maven/releases/</url></repository>");
    private static final Observation WRITTEN = Observation.holds(
            RepositoryStatusAggregator.SYNCED, "DocumentWritten", "document repository:releases is up to date");
    private static final Observation UNREACHABLE =
            Observation.fails(RepositoryStatusAggregator.SYNCED, "DatabaseUnreachable", "connection refused");

    private static Observed synced(Observation synced) {
        return new Observed("enseada", true, Optional.of(synced), ADDRESS);
    }

    private static Condition condition(RepositoryStatus status, String type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }

    @Test
    void aWrittenDocumentIsReadyWithTheAddress() {
        RepositoryStatus status = RepositoryStatusAggregator.build(null, 3, synced(WRITTEN), NOW);

        assertThat(status.getConditions())
                .extracting(Condition::getType)
                .containsExactly("RegistryFound", "Synced", "Ready");
        assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isTrue();
        assertThat(condition(status, RepositoryStatusAggregator.REGISTRY_FOUND).getMessage())
                .isEqualTo("Registry enseada");
        assertThat(status.getObservedGeneration()).isEqualTo(3);
        assertThat(status.getConditions())
                .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3));
        assertThat(status.getUrl()).isEqualTo(ADDRESS.url());
        assertThat(status.getUsage()).isEqualTo(ADDRESS.usage());
    }

    @Test
    void aMissingRegistryIsTheOnlyConditionBesideReadyAndLeavesNoAddress() {
        RepositoryStatus status =
                RepositoryStatusAggregator.build(null, 1, new Observed("enseada", false, Optional.empty(), null), NOW);

        assertThat(status.getConditions()).extracting(Condition::getType).containsExactly("RegistryFound", "Ready");
        Condition found = condition(status, RepositoryStatusAggregator.REGISTRY_FOUND);
        assertThat(found.getStatus()).isEqualTo("False");
        assertThat(found.getReason()).isEqualTo("RegistryNotFound");
        assertThat(found.getMessage()).isEqualTo("Registry enseada does not exist in this namespace");
        assertThat(condition(status, Conditions.READY).getReason()).isEqualTo("RegistryNotFound");
        assertThat(status.getUrl()).isNull();
        assertThat(status.getUsage()).isNull();
    }

    @Test
    void aDatabaseThatGoesDownMovesOnlyTheConditionsThatChanged() {
        RepositoryStatus before = RepositoryStatusAggregator.build(null, 3, synced(WRITTEN), NOW);
        RepositoryStatus after = RepositoryStatusAggregator.build(before, 3, synced(UNREACHABLE), LATER);

        assertThat(condition(after, RepositoryStatusAggregator.SYNCED).getLastTransitionTime())
                .isEqualTo(LATER.toString());
        assertThat(condition(after, Conditions.READY).getStatus()).isEqualTo("False");
        assertThat(condition(after, Conditions.READY).getReason()).isEqualTo("DatabaseUnreachable");
        assertThat(condition(after, Conditions.READY).getLastTransitionTime()).isEqualTo(LATER.toString());
        // the Registry was there all along
        assertThat(condition(after, RepositoryStatusAggregator.REGISTRY_FOUND).getLastTransitionTime())
                .isEqualTo(NOW.toString());
        assertThat(after.getUrl()).isEqualTo(ADDRESS.url());
    }

    @Test
    void aNewGenerationIsObservedWithoutMovingTheTransitionTimes() {
        RepositoryStatus before = RepositoryStatusAggregator.build(null, 3, synced(WRITTEN), NOW);
        RepositoryStatus after = RepositoryStatusAggregator.build(before, 4, synced(WRITTEN), LATER);

        assertThat(after.getObservedGeneration()).isEqualTo(4);
        assertThat(after.getConditions()).allSatisfy(c -> {
            assertThat(c.getObservedGeneration()).isEqualTo(4);
            assertThat(c.getLastTransitionTime()).isEqualTo(NOW.toString());
        });
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void rebuildingFromTheSameObservationsGivesAnEqualStatus() {
        RepositoryStatus first = RepositoryStatusAggregator.build(null, 3, synced(WRITTEN), NOW);
        RepositoryStatus again = RepositoryStatusAggregator.build(first, 3, synced(WRITTEN), LATER);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void aPurgeKeepsTheAddressAndTheRegistryConditionOfThePriorStatus() {
        RepositoryStatus synced = RepositoryStatusAggregator.build(null, 3, synced(WRITTEN), NOW);
        RepositoryStatus purging = RepositoryStatusAggregator.purging(synced, 3, "enseada", "releases", LATER);

        assertThat(purging.getConditions())
                .extracting(Condition::getType)
                .containsExactly("RegistryFound", "Purged", "Ready");
        Condition purged = condition(purging, RepositoryStatusAggregator.PURGED);
        assertThat(purged.getStatus()).isEqualTo("False");
        assertThat(purged.getReason()).isEqualTo("WaitingForRegistry");
        assertThat(purged.getMessage())
                .isEqualTo("deletionPolicy Delete: waiting for the registry to remove repository releases"
                        + " and its packages");
        assertThat(purged.getLastTransitionTime()).isEqualTo(LATER.toString());
        assertThat(condition(purging, RepositoryStatusAggregator.REGISTRY_FOUND).getLastTransitionTime())
                .isEqualTo(NOW.toString());
        assertThat(purging.getUrl()).isEqualTo(ADDRESS.url());
        assertThat(purging.getUsage()).isEqualTo(ADDRESS.usage());
        // asked again while the registry still purges: nothing to patch
        assertThat(RepositoryStatusAggregator.purging(purging, 3, "enseada", "releases", LATER.plusSeconds(5)))
                .isEqualTo(purging);
    }

    @Test
    void aPurgeWithoutAPriorStatusHasNoAddress() {
        RepositoryStatus purging = RepositoryStatusAggregator.purging(null, 1, "enseada", "releases", NOW);

        assertThat(purging.getUrl()).isNull();
        assertThat(purging.getUsage()).isNull();
        assertThat(condition(purging, Conditions.READY).getReason()).isEqualTo("WaitingForRegistry");
    }

    private static final URI UPSTREAM = URI.create("https://npm-upstream.example.com/");

    private static Observed proxy(Observation synced, Observation upstream) {
        return new Observed("enseada", true, Optional.of(synced), ADDRESS, Optional.of(upstream));
    }

    @Test
    void anUnreachableUpstreamIsShownButDoesNotHoldUpReady() {
        RepositoryStatus status = RepositoryStatusAggregator.build(
                null, 2, proxy(WRITTEN, UpstreamProbe.unreachable(UPSTREAM, "refuses the connection")), NOW);

        assertThat(status.getConditions())
                .extracting(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason())
                .containsExactly(
                        "RegistryFound=True RegistryFound",
                        "Synced=True DocumentWritten",
                        "UpstreamReachable=False Unreachable",
                        "Ready=True Reconciled");
        assertThat(condition(status, UpstreamProbe.UPSTREAM_REACHABLE).getMessage())
                .isEqualTo("upstream npm-upstream.example.com refuses the connection");
    }

    @Test
    void anUpstreamThatAnswersAtAllIsReachable() {
        RepositoryStatus status =
                RepositoryStatusAggregator.build(null, 2, proxy(WRITTEN, UpstreamProbe.reachable(UPSTREAM, 401)), NOW);

        Condition upstream = condition(status, UpstreamProbe.UPSTREAM_REACHABLE);
        assertThat(upstream.getStatus()).isEqualTo("True");
        assertThat(upstream.getReason()).isEqualTo("Reachable");
        assertThat(upstream.getMessage()).isEqualTo("upstream npm-upstream.example.com answers (HTTP 401)");
    }

    @Test
    void anInvalidMemberOrMissingCredentialsMakeReadyFalseWithTheirReason() {
        Observation invalidMember = Observation.fails(
                RepositoryStatusAggregator.SYNCED, "InvalidMember", "group npm-all: member 'npmjs' does not exist");
        RepositoryStatus group = RepositoryStatusAggregator.build(null, 1, synced(invalidMember), NOW);

        assertThat(group.getConditions())
                .extracting(Condition::getType)
                .containsExactly("RegistryFound", "Synced", "Ready");
        assertThat(condition(group, Conditions.READY).getStatus()).isEqualTo("False");
        assertThat(condition(group, Conditions.READY).getReason()).isEqualTo("InvalidMember");
        assertThat(condition(group, Conditions.READY).getMessage())
                .isEqualTo("group npm-all: member 'npmjs' does not exist");

        Observation noSecret = Observation.fails(
                RepositoryStatusAggregator.SYNCED,
                "CredentialsNotFound",
                "Secret npmjs-upstream with the upstream credentials does not exist");
        RepositoryStatus proxy =
                RepositoryStatusAggregator.build(null, 1, proxy(noSecret, UpstreamProbe.reachable(UPSTREAM, 200)), NOW);
        assertThat(condition(proxy, Conditions.READY).getReason()).isEqualTo("CredentialsNotFound");
        assertThat(condition(proxy, Conditions.READY).getMessage())
                .isEqualTo("Secret npmjs-upstream with the upstream credentials does not exist");
        assertThat(Conditions.isTrue(proxy.getConditions(), UpstreamProbe.UPSTREAM_REACHABLE))
                .isTrue();
    }

    @Test
    void anUpstreamComingBackMovesOnlyItsOwnCondition() {
        RepositoryStatus down = RepositoryStatusAggregator.build(
                null, 2, proxy(WRITTEN, UpstreamProbe.unreachable(UPSTREAM, "does not answer within 2 s")), NOW);
        RepositoryStatus back = RepositoryStatusAggregator.build(
                down, 2, proxy(WRITTEN, UpstreamProbe.reachable(UPSTREAM, 200)), LATER);

        assertThat(condition(back, UpstreamProbe.UPSTREAM_REACHABLE).getLastTransitionTime())
                .isEqualTo(LATER.toString());
        assertThat(condition(back, Conditions.READY).getLastTransitionTime()).isEqualTo(NOW.toString());
        assertThat(condition(back, RepositoryStatusAggregator.SYNCED).getLastTransitionTime())
                .isEqualTo(NOW.toString());
        // still down at the next resync: nothing to patch
        assertThat(RepositoryStatusAggregator.build(
                        down,
                        2,
                        proxy(WRITTEN, UpstreamProbe.unreachable(UPSTREAM, "does not answer within 2 s")),
                        LATER))
                .isEqualTo(down);
    }

    private static Observed lifecycle(LifecycleReport report) {
        return new Observed("enseada", true, Optional.of(WRITTEN), ADDRESS, Optional.empty(), report);
    }

    private static LifecycleReport run(String error) {
        return new LifecycleReport.Run(new RepositoryLifecycle(NOW, 12, 181_403_721, 5_368_709_120L, error));
    }

    @Test
    void aLifecycleRunShowsItsNumbersAndSucceededWithoutHoldingUpReady() {
        RepositoryStatus status = RepositoryStatusAggregator.build(null, 2, lifecycle(run(null)), LATER);

        assertThat(status.getLifecycle())
                .isEqualTo(new LifecycleSummary("2026-01-01T10:00:00Z", 12L, 181_403_721L, 5_368_709_120L));
        assertThat(status.getConditions())
                .extracting(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
                .containsExactly(
                        "RegistryFound=True RegistryFound: Registry enseada",
                        "Synced=True DocumentWritten: document repository:releases is up to date",
                        "LifecycleSucceeded=True RunCompleted: the storage lifecycle run of 2026-01-01T10:00:00Z"
                                + " removed 12 items and freed 181403721 bytes",
                        "Ready=True Reconciled: all conditions hold");

        RepositoryStatus failed = RepositoryStatusAggregator.build(
                status, 2, lifecycle(run("retention of containers: the metadata store timed out")), LATER);
        assertThat(condition(failed, RepositoryStatusAggregator.LIFECYCLE_SUCCEEDED))
                .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("False", "RetentionFailed", "retention of containers: the metadata store timed out");
        // a repository whose retention failed still serves what it holds
        assertThat(Conditions.isTrue(failed.getConditions(), Conditions.READY)).isTrue();
        assertThat(failed.getLifecycle().usedBytes()).isEqualTo(5_368_709_120L);
    }

    @Test
    void beforeAnyRunThereIsNoLifecycleAndNoCondition() {
        RepositoryStatus status = RepositoryStatusAggregator.build(null, 2, lifecycle(LifecycleReport.NO_RUN), NOW);

        assertThat(status.getLifecycle()).isNull();
        assertThat(status.getConditions())
                .extracting(Condition::getType)
                .containsExactly("RegistryFound", "Synced", "Ready");
    }

    @Test
    void aReportNotReadThisTimeKeepsWhatTheStatusShowed() {
        RepositoryStatus shown = RepositoryStatusAggregator.build(null, 2, lifecycle(run("boom")), NOW);

        RepositoryStatus unread = RepositoryStatusAggregator.build(
                shown, 2, new Observed("enseada", true, Optional.of(UNREACHABLE), ADDRESS), LATER);

        assertThat(unread.getLifecycle()).isEqualTo(shown.getLifecycle());
        Condition kept = condition(unread, RepositoryStatusAggregator.LIFECYCLE_SUCCEEDED);
        assertThat(kept.getReason()).isEqualTo("RetentionFailed");
        assertThat(kept.getMessage()).isEqualTo("boom");
        assertThat(kept.getLastTransitionTime()).isEqualTo(NOW.toString());
        // the lifecycle document gone (a repository declared anew): neither stays
        RepositoryStatus gone = RepositoryStatusAggregator.build(unread, 2, lifecycle(LifecycleReport.NO_RUN), LATER);
        assertThat(gone.getLifecycle()).isNull();
        assertThat(Conditions.find(gone.getConditions(), RepositoryStatusAggregator.LIFECYCLE_SUCCEEDED))
                .isEmpty();
    }
}
