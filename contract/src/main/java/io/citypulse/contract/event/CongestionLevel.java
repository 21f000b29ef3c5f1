package io.citypulse.contract.event;

/**
 * Congestion of a road segment, derived from occupancy and average speed.
 *
 * <p>Occupancy (share of time a vehicle is over the loop) drives the level; a crawl at moderate
 * occupancy counts as one level worse, because queues start before the loop is full.
 */
public enum CongestionLevel {
    FREE_FLOW,
    LIGHT,
    MODERATE,
    HEAVY,
    SEVERE;

    /** Derives the level from occupancy in percent and average speed in km/h. */
    public static CongestionLevel of(double occupancyPct, double avgSpeedKmh) {
        int level;
        if (occupancyPct < 15) {
            level = 0;
        } else if (occupancyPct < 30) {
            level = 1;
        } else if (occupancyPct < 45) {
            level = 2;
        } else if (occupancyPct < 60) {
            level = 3;
        } else {
            level = 4;
        }
        if (avgSpeedKmh < 15 && occupancyPct >= 30 && level < 4) {
            level++;
        }
        return values()[level];
    }
}
