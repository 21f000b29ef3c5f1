package io.citypulse.contract.event;

import java.time.Instant;
import java.util.Map;

/** One reading of one sensor; the concrete record says which kind. */
public sealed interface SensorReading permits TrafficReading, WeatherReading, EnergyReading {

    ReadingHeader header();

    /**
     * The numeric measures of this reading by wire field name, in schema order. Absent optional
     * measures (older schema versions) are left out. Windows and aggregates iterate over this.
     */
    Map<String, Double> measures();

    default String eventId() {
        return header().eventId();
    }

    default String sensorId() {
        return header().sensorId();
    }

    default SensorType sensorType() {
        return header().sensorType();
    }

    default String zone() {
        return header().zone();
    }

    default Instant eventTime() {
        return header().eventTime();
    }

    default long seq() {
        return header().seq();
    }
}
