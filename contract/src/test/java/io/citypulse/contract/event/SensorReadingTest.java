package io.citypulse.contract.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A reading holds one value per declared measure and checks each against its declaration. */
class SensorReadingTest {

    private static ReadingHeader traffic(int version) {
        return SampleReadings.header(version, SensorType.TRAFFIC, "traffic-0001", "downtown", 1);
    }

    @Test
    void readsAMeasureBySlotAndByName() {
        SensorReading reading = SampleReadings.traffic();
        assertThat(reading.value(1)).isEqualTo(43.5);
        assertThat(reading.value("occupancy_pct")).isEqualTo(22.25);
        assertThat(reading.measures()).containsExactly(java.util.Map.entry("vehicle_count", 17.0),
                java.util.Map.entry("avg_speed_kmh", 43.5), java.util.Map.entry("occupancy_pct", 22.25));
        assertThatThrownBy(() -> reading.value("power_factor"))
                .hasMessage("traffic declares no measure 'power_factor'");
    }

    @Test
    void refusesAValueOutsideItsDeclaredRange() {
        assertThatThrownBy(() -> new SensorReading(traffic(2), 1, 301, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("avg_speed_kmh=301.0 outside [0, 300]");
    }

    @Test
    void refusesAFractionForAWholeMeasure() {
        assertThatThrownBy(() -> new SensorReading(traffic(2), 1.5, 30, 5))
                .hasMessage("vehicle_count=1.5 is not a whole number");
    }

    @Test
    void refusesTheWrongNumberOfValues() {
        assertThatThrownBy(() -> new SensorReading(traffic(2), 1, 30))
                .hasMessage("a traffic reading has 3 measures, not 2");
    }

    @Test
    void needsEveryMeasureOfItsVersionAndNoLaterOne() {
        ReadingHeader v2 = SampleReadings.header(2, SensorType.ENERGY, "energy-0001", "harbour", 1);
        ReadingHeader v1 = SampleReadings.header(1, SensorType.ENERGY, "energy-0001", "harbour", 1);
        assertThatThrownBy(() -> new SensorReading(v2, 10, 230, 5, Double.NaN, 50))
                .hasMessage("power_factor is required from schema v2");
        assertThatThrownBy(() -> new SensorReading(v1, 10, 230, 5, 0.9, Double.NaN))
                .hasMessage("power_factor is not part of schema v1");
        SensorReading old = new SensorReading(v1, 10, 230, 5, Double.NaN, Double.NaN);
        assertThat(old.has(3)).isFalse();
        assertThat(old.measures()).containsOnlyKeys("active_power_kw", "voltage_v", "current_a");
    }

    @Test
    void ownsACopyOfItsValues() {
        double[] values = {1, 30, 5};
        SensorReading reading = new SensorReading(traffic(2), values);
        values[0] = 9_999_999;
        assertThat(reading.value(0)).isEqualTo(1);
        assertThat(reading).isEqualTo(new SensorReading(traffic(2), 1, 30, 5)).hasSameHashCodeAs(
                new SensorReading(traffic(2), 1, 30, 5));
    }
}
