package io.citypulse.api.anomaly;

import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.event.Severity;
import java.time.Instant;
import java.util.Optional;

/**
 * Filters of the anomaly listing; {@code after} is the keyset position (detected_at, anomaly_id) of the last item seen.
 */
public record AnomalyQuery(Optional<Instant> since, Optional<Instant> until, Optional<AnomalyType> type,
                           Optional<Severity> severity, Optional<SensorType> sensorType, Optional<String> zone,
                           Optional<String> sensor, Optional<Instant> afterDetectedAt, Optional<String> afterId, int limit) {
}
