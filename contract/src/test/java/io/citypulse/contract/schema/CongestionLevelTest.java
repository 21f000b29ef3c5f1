package io.citypulse.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.SampleReadings;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Traffic's congestion level, as its declaration derives it (sensor-types/traffic.json). */
class CongestionLevelTest {

    private static final double FAST = 50;
    private static final DerivedColumn LEVEL = ReadingSchema.of(SensorType.TRAFFIC).derived().get(0);

    private static Object level(double occupancyPct, double avgSpeedKmh) {
        SensorReading reading = new SensorReading(SampleReadings.header(2, SensorType.TRAFFIC, "traffic-0001",
                "downtown", 1), 12, avgSpeedKmh, occupancyPct);
        return LEVEL.getter().apply(reading);
    }

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
    void derivesTheLevelFromOccupancyAtNormalSpeed(double occupancyPct, String expected) {
        assertThat(LEVEL.name()).isEqualTo("congestion_level");
        assertThat(level(occupancyPct, FAST)).isEqualTo(expected);
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
                                                       String expected) {
        assertThat(level(occupancyPct, avgSpeedKmh)).isEqualTo(expected);
    }
}
