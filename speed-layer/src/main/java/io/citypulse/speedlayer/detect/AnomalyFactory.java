package io.citypulse.speedlayer.detect;

import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.AnomalyType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Builds anomalies with their deterministic id, severity and the sensor's catalog zone and attributes. */
final class AnomalyFactory {

    private final SensorCatalog catalog;
    private final DetectionConfig config;

    AnomalyFactory(SensorCatalog catalog, DetectionConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    Optional<Sensor> sensor(String sensorId) {
        return catalog.find(sensorId);
    }

    /**
     * @param excess distance beyond the threshold divided by the rule's scale (see {@link DetectionConfig})
     */
    Anomaly create(SensorState sensor, AnomalyType type, long windowStartMs, long windowEndMs, double observed,
                   double threshold, double excess, long detectedAtMs, String description) {
        Optional<Sensor> known = catalog.find(sensor.sensorId);
        String zone = known.map(s -> s.zone().id()).orElse(sensor.zone);
        Map<String, Double> attributes = known.map(Sensor::attributes).orElse(Map.of());
        Instant start = Instant.ofEpochMilli(windowStartMs);
        return new Anomaly(Anomaly.idFor(sensor.sensorId, type, start), sensor.sensorId, sensor.type, zone, type,
                config.severity(excess), start, Instant.ofEpochMilli(windowEndMs), observed, threshold,
                Instant.ofEpochMilli(detectedAtMs), attributes, description);
    }
}
