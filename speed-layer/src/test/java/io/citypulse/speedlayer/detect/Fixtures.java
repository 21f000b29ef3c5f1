package io.citypulse.speedlayer.detect;

import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorAttributes;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import java.time.Instant;

/** Readings of real catalog sensors at chosen event times: the fake clock of the core tests. */
final class Fixtures {

    static final SensorCatalog CATALOG = SensorCatalog.defaultCity();
    /** A minute boundary: windows of the tests start here. */
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final Sensor TRAFFIC = CATALOG.sensors(SensorType.TRAFFIC).get(0);
    static final Sensor TRAFFIC_2 = CATALOG.sensors(SensorType.TRAFFIC).get(1);
    static final Sensor WEATHER = CATALOG.sensors(SensorType.WEATHER).get(0);
    /** An energy sensor with a rated load of at least 500 kW, so the 1.2 x rated cap sits above 2.5 x 100 kW. */
    static final Sensor ENERGY = CATALOG.sensors(SensorType.ENERGY).stream()
            .filter(s -> s.attribute(SensorAttributes.RATED_LOAD_KW) >= 500).findFirst().orElseThrow();

    private Fixtures() {
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static ReadingHeader header(Sensor sensor, long second, long seq) {
        return new ReadingHeader(2, sensor.id() + "-" + seq, sensor.id(), sensor.type(), sensor.zone().id(),
                sensor.location(), at(second), seq);
    }

    static SensorReading traffic(Sensor sensor, long second, int count, double speed, double occupancy) {
        return new SensorReading(header(sensor, second, second), count, speed, occupancy);
    }

    static SensorReading weather(long second, double temperature, double wind, int aqi) {
        return new SensorReading(header(WEATHER, second, second), temperature, 60, 1013, wind, 0, aqi);
    }

    static SensorReading energy(long second, double powerKw, double voltage) {
        return new SensorReading(header(ENERGY, second, second), powerKw, voltage, powerKw * 1000 / voltage, 0.95, 50.0);
    }

    /** A normal traffic reading whose values vary with the second (never stuck). */
    static SensorReading normalTraffic(Sensor sensor, long second) {
        double limit = sensor.attribute(SensorAttributes.SPEED_LIMIT_KMH);
        return traffic(sensor, second, 10 + (int) (second % 3), limit * (0.8 + (second % 5) * 0.01), 20 + second % 7);
    }

    /** Variation that sums to zero over every even number of consecutive seconds. */
    static double wobble(long second, double amplitude) {
        return second % 2 == 0 ? amplitude : -amplitude;
    }

    static SensorReading[] none() {
        return new SensorReading[0];
    }
}
