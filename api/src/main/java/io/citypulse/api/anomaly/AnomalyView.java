package io.citypulse.api.anomaly;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An anomaly as the speed layer recorded it.
 *
 * @param type       e.g. SEVERE_CONGESTION
 * @param severity   LOW, MEDIUM, HIGH or CRITICAL
 * @param attributes static catalog attributes of the sensor, a JSON object
 */
public record AnomalyView(String anomalyId, String sensorId, String sensorType, String zone, String type, String severity,
                          Instant windowStart, Instant windowEnd, double observedValue, double threshold,
                          Instant detectedAt, @JsonRawValue @Schema(implementation = Map.class) String attributes,
                          String description) {
}
