package io.citypulse.batch.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.batch.reconcile.GapReport.Hour;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapReportTest {

    private static final Instant H0 = Instant.parse("2026-03-02T06:00:00Z");
    private static final long MINUTE = 60_000;

    /** A gap of {@code missing} one-minute readings starting at {@code first}. */
    private static SequenceCheck.Gap gap(String sensor, Instant first, int missing) {
        long seq = first.toEpochMilli() / MINUTE;
        return new SequenceCheck.Gap(sensor, seq - 1, seq + missing, first, first.plusMillis((missing - 1) * MINUTE), MINUTE);
    }

    private static Instant hour(int n) {
        return H0.plus(Duration.ofHours(n));
    }

    @Test
    void countsMissingReadingsPerHourAcrossAnHourBoundary() {
        // 3 readings before 07:00 and 2 after, on one sensor; one more reading missing elsewhere at 07:30.
        List<SequenceCheck.Gap> gaps = List.of(gap("traffic-0001", hour(1).minusSeconds(180), 5),
                gap("traffic-0002", hour(1).plusSeconds(1800), 1));

        GapReport report = GapReport.of(gaps, List.of(hour(0), hour(1), hour(2)), Instant.EPOCH, hour(3));

        assertThat(report.hours()).containsExactly(new Hour(hour(0), 1, 1, 3), new Hour(hour(1), 2, 2, 3),
                new Hour(hour(2), 0, 0, 0));
        assertThat(report.missingReadings()).isEqualTo(6);
        assertThat(report.judged()).hasSize(2);
        assertThat(report.pending()).isEmpty();
    }

    @Test
    void aGapYoungerThanTheCutoffIsPendingAndItsHourNotReported() {
        Instant cutoff = GapReport.cutoff(hour(2).plusSeconds(600), Duration.ofSeconds(120), Duration.ofMinutes(60));
        assertThat(cutoff).isEqualTo(hour(1).plusSeconds(480));

        // A late reading of 07:30 may still arrive: 07:00-08:00 is not settled yet, 06:00-07:00 is.
        GapReport report = GapReport.of(List.of(gap("traffic-0001", hour(1).plusSeconds(1800), 1)),
                List.of(hour(0), hour(1)), Instant.EPOCH, cutoff);

        assertThat(report.hours()).containsExactly(new Hour(hour(0), 0, 0, 0));
        assertThat(report.judged()).isEmpty();
        assertThat(report.pending()).hasSize(1);
    }

    @Test
    void hoursSettledByAnEarlierRunAreNotReportedAgain() {
        GapReport report = GapReport.of(List.of(gap("energy-0001", hour(0).plusSeconds(60), 2)),
                List.of(hour(0), hour(1)), hour(1), hour(4));

        assertThat(report.hours()).containsExactly(new Hour(hour(1), 0, 0, 0));
        assertThat(report.missingReadings()).isZero();
        assertThat(report.judged()).as("judged by the earlier run").isEmpty();
    }
}
