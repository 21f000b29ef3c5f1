package io.citypulse.speedlayer.app;

import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorAttributes;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import io.citypulse.contract.wire.ReadingCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small seeded input with injected, labelled anomalies, standing in for the generator until it exists:
 * one reading per sensor and second, normal values inside the ranges of docs/anomalies.md.
 */
final class SeededInput {

    /** One record to append, in order. */
    record Input(String topic, String key, byte[] value) {
    }

    /** An injected anomaly: sensor, type and event-time span (minutes from the start, end exclusive). */
    record Label(String sensorId, AnomalyType type, int fromMinute, int toMinute) {
    }

    static final int TRAFFIC = 12;
    static final int WEATHER = 6;
    static final int ENERGY = 12;
    static final Instant START = Instant.parse("2026-03-02T06:00:00Z");

    final SensorCatalog catalog = SensorCatalog.generate(SensorCatalog.DEFAULT_SEED, TRAFFIC, WEATHER, ENERGY);
    final List<Input> records = new ArrayList<>();
    final List<Label> labels = new ArrayList<>();
    int malformed;
    int late;

    SeededInput(int minutes, long seed) {
        List<Sensor> traffic = catalog.sensors(SensorType.TRAFFIC);
        List<Sensor> weather = catalog.sensors(SensorType.WEATHER);
        List<Sensor> energy = catalog.sensors(SensorType.ENERGY);
        labels.add(new Label(traffic.get(0).id(), AnomalyType.SEVERE_CONGESTION, 40, 44));
        labels.add(new Label(traffic.get(1).id(), AnomalyType.SPEED_ANOMALY, 40, 43));
        labels.add(new Label(traffic.get(2).id(), AnomalyType.VOLUME_SPIKE, 42, 45));
        labels.add(new Label(traffic.get(3).id(), AnomalyType.STUCK_SENSOR, 41, 44));
        labels.add(new Label(weather.get(0).id(), AnomalyType.EXTREME_TEMPERATURE, 40, 45));
        labels.add(new Label(weather.get(1).id(), AnomalyType.HIGH_WIND, 41, 45));
        labels.add(new Label(weather.get(2).id(), AnomalyType.POOR_AIR_QUALITY, 40, 47));
        labels.add(new Label(energy.get(0).id(), AnomalyType.CONSUMPTION_SPIKE, 40, 43));
        labels.add(new Label(energy.get(1).id(), AnomalyType.VOLTAGE_OUT_OF_RANGE, 41, 44));
        labels.add(new Label(energy.get(2).id(), AnomalyType.SILENT_SENSOR, 42, 45));
        SplittableRandom random = new SplittableRandom(seed);
        List<Input> delayed = new ArrayList<>();
        for (int second = 0; second < minutes * 60; second++) {
            for (Sensor sensor : catalog.sensors()) {
                Label label = active(sensor.id(), second / 60);
                if (label != null && label.type() == AnomalyType.SILENT_SENSOR) {
                    continue;
                }
                SensorReading reading = reading(sensor, second, label, random);
                Input input = new Input(Topics.readings(sensor.type()).name(), sensor.id(), ReadingCodec.encode(reading));
                if (second % 600 == 300 && sensor == traffic.get(5)) {
                    delayed.add(input); // delivered 3 min later: beyond the 2 min lateness
                    late++;
                } else if (second % 97 == 0 && sensor == weather.get(4)) {
                    records.add(input);
                    records.add(input); // re-sent duplicate
                } else {
                    records.add(input);
                }
            }
            if (second % 600 == 480 && !delayed.isEmpty()) {
                records.addAll(delayed);
                delayed.clear();
            }
            if (second % 900 == 450) {
                records.add(new Input(Topics.readings(SensorType.TRAFFIC).name(), traffic.get(6).id(),
                        "{\"schema_version\":2,\"sensor_id\":".getBytes(StandardCharsets.UTF_8)));
                malformed++;
            }
        }
    }

    private Label active(String sensorId, int minute) {
        for (Label label : labels) {
            if (label.sensorId().equals(sensorId) && minute >= label.fromMinute() && minute < label.toMinute()) {
                return label;
            }
        }
        return null;
    }

    private SensorReading reading(Sensor sensor, int second, Label label, SplittableRandom random) {
        ReadingHeader header = new ReadingHeader(2, sensor.id() + "-" + second, sensor.id(), sensor.type(),
                sensor.zone().id(), sensor.location(), START.plusSeconds(second), second);
        AnomalyType type = label == null ? null : label.type();
        return switch (sensor.type().wireName()) {
            case "traffic" -> {
                double limit = sensor.attribute(SensorAttributes.SPEED_LIMIT_KMH);
                double capacity = sensor.attribute(SensorAttributes.CAPACITY_VEH_PER_MIN);
                if (type == AnomalyType.STUCK_SENSOR) {
                    yield new SensorReading(header, 9, limit * 0.7, 22.5);
                }
                int count = (int) Math.round(capacity / 6 * (0.75 + random.nextDouble() * 0.5));
                double speed = limit * (0.6 + random.nextDouble() * 0.4);
                double occupancy = 10 + random.nextDouble() * 30;
                if (type == AnomalyType.SEVERE_CONGESTION) {
                    speed = 5 + random.nextDouble() * 6;
                    occupancy = 76 + random.nextDouble() * 15;
                } else if (type == AnomalyType.SPEED_ANOMALY) {
                    speed = limit * (1.6 + random.nextDouble() * 0.4);
                } else if (type == AnomalyType.VOLUME_SPIKE) {
                    count = (int) Math.round(count * (3.5 + random.nextDouble() * 1.5));
                }
                yield new SensorReading(header, count, speed, occupancy);
            }
            case "weather" -> {
                double temperature = 12 + 6 * Math.sin(second / 3000.0) + random.nextDouble();
                double wind = 2 + random.nextDouble() * 8;
                int aqi = 30 + random.nextInt(60);
                if (type == AnomalyType.EXTREME_TEMPERATURE) {
                    temperature = 42 + random.nextDouble() * 4;
                } else if (type == AnomalyType.HIGH_WIND) {
                    wind = 26 + random.nextDouble() * 9;
                } else if (type == AnomalyType.POOR_AIR_QUALITY) {
                    aqi = 210 + random.nextInt(110);
                }
                yield new SensorReading(header, temperature, 40 + random.nextDouble() * 40, 1000 + random.nextDouble() * 20,
                        wind, random.nextDouble() * 2, aqi);
            }
            case "energy" -> {
                double rated = sensor.attribute(SensorAttributes.RATED_LOAD_KW);
                double nominal = sensor.attribute(SensorAttributes.NOMINAL_VOLTAGE_V);
                double power = rated * (0.3 + random.nextDouble() * 0.1);
                double voltage = nominal * (0.98 + random.nextDouble() * 0.04);
                if (type == AnomalyType.CONSUMPTION_SPIKE) {
                    power = Math.min(power * (3 + random.nextDouble()), rated * 1.5);
                } else if (type == AnomalyType.VOLTAGE_OUT_OF_RANGE) {
                    voltage = nominal * (1.13 + random.nextDouble() * 0.07);
                }
                yield new SensorReading(header, power, voltage, power * 1000 / voltage, 0.9 + random.nextDouble() * 0.09,
                        49.95 + random.nextDouble() * 0.1);
            }
            default -> throw new IllegalArgumentException("no test values for " + sensor.type());
        };
    }
}
