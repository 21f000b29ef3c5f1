package io.citypulse.speedlayer.window;

import java.time.Duration;
import java.util.Objects;

/**
 * Event-time settings of the speed layer.
 *
 * @param window      tumbling window size per sensor (default 1 min)
 * @param lateness    allowed lateness: watermark = max event time seen on the partition minus this (default 2 min)
 * @param interval    the sensors' reporting interval (default 1 s); silence is counted in intervals
 * @param idleEvictAfter a sensor with no reading for this long, and no open window, is forgotten (default 15 min)
 */
public record WindowConfig(Duration window, Duration lateness, Duration interval, Duration idleEvictAfter) {

    public static final WindowConfig DEFAULT = new WindowConfig(Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofSeconds(1), Duration.ofMinutes(15));

    public WindowConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(lateness, "lateness");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(idleEvictAfter, "idleEvictAfter");
        requirePositive("window", window);
        requirePositive("interval", interval);
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("lateness must not be negative: " + lateness);
        }
        if (idleEvictAfter.compareTo(window.plus(lateness)) < 0) {
            throw new IllegalArgumentException("idleEvictAfter must be at least window + lateness: " + idleEvictAfter);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Start of the tumbling window holding {@code eventTimeMs}. */
    public long windowStart(long eventTimeMs) {
        return Math.floorDiv(eventTimeMs, window.toMillis()) * window.toMillis();
    }
}
