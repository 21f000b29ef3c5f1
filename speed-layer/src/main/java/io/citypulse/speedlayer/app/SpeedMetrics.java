package io.citypulse.speedlayer.app;

import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.catalog.Zone;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.event.Severity;
import io.citypulse.contract.wire.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.function.Function;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The speed layer's meters; every label comes from a closed set (enums, and the catalog's zones plus
 * {@value #UNKNOWN_ZONE} for a zone the catalog does not know). Meters are built up front so the hot
 * path only looks them up.
 */
final class SpeedMetrics {

    static final String UNKNOWN_ZONE = "unknown";

    private final Map<SensorType, Map<String, Counter>> processed = new HashMap<>();
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
    private final Map<AnomalyType, Map<Severity, Map<String, Counter>>> anomalies = new EnumMap<>(AnomalyType.class);
    private final Counter late;
    private final Counter duplicates;
    private final Timer detectionLatency;
    private final AtomicLong watermarkLagMs = new AtomicLong();
    private final AtomicLong consumerLag = new AtomicLong();

    SpeedMetrics(MeterRegistry registry) {
        for (SensorType type : SensorType.all()) {
            processed.put(type, byZone(zone -> Counter.builder("citypulse.speed.readings.processed")
                    .description("readings counted into windows").tag("sensor_type", type.wireName())
                    .tag("zone", zone).register(registry)));
        }
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(reason, Counter.builder("citypulse.speed.readings.rejected")
                    .description("records sent to the dead-letter topic").tag("reason", reason.label()).register(registry));
        }
        for (AnomalyType type : AnomalyType.values()) {
            Map<Severity, Map<String, Counter>> bySeverity = new EnumMap<>(Severity.class);
            for (Severity severity : Severity.values()) {
                bySeverity.put(severity, byZone(zone -> Counter.builder("citypulse.speed.anomalies")
                        .description("anomalies detected").tag("type", type.name()).tag("severity", severity.name())
                        .tag("zone", zone).register(registry)));
            }
            anomalies.put(type, bySeverity);
        }
        late = Counter.builder("citypulse.speed.readings.late")
                .description("readings older than the watermark, sent to the late topic").register(registry);
        duplicates = Counter.builder("citypulse.speed.readings.duplicate")
                .description("re-sent readings dropped").register(registry);
        detectionLatency = Timer.builder("citypulse.speed.detection.latency")
                .description("append of the triggering reading to the anomaly acknowledged on the anomalies topic")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        Gauge.builder("citypulse.speed.watermark.lag", watermarkLagMs, v -> v.get() / 1000.0)
                .description("wall clock minus the oldest partition watermark").baseUnit("seconds").register(registry);
        Gauge.builder("citypulse.speed.consumer.lag.records", consumerLag, AtomicLong::get)
                .description("records not yet consumed over the assigned partitions").register(registry);
    }

    private static Map<String, Counter> byZone(Function<String, Counter> counter) {
        Map<String, Counter> counters = new HashMap<>();
        for (Zone zone : SensorCatalog.ZONES) {
            counters.put(zone.id(), counter.apply(zone.id()));
        }
        counters.put(UNKNOWN_ZONE, counter.apply(UNKNOWN_ZONE));
        return counters;
    }

    private static Counter inZone(Map<String, Counter> counters, String zone) {
        Counter counter = counters.get(zone);
        return counter != null ? counter : counters.get(UNKNOWN_ZONE);
    }

    void processed(SensorType type, String zone) {
        inZone(processed.get(type), zone).increment();
    }

    void rejected(RejectionReason reason) {
        rejected.get(reason).increment();
    }

    void anomaly(AnomalyType type, Severity severity, String zone) {
        inZone(anomalies.get(type).get(severity), zone).increment();
    }

    void late() {
        late.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void detectionLatency(long millis) {
        detectionLatency.record(Duration.ofMillis(Math.max(0, millis)));
    }

    void watermarkLag(long millis) {
        watermarkLagMs.set(millis);
    }

    void consumerLag(long records) {
        consumerLag.set(records);
    }
}
