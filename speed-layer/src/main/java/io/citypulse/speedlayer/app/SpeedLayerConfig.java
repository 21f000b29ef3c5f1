package io.citypulse.speedlayer.app;

import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.speedlayer.detect.DetectionConfig;
import io.citypulse.speedlayer.window.WindowConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the speed layer needs to run, validated at start; each error names the flag and variable.
 *
 * @param flushInterval  how often sinks are flushed and offsets committed
 * @param flushMaxRows   flush earlier once this many sink rows wait
 * @param metricsPort    port of {@code /metrics}; 0 picks a free one
 */
public record SpeedLayerConfig(
        String bootstrapServers,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String consumerGroup,
        int metricsPort,
        long seed,
        int trafficSensors,
        int weatherSensors,
        int energySensors,
        WindowConfig windows,
        DetectionConfig rules,
        Duration flushInterval,
        int flushMaxRows) {

    public static final String DEFAULT_GROUP = "citypulse-speed-layer";

    public SpeedLayerConfig {
        requireText(bootstrapServers, "--bootstrap-servers / CITYPULSE_KAFKA_BOOTSTRAP");
        requireText(dbUrl, "--db-url / CITYPULSE_DB_URL");
        if (!dbUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--db-url / CITYPULSE_DB_URL must be a jdbc:postgresql: URL, got '" + dbUrl + "'");
        }
        requireText(dbUser, "--db-user / CITYPULSE_DB_USER");
        Objects.requireNonNull(dbPassword, "--db-password / CITYPULSE_DB_PASSWORD");
        requireText(consumerGroup, "--group / CITYPULSE_SPEED_GROUP");
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new IllegalArgumentException("--metrics-port / CITYPULSE_SPEED_METRICS_PORT must be within [0, 65535], got " + metricsPort);
        }
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(rules, "rules");
        if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("--flush-interval must be positive, got " + flushInterval);
        }
        if (flushMaxRows < 1) {
            throw new IllegalArgumentException("--flush-max-rows must be >= 1, got " + flushMaxRows);
        }
        for (int count : new int[] {trafficSensors, weatherSensors, energySensors}) {
            if (count < 0 || count > 99_999) {
                throw new IllegalArgumentException("--traffic/--weather/--energy sensor counts must be within [0, 99999], got " + count);
            }
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
    }

    /** The catalog the generator of the same seed and sizes uses. */
    public SensorCatalog catalog() {
        return SensorCatalog.generate(seed, trafficSensors, weatherSensors, energySensors);
    }
}
