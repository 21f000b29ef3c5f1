package io.citypulse.contract.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An anomaly detected on one sensor over one window.
 *
 * @param anomalyId     deterministic: the same sensor, type and window always give the same id,
 *                      so a replay upserts instead of duplicating
 * @param observedValue the value that broke the rule (e.g. mean speed over the window)
 * @param threshold     the threshold or baseline it was compared with
 * @param attributes    static catalog attributes of the sensor (enrichment)
 */
public record Anomaly(
        String anomalyId,
        String sensorId,
        SensorType sensorType,
        String zone,
        AnomalyType type,
        Severity severity,
        Instant windowStart,
        Instant windowEnd,
        double observedValue,
        double threshold,
        Instant detectedAt,
        Map<String, Double> attributes,
        String description) {

    public Anomaly {
        Objects.requireNonNull(anomalyId, "anomalyId");
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(sensorType, "sensorType");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(detectedAt, "detectedAt");
        if (windowEnd.isBefore(windowStart)) {
            throw new IllegalArgumentException("windowEnd before windowStart");
        }
        if (!type.appliesTo(sensorType)) {
            throw new IllegalArgumentException(type + " does not apply to " + sensorType.wireName() + " sensors");
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        description = description == null ? "" : description;
    }

    /** The deterministic id of the anomaly of {@code type} on {@code sensorId} for the window starting at {@code windowStart}. */
    public static String idFor(String sensorId, AnomalyType type, Instant windowStart) {
        String key = sensorId + '|' + type.name() + '|' + windowStart.toEpochMilli();
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
