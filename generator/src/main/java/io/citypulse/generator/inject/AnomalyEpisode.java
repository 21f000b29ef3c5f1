package io.citypulse.generator.inject;

import io.citypulse.contract.event.AnomalyType;

/**
 * One injected anomaly on one sensor: slots {@code firstSlot..lastSlot} inclusive.
 *
 * @param magnitude a draw in [0, 1) fixing where in the documented range this episode lies
 * @param upward    for two-sided types (temperature, voltage): above rather than below normal
 */
public record AnomalyEpisode(AnomalyType type, long firstSlot, long lastSlot, double magnitude, boolean upward) {

    public boolean covers(long slot) {
        return slot >= firstSlot && slot <= lastSlot;
    }

    /** Documented duration range of each type, seconds (docs/anomalies.md). */
    public static long[] durationSeconds(AnomalyType type) {
        return switch (type) {
            case SEVERE_CONGESTION, EXTREME_TEMPERATURE, HIGH_WIND -> new long[] {180, 360};
            case POOR_AIR_QUALITY -> new long[] {300, 600};
            default -> new long[] {120, 240};
        };
    }
}
