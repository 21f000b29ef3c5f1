package io.citypulse.api.history;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Bucket size of a history: its length, the longest range it may cover and the default range. */
public enum Resolution {
    MINUTE(ChronoUnit.MINUTES, Duration.ofDays(1), Duration.ofHours(1)),
    HOUR(ChronoUnit.HOURS, Duration.ofDays(31), Duration.ofDays(1)),
    DAY(ChronoUnit.DAYS, Duration.ofDays(366), Duration.ofDays(7));

    private final ChronoUnit unit;
    private final Duration maxRange;
    private final Duration defaultRange;

    Resolution(ChronoUnit unit, Duration maxRange, Duration defaultRange) {
        this.unit = unit;
        this.maxRange = maxRange;
        this.defaultRange = defaultRange;
    }

    /** The PostgreSQL date_trunc field name. */
    public String sqlUnit() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public Duration length() {
        return unit.getDuration();
    }

    public Duration maxRange() {
        return maxRange;
    }

    public Duration defaultRange() {
        return defaultRange;
    }

    /** Start of the bucket holding {@code time} (UTC). */
    public Instant floor(Instant time) {
        return time.truncatedTo(unit);
    }

    /** Start of the first bucket at or after {@code time}. */
    public Instant ceil(Instant time) {
        Instant floor = floor(time);
        return floor.equals(time) ? floor : floor.plus(length());
    }
}
