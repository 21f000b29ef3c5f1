package io.citypulse.api.aggregation;

import io.citypulse.api.history.MeasureStats;
import java.util.Map;

/**
 * Per zone and sensor type, per measure, over a time range, batch and speed merged.
 *
 * @param source batch, speed or batch+speed: which views contributed
 */
public record ZoneTypeAggregate(String zone, String sensorType, String source, Map<String, MeasureStats> measures) {
}
