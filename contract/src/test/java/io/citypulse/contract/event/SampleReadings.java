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

    /** vehicle_count, avg_speed_kmh, occupancy_pct. */
    public static SensorReading traffic() {
        return new SensorReading(header(2, SensorType.TRAFFIC, "traffic-0001", "downtown", 42), 17, 43.5, 22.25);
    }

    /** temperature_c, humidity_pct, pressure_hpa, wind_speed_ms, precipitation_mm_h, air_quality_index. */
    public static SensorReading weather() {
        return new SensorReading(header(2, SensorType.WEATHER, "weather-0003", "harbour", 7),
                -3.75, 81.0, 1013.25, 5.5, 0.4, 42);
    }

    /** active_power_kw, voltage_v, current_a, power_factor, frequency_hz. */
    public static SensorReading energyV2() {
        return new SensorReading(header(2, SensorType.ENERGY, "energy-0100", "tech-park", 1_000_000),
                123.45, 231.2, 534.1, 0.93, 50.01);
    }

    /** An energy reading as a schema-v1 producer wrote it: no power factor, no frequency. */
    public static SensorReading energyV1() {
        return new SensorReading(header(1, SensorType.ENERGY, "energy-0100", "tech-park", 0),
                123.45, 231.2, 534.1, Double.NaN, Double.NaN);
    }
}
