package io.citypulse.generator.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.generator.inject.InjectionRates;
import io.citypulse.generator.simulate.CollectingSink;
import io.citypulse.generator.simulate.Simulations;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One simulated weekday (and a Sunday) of the default-sized city, one reading per sensor per minute. */
class DailyProfileTest {

    private static final Instant WEDNESDAY = Instant.parse("2026-03-04T00:00:00Z");
    private static final Instant SUNDAY = Instant.parse("2026-03-08T00:00:00Z");
    private static List<SensorReading> weekday;
    private static List<SensorReading> sunday;
    private static java.util.Map<String, Double> limits;

    @BeforeAll
    static void simulate() {
        List<SensorProfile> city = Simulations.city(20_261_121L, 100, 10, 100);
        limits = city.stream().collect(java.util.stream.Collectors.toMap(SensorProfile::id, SensorProfile::speedLimit));
        weekday = readings(Simulations.run(city, 1, 60_000, InjectionRates.none(), WEDNESDAY, WEDNESDAY.plusSeconds(86_400)));
        sunday = readings(Simulations.run(city, 1, 60_000, InjectionRates.none(), SUNDAY, SUNDAY.plusSeconds(86_400)));
    }

    private static List<SensorReading> readings(CollectingSink sink) {
        return sink.records.stream().map(CollectingSink.Sent::reading).toList();
    }

    @Test
    void morningRushCarriesFarMoreTrafficThanTheNight() {
        double rush = median(weekday, hour(8), t -> t.value("vehicle_count"));
        double night = median(weekday, hour(3), t -> t.value("vehicle_count"));
        double evening = median(weekday, hour(17), t -> t.value("vehicle_count"));
        assertThat(rush).isGreaterThan(5 * Math.max(1, night));
        assertThat(evening).isGreaterThan(5 * Math.max(1, night));
    }

    @Test
    void weekendsAreLighterThanWeekdayRushHours() {
        double weekdayRush = median(weekday, hour(8), t -> t.value("vehicle_count"));
        double sundayMorning = median(sunday, hour(8), t -> t.value("vehicle_count"));
        assertThat(sundayMorning).isLessThan(weekdayRush / 2);
    }

    @Test
    void energyLoadIsHigherByDayThanByNight() {
        double day = mean(weekday, hour(12), e -> e.value("active_power_kw"));
        double night = mean(weekday, hour(3), e -> e.value("active_power_kw"));
        assertThat(day).isGreaterThan(1.5 * night);
    }

    @Test
    void speedFallsAsOccupancyRises() {
        List<SensorReading> traffic = weekday.stream().filter(r -> r.sensorType() == SensorType.TRAFFIC).toList();
        double low = traffic.stream().filter(t -> t.value("occupancy_pct") < 10)
                .mapToDouble(DailyProfileTest::speedShare).average().orElseThrow();
        double mid = traffic.stream().filter(t -> t.value("occupancy_pct") >= 20 && t.value("occupancy_pct") < 35)
                .mapToDouble(DailyProfileTest::speedShare).average().orElseThrow();
        double high = traffic.stream().filter(t -> t.value("occupancy_pct") >= 40)
                .mapToDouble(DailyProfileTest::speedShare).average().orElseThrow();
        assertThat(low).isGreaterThan(mid);
        assertThat(mid).isGreaterThan(high);
    }

    /** Speed as a share of the sensor's limit, so roads of different limits compare. */
    private static double speedShare(SensorReading reading) {
        return reading.value("avg_speed_kmh") / limits.get(reading.sensorId());
    }

    @Test
    void noSensorRepeatsItsMeasuresTenTimesInARow() {
        // docs/anomalies.md: normal readings never show the same values 10 times in a row (STUCK_SENSOR does).
        java.util.Map<String, SensorReading> previous = new java.util.HashMap<>();
        java.util.Map<String, Integer> run = new java.util.HashMap<>();
        int longest = 0;
        for (SensorReading reading : weekday) {
            SensorReading before = previous.put(reading.sensorId(), reading);
            int length = before != null && before.measures().equals(reading.measures())
                    ? run.getOrDefault(reading.sensorId(), 1) + 1 : 1;
            run.put(reading.sensorId(), length);
            longest = Math.max(longest, length);
        }
        assertThat(longest).isLessThan(10);
    }

    private static Predicate<SensorReading> hour(int hour) {
        return r -> r.eventTime().atZone(java.time.ZoneOffset.UTC).getHour() == hour;
    }

    private static double median(List<SensorReading> readings, Predicate<SensorReading> when,
                                 ToDoubleFunction<SensorReading> measure) {
        double[] values = readings.stream().filter(r -> r.sensorType() == io.citypulse.contract.event.SensorType.TRAFFIC)
                .filter(when).mapToDouble(measure).sorted().toArray();
        return values[values.length / 2];
    }

    private static double mean(List<SensorReading> readings, Predicate<SensorReading> when,
                               ToDoubleFunction<SensorReading> measure) {
        return readings.stream().filter(r -> r.sensorType() == io.citypulse.contract.event.SensorType.ENERGY)
                .filter(when).mapToDouble(measure).average().orElseThrow();
    }
}
