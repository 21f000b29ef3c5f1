package io.citypulse.api.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterStatisticsTest {

    private static final Instant TO = Instant.parse("2027-01-12T10:00:00Z");

    @Test
    void countsPerReasonMostFrequentFirstWithRatesOverTheWindow() {
        DeadLetterStatistics stats = DeadLetterStatistics.of("citypulse.deadletter", TO.minusSeconds(3600), TO,
                Map.of("out_of_range", 30L, "missing_field", 90L, "wrong_type", 30L), true);

        assertThat(stats.records()).isEqualTo(150);
        assertThat(stats.perMinute()).isEqualTo(2.5);
        assertThat(stats.reasons()).extracting(DeadLetterStatistics.Reason::reason)
                .containsExactly("missing_field", "out_of_range", "wrong_type");
        assertThat(stats.reasons().get(0).perMinute()).isEqualTo(1.5);
    }

    @Test
    void anEmptyWindowHasNoReasonsAndAZeroRate() {
        DeadLetterStatistics stats = DeadLetterStatistics.of("t", TO, TO, Map.of(), false);

        assertThat(stats.records()).isZero();
        assertThat(stats.perMinute()).isZero();
        assertThat(stats.reasons()).isEmpty();
        assertThat(stats.complete()).isFalse();
    }
}
