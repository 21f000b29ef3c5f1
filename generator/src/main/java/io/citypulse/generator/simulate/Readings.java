package io.citypulse.generator.simulate;

import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.ReadingSchema;
import io.citypulse.contract.wire.ReadingEncoder;
import io.citypulse.generator.signal.EnergySignal;
import io.citypulse.generator.signal.Precision;
import io.citypulse.generator.signal.SensorProfile;
import io.citypulse.generator.signal.TrafficSignal;
import io.citypulse.generator.signal.WeatherSignal;
import java.time.Instant;
import java.util.Arrays;

/** Rounds measures to each sensor's precision and turns them into schema-v2 readings and their bytes. */
final class Readings {

    private Readings() {
    }

    /** The event id the lead decided: sensor id, dash, time-slot number. */
    static String eventId(String sensorId, long seq) {
        return sensorId + "-" + seq;
    }

    /** Rounds measures in place to sensor precision; the array is in schema order for every type. */
    static void round(SensorType type, double[] m) {
        if (type == SensorType.TRAFFIC) {
            m[TrafficSignal.COUNT] = Math.round(m[TrafficSignal.COUNT]);
            m[TrafficSignal.SPEED] = Precision.tenths(m[TrafficSignal.SPEED]);
            m[TrafficSignal.OCCUPANCY] = Precision.tenths(m[TrafficSignal.OCCUPANCY]);
        } else if (type == SensorType.WEATHER) {
            m[WeatherSignal.TEMPERATURE] = Precision.tenths(m[WeatherSignal.TEMPERATURE]);
            m[WeatherSignal.HUMIDITY] = Precision.tenths(m[WeatherSignal.HUMIDITY]);
            m[WeatherSignal.PRESSURE] = Precision.tenths(m[WeatherSignal.PRESSURE]);
            m[WeatherSignal.WIND] = Precision.tenths(m[WeatherSignal.WIND]);
            m[WeatherSignal.PRECIPITATION] = Precision.hundredths(m[WeatherSignal.PRECIPITATION]);
            m[WeatherSignal.AQI] = Math.round(m[WeatherSignal.AQI]);
        } else if (type == SensorType.ENERGY) {
            m[EnergySignal.POWER] = Precision.hundredths(m[EnergySignal.POWER]);
            m[EnergySignal.VOLTAGE] = Precision.tenths(m[EnergySignal.VOLTAGE]);
            m[EnergySignal.CURRENT] = Precision.tenths(m[EnergySignal.CURRENT]);
            m[EnergySignal.POWER_FACTOR] = Precision.hundredths(m[EnergySignal.POWER_FACTOR]);
            m[EnergySignal.FREQUENCY] = Precision.thousandths(m[EnergySignal.FREQUENCY]);
        }
    }

    /** The constant fields of {@code sensor}'s readings, for the contract's encoder; event ids as {@link #eventId}. */
    static ReadingEncoder.Sensor prepare(SensorProfile sensor) {
        return ReadingEncoder.sensor(sensor.id() + "-", sensor.id(), sensor.type(), sensor.sensor().zone().id(),
                sensor.sensor().location());
    }

    /** The contract reading of rounded measures {@code m} (a buffer: its first values are the type's measures). */
    static SensorReading build(SensorProfile sensor, long seq, long epochMillis, double[] m) {
        ReadingHeader header = new ReadingHeader(ReadingSchema.CURRENT_VERSION, eventId(sensor.id(), seq),
                sensor.id(), sensor.type(), sensor.sensor().zone().id(), sensor.sensor().location(),
                Instant.ofEpochMilli(epochMillis), seq);
        return new SensorReading(header, Arrays.copyOf(m, ReadingSchema.of(sensor.type()).measures().size()));
    }
}
