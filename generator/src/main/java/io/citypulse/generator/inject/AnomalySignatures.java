package io.citypulse.generator.inject;

import static io.citypulse.generator.signal.Precision.clamp;

import io.citypulse.generator.signal.EnergySignal;
import io.citypulse.generator.signal.Noise;
import io.citypulse.generator.signal.SensorProfile;
import io.citypulse.generator.signal.TrafficSignal;
import io.citypulse.generator.signal.WeatherSignal;

/**
 * Rewrites a normal sample into the signature docs/anomalies.md documents for each anomaly type.
 * STUCK_SENSOR and SILENT_SENSOR are handled by the simulator (they repeat or drop whole readings).
 */
public final class AnomalySignatures {

    /** A VOLUME_SPIKE adds at least this many vehicles per second, so spikes show at low volume too. */
    public static final double VOLUME_SPIKE_MIN_LIFT_PER_S = 1.0;

    private final Noise noise;
    private final double volumeMinLift;

    public AnomalySignatures(Noise noise, long intervalMillis) {
        this.noise = noise;
        this.volumeMinLift = VOLUME_SPIKE_MIN_LIFT_PER_S * intervalMillis / 1000.0;
    }

    /**
     * Applies {@code episode} to the unrounded measures {@code m} of {@code sensor} at {@code slot}; for traffic
     * {@code m[COUNT]} is still the expected rate, so count signatures scale the rate before the count is drawn.
     */
    public void apply(AnomalyEpisode episode, SensorProfile sensor, long slot, double[] m) {
        long s = sensor.stream();
        double u = noise.uniform(s, slot, 40); // per-reading spread within the documented range
        switch (episode.type()) {
            case SEVERE_CONGESTION -> {
                m[TrafficSignal.SPEED] = 5 + 6.5 * u;                                      // < 12 km/h
                m[TrafficSignal.OCCUPANCY] = 76 + 16 * noise.uniform(s, slot, 41);          // > 75 %
                m[TrafficSignal.COUNT] = m[TrafficSignal.COUNT] * 0.4;                      // a queue passes slowly
            }
            case VOLUME_SPIKE -> {
                double rate = m[TrafficSignal.COUNT];
                m[TrafficSignal.COUNT] = Math.min(10_000, Math.max(rate * (3.5 + 1.5 * u), rate + volumeMinLift));
            }
            case SPEED_ANOMALY -> {
                m[TrafficSignal.SPEED] = sensor.speedLimit() * (1.6 + 0.4 * u);
                m[TrafficSignal.OCCUPANCY] = clamp(m[TrafficSignal.OCCUPANCY] * 0.5, 2, 55);
            }
            case EXTREME_TEMPERATURE -> m[WeatherSignal.TEMPERATURE] = episode.upward() ? 42 + 6 * u : -25 - 6 * u;
            case HIGH_WIND -> m[WeatherSignal.WIND] = 26 + 9 * u;
            case POOR_AIR_QUALITY -> m[WeatherSignal.AQI] = 210 + 110 * u;
            case CONSUMPTION_SPIKE -> {
                double power = Math.min(m[EnergySignal.POWER] * (3 + u), 1.5 * sensor.ratedKw());
                m[EnergySignal.POWER] = power;
                EnergySignal.fillCurrent(sensor, power, m[EnergySignal.VOLTAGE], m[EnergySignal.POWER_FACTOR], m);
            }
            case VOLTAGE_OUT_OF_RANGE -> {
                double deviation = 0.13 + 0.07 * u;
                m[EnergySignal.VOLTAGE] = sensor.nominalV() * (episode.upward() ? 1 + deviation : 1 - deviation);
                EnergySignal.fillCurrent(sensor, m[EnergySignal.POWER], m[EnergySignal.VOLTAGE],
                        m[EnergySignal.POWER_FACTOR], m);
            }
            case STUCK_SENSOR, SILENT_SENSOR -> {
                // whole-reading anomalies: see CitySimulator
            }
        }
    }
}
