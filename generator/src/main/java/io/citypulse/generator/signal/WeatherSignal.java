package io.citypulse.generator.signal;

import static io.citypulse.generator.signal.Precision.clamp;
import static io.citypulse.generator.signal.Precision.reflect;

/**
 * A street weather station: seasonal and diurnal temperature cycles plus slow city-wide fronts; in a
 * front, wind, rain and humidity rise while pressure and temperature fall together.
 */
public final class WeatherSignal {

    public static final int TEMPERATURE = 0;
    public static final int HUMIDITY = 1;
    public static final int PRESSURE = 2;
    public static final int WIND = 3;
    public static final int PRECIPITATION = 4;
    public static final int AQI = 5;

    /** Fronts are city-wide: one stream for every station, knots every 6 h. */
    private static final long FRONT_STREAM = 0x5eed_f407L;
    private static final long FRONT_PERIOD_MS = 6 * 3_600_000L;

    private final Noise noise;

    public WeatherSignal(Noise noise) {
        this.noise = noise;
    }

    /** How much of a front is over the city at {@code epochMillis}, 0 (clear) to 1 (storm). */
    public double front(long epochMillis) {
        return clamp(noise.smooth(FRONT_STREAM, epochMillis, FRONT_PERIOD_MS, 0) * 1.3, 0, 1);
    }

    public void sample(SensorProfile sensor, long epochMillis, long slot, double[] out) {
        long stream = sensor.stream();
        double front = front(epochMillis);
        double hour = DailyProfile.hourOfDay(epochMillis);
        double diurnal = Math.cos(2 * Math.PI * (hour - 15) / 24); // warmest mid-afternoon
        double seasonal = 10 + 9 * Math.cos(2 * Math.PI * (DailyProfile.dayOfYear(epochMillis) - 200) / 365.2425);
        double temperature = seasonal + 5 * diurnal - 4 * front - 0.0065 * sensor.elevation()
                + 0.15 * noise.gaussian(stream, slot, 1);
        double wind = 2.5 + 9 * front + 1.0 * Math.abs(noise.gaussian(stream, slot, 2));
        double rain = front > 0.45 ? (front - 0.45) * 14 * (0.8 + 0.4 * noise.uniform(stream, slot, 3)) : 0;
        double pressure = 1018 - 26 * front + 0.3 * noise.gaussian(stream, slot, 4);
        double humidity = 62 + 28 * front - 12 * diurnal + 1.5 * noise.gaussian(stream, slot, 5);
        // Air quality worsens with rush-hour traffic and calm air; wind and rain clean it.
        double traffic = DailyProfile.traffic(epochMillis, sensor.kind());
        double aqi = 30 + 70 * traffic * (1 - 0.7 * front) + 6 * noise.gaussian(stream, slot, 6);
        out[TEMPERATURE] = reflect(temperature, -10, 35);
        out[HUMIDITY] = reflect(humidity, 10, 100);
        out[PRESSURE] = reflect(pressure, 950, 1050);
        out[WIND] = reflect(wind, 0, 15);
        out[PRECIPITATION] = Math.max(0, rain);
        out[AQI] = reflect(aqi, 10, 120);
    }
}
