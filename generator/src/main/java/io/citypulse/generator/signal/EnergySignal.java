package io.citypulse.generator.signal;

import static io.citypulse.generator.signal.Precision.clamp;
import static io.citypulse.generator.signal.Precision.reflect;

/** A smart meter: load follows {@link DailyProfile#energy}; voltage sags slightly under load. */
public final class EnergySignal {

    public static final int POWER = 0;
    public static final int VOLTAGE = 1;
    public static final int CURRENT = 2;
    public static final int POWER_FACTOR = 3;
    public static final int FREQUENCY = 4;

    private static final long DRIFT_PERIOD_MS = 900_000L;

    private final Noise noise;

    public EnergySignal(Noise noise) {
        this.noise = noise;
    }

    public void sample(SensorProfile sensor, long epochMillis, long slot, double[] out) {
        long stream = sensor.stream();
        double load = DailyProfile.energy(epochMillis, sensor.kind())
                * (1 + 0.10 * noise.smooth(stream, epochMillis, DRIFT_PERIOD_MS, 1))
                * (1 + 0.03 * noise.gaussian(stream, slot, 2));
        load = reflect(load, 0.05, 0.90);
        double power = sensor.ratedKw() * load;
        double voltage = sensor.nominalV() * (1 + 0.012 - 0.025 * load + 0.004 * noise.gaussian(stream, slot, 3));
        voltage = reflect(voltage, sensor.nominalV() * 0.96, sensor.nominalV() * 1.04);
        double powerFactor = clamp(0.93 + 0.015 * noise.gaussian(stream, slot, 4), 0.80, 0.99);
        double frequency = 50 + 0.015 * noise.gaussian(stream, slot, 5);
        fillCurrent(sensor, power, voltage, powerFactor, out);
        out[POWER] = power;
        out[VOLTAGE] = voltage;
        out[POWER_FACTOR] = powerFactor;
        out[FREQUENCY] = frequency;
    }

    /** I = P / (V x pf), times sqrt(3) in the denominator on three-phase (400 V) connections. */
    public static void fillCurrent(SensorProfile sensor, double powerKw, double voltage, double powerFactor,
                                   double[] out) {
        double phases = sensor.nominalV() >= 400 ? Math.sqrt(3) : 1;
        out[CURRENT] = powerKw * 1000 / (phases * voltage * powerFactor);
    }
}
