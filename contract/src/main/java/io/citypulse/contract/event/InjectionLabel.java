package io.citypulse.contract.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Ground truth for one injection: lets tests compute detection precision and recall exactly.
 *
 * @param labelId      unique id of the label
 * @param kind         what was injected
 * @param anomalyType  for {@link InjectionKind#ANOMALY}, the type a detector should report; else null
 * @param sensorId     the sensor the injection applies to
 * @param sensorType   its type
 * @param from         event time of the first affected reading
 * @param to           event time of the last affected reading (equal to {@code from} for one record)
 * @param eventId      for a single-record injection (duplicate, late, malformed...), its event id; else null
 * @param detail       free text, e.g. the expected rejection reason of a malformed record
 */
public record InjectionLabel(
        String labelId,
        InjectionKind kind,
        AnomalyType anomalyType,
        String sensorId,
        SensorType sensorType,
        Instant from,
        Instant to,
        String eventId,
        String detail) {

    public InjectionLabel {
        Objects.requireNonNull(labelId, "labelId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(sensorType, "sensorType");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if ((kind == InjectionKind.ANOMALY) != (anomalyType != null)) {
            throw new IllegalArgumentException("anomalyType is required for, and only for, ANOMALY labels");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to before from");
        }
        detail = detail == null ? "" : detail;
    }
}
