package io.citypulse.localstack;

import java.time.Duration;

/**
 * When to restart a supervised service that exited, and when to stop trying: pure, no clock and no I/O.
 * An exit within {@code fastExit} of the service becoming ready is a fast exit; consecutive fast exits double the
 * delay from {@code firstDelay} up to {@code maxDelay}, and the {@code maxFastExits}-th gives up. A service that
 * stayed up longer starts the count afresh.
 *
 * @param firstDelay   delay before the restart after a long run, and after the first fast exit
 * @param maxDelay     cap of the doubling delay
 * @param fastExit     an exit sooner than this after becoming ready counts as fast (never ready: always fast)
 * @param maxFastExits consecutive fast exits after which the service is given up
 */
record RestartPolicy(Duration firstDelay, Duration maxDelay, Duration fastExit, int maxFastExits) {

    /** 1 s, 2 s, 4 s, 8 s, then give up: a crash loop is reported within half a minute. */
    static final RestartPolicy DEFAULT = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(60), 5);

    RestartPolicy {
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || fastExit.isNegative() || maxFastExits < 1) {
            throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay, fastExit >= 0 and maxFastExits >= 1");
        }
    }

    /** What to do after an exit. */
    sealed interface Decision {
    }

    /** Restart after {@code delay}; {@code fastExits} is the streak to pass to the next {@link #afterExit}. */
    record Restart(Duration delay, int fastExits) implements Decision {
    }

    /** Stop restarting, for {@code reason}. */
    record GiveUp(String reason) implements Decision {
    }

    /**
     * @param upFor          how long the service had been ready when it exited (zero if it never became ready)
     * @param fastExitsBefore the streak of fast exits right before this one, as returned by the previous decision
     */
    Decision afterExit(Duration upFor, int fastExitsBefore) {
        if (upFor.compareTo(fastExit) >= 0) {
            return new Restart(firstDelay, 0);
        }
        int streak = fastExitsBefore + 1;
        if (streak >= maxFastExits) {
            return new GiveUp("exited " + streak + " times in a row within " + fastExit.toSeconds()
                    + " s of starting; not restarting it again");
        }
        Duration delay = firstDelay.multipliedBy(1L << Math.min(streak - 1, 30));
        return new Restart(delay.compareTo(maxDelay) > 0 ? maxDelay : delay, streak);
    }
}
