package io.enseada.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Losing the lease ends a running operator; the shutdown's own loss of it does not (it would wait for itself). */
class LeaderElectionTest {
    private final AtomicInteger exits = new AtomicInteger();
    private final LeaderElection election = new LeaderElection("enseada-system", "operator-a", exits::incrementAndGet);

    @Test
    void aLeaderThatLosesItsLeaseWhileRunningExits() {
        election.stoppedLeading();
        assertThat(exits).hasValue(1);
    }

    @Test
    void aLeaderThatIsBeingStoppedDoesNotExitFromWithinTheShutdown() {
        election.stopping();
        election.stoppedLeading();
        assertThat(exits).hasValue(0);
    }

    @Test
    void theLeaseIsTheOperatorsOwnInItsNamespace() {
        var configuration = election.configuration();
        assertThat(configuration.getLeaseName()).isEqualTo("enseada-operator");
        assertThat(configuration.getLeaseNamespace()).contains("enseada-system");
        assertThat(configuration.getIdentity()).contains("operator-a");
        assertThat(configuration.isExitOnStopLeading()).isFalse();
    }
}
