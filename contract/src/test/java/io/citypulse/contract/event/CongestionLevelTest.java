package io.citypulse.contract.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CongestionLevelTest {

    private static final double FAST = 50;

    @ParameterizedTest(name = "occupancy {0}% at speed 50 -> {1}")
    @CsvSource({
        "0,      FREE_FLOW",
        "14.999, FREE_FLOW",
        "15,     LIGHT",
        "29.999, LIGHT",
        "30,     MODERATE",
        "44.999, MODERATE",
        "45,     HEAVY",
        "59.999, HEAVY",
        "60,     SEVERE",
        "100,    SEVERE"})
    void derivesTheLevelFromOccupancyAtNormalSpeed(double occupancyPct, CongestionLevel expected) {
        assertThat(CongestionLevel.of(occupancyPct, FAST)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "occupancy {0}% at speed {1} -> {2}")
    @CsvSource({
        "29.999, 5,      LIGHT",
        "30,     15,     MODERATE",
        "30,     14.999, HEAVY",
        "44.999, 14.999, HEAVY",
        "45,     14.999, SEVERE",
        "59.999, 14.999, SEVERE",
        "60,     0,      SEVERE",
        "14.999, 0,      FREE_FLOW"})
    void countsACrawlAtModerateOccupancyOneLevelWorse(double occupancyPct, double avgSpeedKmh,
                                                       CongestionLevel expected) {
        assertThat(CongestionLevel.of(occupancyPct, avgSpeedKmh)).isEqualTo(expected);
    }
}
