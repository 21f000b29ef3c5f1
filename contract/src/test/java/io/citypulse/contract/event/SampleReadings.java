package io.citypulse.contract.event;

import java.time.Instant;

/** One hand-picked valid reading of each kind, shared by the contract's tests. */
public final class SampleReadings {

    public static final Instant EVENT_TIME = Instant.parse("2026-03-02T08:15:30.250Z");

    private SampleReadings() {
    }

    public static ReadingHeader header(int version, SensorType type, String sensorId, String zone, long seq) {
        return new ReadingHeader(version, "evt-" + sensorId + "-" + seq, sensorId, type, zone,
                new Location(52.371234, 4.896789), EVENT_TIME, seq);
    }

    public static TrafficReading traffic() {
        return new TrafficReading(header(2, SensorType.TRAFFIC, "traffic-0001", "downtown", 42), 17, 43.5, 22.25);
    }

    public static WeatherReading weather() {
        return new WeatherReading(header(2, SensorType.WEATHER, "weather-0003", "harbour", 7),
                -3.75, 81.0, 1013.25, 5.5, 0.4, 42);
    }

    public static EnergyReading energyV2() {
        return new EnergyReading(header(2, SensorType.ENERGY, "energy-0100", "tech-park", 1_000_000),
                123.45, 231.2, 534.1, 0.93, 50.01);
    }

    /** An energy reading as a schema-v1 producer wrote it: no power factor, no frequency. */
    public static EnergyReading energyV1() {
        return new EnergyReading(header(1, SensorType.ENERGY, "energy-0100", "tech-park", 0),
                123.45, 231.2, 534.1, null, null);
    }
}
