package io.citypulse.generator.simulate;

import io.citypulse.contract.event.EnergyReading;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.event.TrafficReading;
import io.citypulse.contract.event.WeatherReading;
import io.citypulse.contract.schema.ReadingSchema;
import io.citypulse.generator.signal.EnergySignal;
import io.citypulse.generator.signal.Precision;
import io.citypulse.generator.signal.SensorProfile;
import io.citypulse.generator.signal.TrafficSignal;
import io.citypulse.generator.signal.WeatherSignal;
import java.time.Instant;

/** Rounds measures to each sensor's precision and turns them into schema-v2 readings. */
final class Readings {

    private Readings() {
    }

    /** The event id the lead decided: sensor id, dash, time-slot number. */
    static String eventId(String sensorId, long seq) {
        return sensorId + "-" + seq;
    }

    /** Rounds measures in place to sensor precision; the array is in schema order for every type. */
    static void round(SensorType type, double[] m) {
        switch (type) {
            case TRAFFIC -> {
                m[TrafficSignal.COUNT] = Math.round(m[TrafficSignal.COUNT]);
                m[TrafficSignal.SPEED] = Precision.tenths(m[TrafficSignal.SPEED]);
                m[TrafficSignal.OCCUPANCY] = Precision.tenths(m[TrafficSignal.OCCUPANCY]);
            }
            case WEATHER -> {
                m[WeatherSignal.TEMPERATURE] = Precision.tenths(m[WeatherSignal.TEMPERATURE]);
                m[WeatherSignal.HUMIDITY] = Precision.tenths(m[WeatherSignal.HUMIDITY]);
                m[WeatherSignal.PRESSURE] = Precision.tenths(m[WeatherSignal.PRESSURE]);
                m[WeatherSignal.WIND] = Precision.tenths(m[WeatherSignal.WIND]);
                m[WeatherSignal.PRECIPITATION] = Precision.hundredths(m[WeatherSignal.PRECIPITATION]);
                m[WeatherSignal.AQI] = Math.round(m[WeatherSignal.AQI]);
            }
            case ENERGY -> {
                m[EnergySignal.POWER] = Precision.hundredths(m[EnergySignal.POWER]);
                m[EnergySignal.VOLTAGE] = Precision.tenths(m[EnergySignal.VOLTAGE]);
                m[EnergySignal.CURRENT] = Precision.tenths(m[EnergySignal.CURRENT]);
                m[EnergySignal.POWER_FACTOR] = Precision.hundredths(m[EnergySignal.POWER_FACTOR]);
                m[EnergySignal.FREQUENCY] = Precision.thousandths(m[EnergySignal.FREQUENCY]);
            }
        }
    }

    /** The contract record of rounded measures {@code m}; its constructor checks every range. */
    static SensorReading build(SensorProfile sensor, long seq, long epochMillis, double[] m) {
        ReadingHeader header = new ReadingHeader(ReadingSchema.CURRENT_VERSION, eventId(sensor.id(), seq),
                sensor.id(), sensor.type(), sensor.sensor().zone().id(), sensor.sensor().location(),
                Instant.ofEpochMilli(epochMillis), seq);
        return switch (sensor.type()) {
            case TRAFFIC -> new TrafficReading(header, (int) m[0], m[1], m[2]);
            case WEATHER -> new WeatherReading(header, m[0], m[1], m[2], m[3], m[4], (int) m[5]);
            case ENERGY -> new EnergyReading(header, m[0], m[1], m[2], m[3], m[4]);
        };
    }
}
