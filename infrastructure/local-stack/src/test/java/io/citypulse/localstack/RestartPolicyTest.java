package io.citypulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.localstack.RestartPolicy.Decision;
import io.citypulse.localstack.RestartPolicy.GiveUp;
import io.citypulse.localstack.RestartPolicy.Restart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    private static final RestartPolicy POLICY = RestartPolicy.DEFAULT;

    @Test
    void restartsALongRunningServiceAfterTheFirstDelayAndResetsTheStreak() {
        assertThat(POLICY.afterExit(Duration.ofMinutes(5), 3)).isEqualTo(new Restart(Duration.ofSeconds(1), 0));
        assertThat(POLICY.afterExit(Duration.ofSeconds(60), 4)).isEqualTo(new Restart(Duration.ofSeconds(1), 0));
    }

    @Test
    void doublesTheDelayOverFastExitsAndGivesUpOnTheFifth() {
        List<Decision> decisions = new ArrayList<>();
        int streak = 0;
        for (int exit = 0; exit < 5; exit++) {
            Decision decision = POLICY.afterExit(Duration.ofSeconds(2), streak);
            decisions.add(decision);
            if (decision instanceof Restart restart) {
                streak = restart.fastExits();
            }
        }

        assertThat(decisions).containsExactly(
                new Restart(Duration.ofSeconds(1), 1),
                new Restart(Duration.ofSeconds(2), 2),
                new Restart(Duration.ofSeconds(4), 3),
                new Restart(Duration.ofSeconds(8), 4),
                new GiveUp("exited 5 times in a row within 60 s of starting; not restarting it again"));
    }

    @Test
    void aServiceThatNeverBecameReadyCountsAsAFastExit() {
        assertThat(POLICY.afterExit(Duration.ZERO, 0)).isEqualTo(new Restart(Duration.ofSeconds(1), 1));
    }

    @Test
    void capsTheDelayAtTheMaximum() {
        RestartPolicy patient = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60), 100);

        assertThat(patient.afterExit(Duration.ZERO, 3)).isEqualTo(new Restart(Duration.ofSeconds(5), 4));
        assertThat(patient.afterExit(Duration.ZERO, 98)).isEqualTo(new Restart(Duration.ofSeconds(5), 99));
    }

    @Test
    void rejectsAPolicyThatCouldNeverRestart() {
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(60), 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
