package io.citypulse.speedlayer.detect;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Thresholds of the detection rules (defaults as in docs/anomalies.md) and the severity bands.
 *
 * <p>Every value has a property key (e.g. {@code congestion.max_speed_kmh}) that a properties file or an
 * environment variable ({@code CITYPULSE_SPEED_RULE_CONGESTION_MAX_SPEED_KMH}) overrides; see {@link #KEYS}.
 *
 * <p>Severity: the normalised excess {@code e} = distance beyond the threshold / the rule's scale (the
 * threshold itself, or the allowed deviation for voltage) maps to LOW for {@code e < severityMedium},
 * MEDIUM below {@code severityHigh}, HIGH below {@code severityCritical}, else CRITICAL.
 */
public record DetectionConfig(
        double congestionMaxSpeedKmh,
        double congestionMinOccupancyPct,
        double volumeBaselineFactor,
        double volumeMinSignificance,
        int volumeBaselineWindows,
        double speedLimitFactor,
        double temperatureMaxC,
        double temperatureMinC,
        double windMaxMs,
        double airQualityMax,
        double consumptionBaselineFactor,
        double consumptionRatedFactor,
        double voltageMaxDeviation,
        int stuckMinReadings,
        int silentIntervals,
        int baselineWindows,
        int baselineMinWindows,
        double baselineClampFactor,
        int minReadingsPerWindow,
        double severityMedium,
        double severityHigh,
        double severityCritical) {

    /** Property keys in component order. */
    public static final String[] KEYS = {
        "congestion.max_speed_kmh", "congestion.min_occupancy_pct", "volume.baseline_factor",
        "volume.min_significance", "volume.baseline_windows", "speed.limit_factor",
        "temperature.max_c", "temperature.min_c", "wind.max_ms", "air_quality.max", "consumption.baseline_factor",
        "consumption.rated_factor", "voltage.max_deviation", "stuck.min_readings", "silent.intervals",
        "baseline.windows", "baseline.min_windows", "baseline.clamp_factor", "window.min_readings",
        "severity.medium", "severity.high", "severity.critical"};

    /** The defaults of docs/anomalies.md. */
    public static final DetectionConfig DEFAULT = new DetectionConfig(15, 70, 3.0, 5.0, 10, 1.4, 40, -20, 24, 200, 2.5, 1.2,
            0.10, 60, 30, 30, 10, 1.5, 10, 0.10, 0.25, 0.50);

    public DetectionConfig {
        positive("congestion.max_speed_kmh", congestionMaxSpeedKmh);
        positive("volume.baseline_factor", volumeBaselineFactor - 1);
        positive("volume.min_significance", volumeMinSignificance);
        positive("volume.baseline_windows", volumeBaselineWindows);
        positive("speed.limit_factor", speedLimitFactor - 1);
        if (!(temperatureMaxC > temperatureMinC)) {
            throw new IllegalArgumentException("temperature.max_c must be above temperature.min_c");
        }
        positive("wind.max_ms", windMaxMs);
        positive("air_quality.max", airQualityMax);
        positive("consumption.baseline_factor", consumptionBaselineFactor - 1);
        positive("consumption.rated_factor", consumptionRatedFactor);
        positive("voltage.max_deviation", voltageMaxDeviation);
        positive("stuck.min_readings", stuckMinReadings - 1);
        positive("silent.intervals", silentIntervals);
        positive("baseline.windows", baselineWindows);
        positive("baseline.clamp_factor", baselineClampFactor - 1);
        positive("window.min_readings", minReadingsPerWindow);
        if (!(0 < severityMedium && severityMedium < severityHigh && severityHigh < severityCritical)) {
            throw new IllegalArgumentException("severity bands must satisfy 0 < severity.medium < severity.high < severity.critical");
        }
    }

    private static void positive(String key, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(key + " is out of range: " + value);
        }
    }

    /** The EWMA smoothing factor for a span of {@link #baselineWindows} windows. */
    public double baselineAlpha() {
        return 2.0 / (baselineWindows + 1);
    }

    /** The EWMA smoothing factor of the vehicle-count baseline, a span of {@link #volumeBaselineWindows} windows. */
    public double volumeBaselineAlpha() {
        return 2.0 / (volumeBaselineWindows + 1);
    }

    /** Maps a normalised excess beyond the threshold to a severity. */
    public io.citypulse.contract.event.Severity severity(double excess) {
        if (excess >= severityCritical) {
            return io.citypulse.contract.event.Severity.CRITICAL;
        }
        if (excess >= severityHigh) {
            return io.citypulse.contract.event.Severity.HIGH;
        }
        return excess >= severityMedium ? io.citypulse.contract.event.Severity.MEDIUM
                : io.citypulse.contract.event.Severity.LOW;
    }

    /** The defaults with {@code overrides} (property key to value) applied; the error names the bad key. */
    public static DetectionConfig from(Map<String, String> overrides) {
        double[] values = DEFAULT.values();
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            int index = indexOf(entry.getKey());
            try {
                values[index] = Double.parseDouble(entry.getValue().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(entry.getKey() + " must be a number, got '" + entry.getValue() + "'");
            }
        }
        return of(values);
    }

    /** Overrides from environment variables {@code CITYPULSE_SPEED_RULE_<KEY>} (dots become underscores). */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = env.get(envName(key));
            if (value != null && !value.isBlank()) {
                overrides.put(key, value);
            }
        }
        return overrides;
    }

    public static String envName(String key) {
        return "CITYPULSE_SPEED_RULE_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static int indexOf(String key) {
        for (int i = 0; i < KEYS.length; i++) {
            if (KEYS[i].equals(key)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown rule setting '" + key + "'; known: " + String.join(", ", KEYS));
    }

    private double[] values() {
        return new double[] {congestionMaxSpeedKmh, congestionMinOccupancyPct, volumeBaselineFactor, volumeMinSignificance,
            volumeBaselineWindows, speedLimitFactor,
            temperatureMaxC, temperatureMinC, windMaxMs, airQualityMax, consumptionBaselineFactor, consumptionRatedFactor,
            voltageMaxDeviation, stuckMinReadings, silentIntervals, baselineWindows, baselineMinWindows,
            baselineClampFactor, minReadingsPerWindow, severityMedium, severityHigh, severityCritical};
    }

    private static DetectionConfig of(double[] v) {
        return new DetectionConfig(v[0], v[1], v[2], v[3], whole(v[4], KEYS[4]), v[5], v[6], v[7], v[8], v[9],
                v[10], v[11], v[12], whole(v[13], KEYS[13]), whole(v[14], KEYS[14]), whole(v[15], KEYS[15]),
                whole(v[16], KEYS[16]), v[17], whole(v[18], KEYS[18]), v[19], v[20], v[21]);
    }

    private static int whole(double value, String key) {
        if (value != Math.rint(value) || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be a whole number, got " + value);
        }
        return (int) value;
    }
}
