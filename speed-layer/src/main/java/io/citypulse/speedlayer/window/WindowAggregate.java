package io.citypulse.speedlayer.window;

import io.citypulse.contract.event.SensorType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A closed tumbling window of one sensor: one summary per measure (schema order).
 *
 * @param readings readings that fell into the window (duplicates dropped)
 */
public record WindowAggregate(
        String sensorId,
        SensorType sensorType,
        String zone,
        Instant start,
        Instant end,
        long readings,
        Map<String, MeasureSummary> measures) {

    public WindowAggregate {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(sensorType, "sensorType");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        measures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(measures));
    }

    /** Mean of {@code measure}, NaN when the window has no value of it. */
    public double mean(String measure) {
        MeasureSummary summary = measures.get(measure);
        return summary == null ? Double.NaN : summary.mean();
    }
}
