package io.citypulse.batch.it;

import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic readings as the generator would send them: id {@code <sensor>-<seq>}, seq = eventTime / interval. */
final class TestReadings {

    private TestReadings() {
    }

    /** {@code count} consecutive readings of each of the first {@code sensors} sensors of a type. */
    static List<SensorReading> of(SensorType type, int sensors, Instant start, long intervalMillis, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SensorReading> readings = new ArrayList<>();
        List<Sensor> catalog = SensorCatalog.defaultCity().sensors(type).subList(0, sensors);
        for (int i = 0; i < count; i++) {
            for (Sensor sensor : catalog) {
                long ms = start.toEpochMilli() + i * intervalMillis;
                readings.add(reading(sensor, ms / intervalMillis, Instant.ofEpochMilli(ms), random));
            }
        }
        return readings;
    }

    static SensorReading reading(Sensor sensor, long seq, Instant time, SplittableRandom r) {
        ReadingHeader h = new ReadingHeader(2, sensor.id() + "-" + seq, sensor.id(), sensor.type(), sensor.zone().id(),
                sensor.location(), time, seq);
        return switch (sensor.type().wireName()) {
            case "traffic" -> new SensorReading(h, r.nextInt(60), round(20 + r.nextDouble() * 60, 1), round(r.nextDouble() * 60, 1));
            case "weather" -> new SensorReading(h, round(5 + r.nextDouble() * 15, 1), round(40 + r.nextDouble() * 50, 1),
                    round(1000 + r.nextDouble() * 30, 1), round(r.nextDouble() * 12, 1), round(r.nextDouble() * 3, 1), r.nextInt(120));
            case "energy" -> new SensorReading(h, round(50 + r.nextDouble() * 300, 2), round(225 + r.nextDouble() * 10, 1),
                    round(100 + r.nextDouble() * 900, 2), round(0.85 + r.nextDouble() * 0.14, 2), round(49.9 + r.nextDouble() * 0.2, 2));
            default -> throw new IllegalArgumentException("no test values for " + sensor.type());
        };
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
