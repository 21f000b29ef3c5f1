package io.citypulse.generator.signal;

import static io.citypulse.generator.signal.Precision.clamp;
import static io.citypulse.generator.signal.Precision.reflect;

/**
 * Inductive-loop counts: demand follows {@link DailyProfile#traffic}, occupancy rises with demand and
 * speed falls as occupancy rises (a simple speed-density relation), plus per-sensor drift and noise.
 */
public final class TrafficSignal {

    /** Measure indexes in the array {@link #sample} fills. */
    public static final int COUNT = 0;
    public static final int SPEED = 1;
    public static final int OCCUPANCY = 2;

    private static final long DRIFT_PERIOD_MS = 600_000L;

    private final Noise noise;
    private final long intervalMillis;

    public TrafficSignal(Noise noise, long intervalMillis) {
        this.noise = noise;
        this.intervalMillis = intervalMillis;
    }

    /** Fills {@code out} with the unrounded vehicle count, speed (km/h) and occupancy (%) of one slot. */
    public void sample(SensorProfile sensor, long epochMillis, long slot, double[] out) {
        long stream = sensor.stream();
        double demand = DailyProfile.traffic(epochMillis, sensor.kind())
                * (1 + 0.15 * noise.smooth(stream, epochMillis, DRIFT_PERIOD_MS, 1));
        demand = clamp(demand, 0.02, 0.97);
        double occupancy = 2 + 53 * Math.pow(demand, 1.25) + 1.2 * noise.gaussian(stream, slot, 2);
        occupancy = reflect(occupancy, 2, 55);
        double limit = sensor.speedLimit();
        double freeFlow = 1.04 - 0.66 * (occupancy - 2) / 53; // 1.04 x limit when empty, 0.38 x when near-jammed
        double speed = limit * (freeFlow + 0.025 * noise.gaussian(stream, slot, 3));
        speed = reflect(speed, 0.35 * limit, 1.10 * limit);
        double expected = sensor.capacityPerMin() * intervalMillis / 60_000.0 * demand;
        double count = expected * (1 + 0.25 * clamp(noise.gaussian(stream, slot, 4) / 3, -1, 1));
        out[COUNT] = count;
        out[SPEED] = speed;
        out[OCCUPANCY] = occupancy;
    }
}
