package io.citypulse.generator.signal;

import static io.citypulse.generator.signal.Precision.clamp;
import static io.citypulse.generator.signal.Precision.reflect;

/**
 * Inductive-loop counts: demand follows {@link DailyProfile#traffic}, occupancy rises with demand and
 * speed falls as occupancy rises (a simple speed-density relation), plus per-sensor drift and noise.
 * The vehicle count of a reading is a Poisson draw around the expected rate, as real arrivals are, so a
 * window's mean count is a smooth estimate of the rate rather than a rounding step.
 */
public final class TrafficSignal {

    /** Measure indexes in the array {@link #sample} fills. */
    public static final int COUNT = 0;
    public static final int SPEED = 1;
    public static final int OCCUPANCY = 2;

    private static final long DRIFT_PERIOD_MS = 600_000L;
    private static final int CH_COUNT = 5;
    /** Above this rate the Poisson draw uses its normal approximation (exp(-rate) would underflow). */
    private static final double NORMAL_APPROXIMATION_RATE = 50;

    private final Noise noise;
    private final long intervalMillis;

    public TrafficSignal(Noise noise, long intervalMillis) {
        this.noise = noise;
        this.intervalMillis = intervalMillis;
    }

    /**
     * Fills {@code out} with the expected vehicle count (the rate, vehicles per interval), speed (km/h) and
     * occupancy (%) of one slot; {@link #drawCount} turns the rate into the reported count.
     */
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
        out[COUNT] = sensor.capacityPerMin() * intervalMillis / 60_000.0 * demand;
        out[SPEED] = speed;
        out[OCCUPANCY] = occupancy;
    }

    /**
     * Replaces the rate in {@code out[COUNT]} with a Poisson-distributed whole count of that mean, drawn from
     * the slot's noise (deterministic; a higher rate never gives a lower count for the same slot).
     */
    public void drawCount(SensorProfile sensor, long slot, double[] out) {
        double rate = Math.max(0, out[COUNT]);
        long stream = sensor.stream();
        if (rate > NORMAL_APPROXIMATION_RATE) {
            out[COUNT] = Math.max(0, Math.round(rate + Math.sqrt(rate) * noise.gaussian(stream, slot, CH_COUNT)));
            return;
        }
        // Inversion: the smallest k whose cumulative probability exceeds one uniform draw.
        double u = noise.uniform(stream, slot, CH_COUNT);
        double probability = Math.exp(-rate);
        double cumulative = probability;
        int k = 0;
        while (u >= cumulative && probability > 0) {
            k++;
            probability *= rate / k;
            cumulative += probability;
        }
        out[COUNT] = k;
    }
}
