package io.citypulse.generator.inject;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.InjectionKind;
import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.generator.signal.SensorProfile;
import io.citypulse.generator.simulate.CitySimulator;
import io.citypulse.generator.simulate.CollectingSink;
import io.citypulse.generator.simulate.Simulations;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each anomaly type produces the signature docs/anomalies.md documents, and only inside its label. */
class AnomalySignaturesTest {

    private static final Instant FROM = Instant.parse("2026-03-04T05:00:00Z");
    private static final long INTERVAL = 5_000;
    private static final List<SensorProfile> CITY = Simulations.city(11, 8, 8, 8);
    private static final Map<String, SensorProfile> BY_ID =
            CITY.stream().collect(Collectors.toMap(SensorProfile::id, Function.identity()));

    @ParameterizedTest
    @EnumSource(AnomalyType.class)
    void injectsTheDocumentedSignatureWithinTheLabelledSpan(AnomalyType type) {
        InjectionRates rates = new InjectionRates(0.01, 0, 0, 0, 0, EnumSet.of(type));
        CollectingSink sink = Simulations.run(CITY, 3, INTERVAL, rates, FROM, FROM.plusSeconds(4 * 3600));
        Map<String, SensorReading> normal = Simulations.run(CITY, 3, INTERVAL, InjectionRates.none(), FROM,
                FROM.plusSeconds(4 * 3600)).records.stream().map(CollectingSink.Sent::reading)
                .collect(Collectors.toMap(SensorReading::eventId, Function.identity()));
        List<InjectionLabel> labels = sink.labels;
        assertThat(labels).as("episodes of " + type).isNotEmpty()
                .allSatisfy(label -> {
                    assertThat(label.kind()).isEqualTo(InjectionKind.ANOMALY);
                    assertThat(label.anomalyType()).isEqualTo(type);
                    assertThat(label.from().toEpochMilli() - FROM.toEpochMilli())
                            .isGreaterThanOrEqualTo(CitySimulator.NORMAL_HISTORY_MS);
                    long seconds = (label.to().toEpochMilli() - label.from().toEpochMilli() + INTERVAL) / 1000;
                    long[] range = AnomalyEpisode.durationSeconds(type);
                    assertThat(seconds).isBetween(range[0], range[1] + INTERVAL / 1000);
                });
        Map<String, List<SensorReading>> bySensor = sink.records.stream().map(CollectingSink.Sent::reading)
                .collect(Collectors.groupingBy(SensorReading::sensorId));
        Map<String, List<InjectionLabel>> labelsBySensor = labels.stream()
                .collect(Collectors.groupingBy(InjectionLabel::sensorId));
        for (InjectionLabel label : labels) {
            List<SensorReading> inside = bySensor.get(label.sensorId()).stream()
                    .filter(r -> !r.eventTime().isBefore(label.from()) && !r.eventTime().isAfter(label.to()))
                    .toList();
            if (type == AnomalyType.SILENT_SENSOR) {
                assertThat(inside).isEmpty();
                continue;
            }
            long expected = (label.to().toEpochMilli() - label.from().toEpochMilli()) / INTERVAL + 1;
            assertThat(inside).hasSize((int) expected);
            SensorProfile sensor = BY_ID.get(label.sensorId());
            if (type == AnomalyType.STUCK_SENSOR) {
                assertThat(inside).allSatisfy(r -> assertThat(r.measures()).isEqualTo(inside.get(0).measures()));
            } else {
                inside.forEach(r -> assertSignature(type, sensor, r, normal.get(r.eventId())));
                if (type == AnomalyType.VOLUME_SPIKE) {
                    assertVolumeLift(inside, normal);
                }
            }
        }
        // Outside labels everything stays in the normal ranges.
        sink.records.stream().map(CollectingSink.Sent::reading)
                .filter(r -> labelsBySensor.getOrDefault(r.sensorId(), List.of()).stream()
                        .noneMatch(l -> !r.eventTime().isBefore(l.from()) && !r.eventTime().isAfter(l.to())))
                .forEach(r -> assertNormal(BY_ID.get(r.sensorId()), r));
    }

    private static void assertSignature(AnomalyType type, SensorProfile sensor, SensorReading reading,
                                        SensorReading unspiked) {
        switch (type) {
            case SEVERE_CONGESTION -> {
                assertThat(reading.value("avg_speed_kmh")).isLessThan(12);
                assertThat(reading.value("occupancy_pct")).isGreaterThan(75);
            }
            case SPEED_ANOMALY -> assertThat(reading.value("avg_speed_kmh") / sensor.speedLimit())
                    .isBetween(1.6, 2.0);
            case VOLUME_SPIKE -> {
                // The count is a draw from the raised rate with the slot's own noise: never below the normal draw.
                // The x3.5..5 lift itself is a property of the rate, checked over each label's readings.
                assertThat(reading.value("vehicle_count"))
                        .isGreaterThanOrEqualTo(unspiked.value("vehicle_count"));
            }
            case EXTREME_TEMPERATURE -> assertThat(reading.value("temperature_c"))
                    .satisfiesAnyOf(t -> assertThat(t).isGreaterThanOrEqualTo(42), t -> assertThat(t).isLessThanOrEqualTo(-25));
            case HIGH_WIND -> assertThat(reading.value("wind_speed_ms")).isBetween(26.0, 35.0);
            case POOR_AIR_QUALITY -> assertThat(reading.value("air_quality_index")).isBetween(210.0, 320.0);
            case CONSUMPTION_SPIKE -> {
                double power = reading.value("active_power_kw");
                double base = unspiked.value("active_power_kw");
                assertThat(power).isBetween(Math.min(3 * base, 1.5 * sensor.ratedKw()) - 0.05,
                        Math.min(4 * base, 1.5 * sensor.ratedKw()) + 0.05);
            }
            case VOLTAGE_OUT_OF_RANGE -> assertThat(Math.abs(reading.value("voltage_v") / sensor.nominalV() - 1))
                    .isBetween(0.1295, 0.2005);
            default -> throw new AssertionError("whole-reading type " + type);
        }
    }

    /**
     * A spike's total count is about 3.5 to 5 x the normal total, and at least the minimum lift above it (the
     * margins allow for the Poisson draws: a label holds 24 to 48 readings of 5 s here).
     */
    private static void assertVolumeLift(List<SensorReading> inside, Map<String, SensorReading> normal) {
        double spiked = inside.stream().mapToDouble(r -> r.value("vehicle_count")).sum();
        double base = inside.stream().mapToDouble(r -> normal.get(r.eventId()).value("vehicle_count")).sum();
        double minLift = AnomalySignatures.VOLUME_SPIKE_MIN_LIFT_PER_S * INTERVAL / 1000.0 * inside.size();
        assertThat(spiked).isGreaterThanOrEqualTo(Math.max(2.5 * base, base + 0.6 * minLift));
        assertThat(spiked).isLessThanOrEqualTo(Math.max(6 * base, base + 2 * minLift) + 10);
    }

    static void assertNormal(SensorProfile sensor, SensorReading reading) {
        if (reading.sensorType() == SensorType.TRAFFIC) {
            assertThat(reading.value("avg_speed_kmh") / sensor.speedLimit()).isBetween(0.349, 1.101);
            assertThat(reading.value("occupancy_pct")).isBetween(2.0, 55.0);
        } else if (reading.sensorType() == SensorType.WEATHER) {
            assertThat(reading.value("temperature_c")).isBetween(-10.0, 35.0);
            assertThat(reading.value("wind_speed_ms")).isBetween(0.0, 15.0);
            assertThat(reading.value("air_quality_index")).isBetween(10.0, 120.0);
        } else if (reading.sensorType() == SensorType.ENERGY) {
            assertThat(reading.value("active_power_kw") / sensor.ratedKw()).isBetween(0.0499, 0.9001);
            assertThat(Math.abs(reading.value("voltage_v") / sensor.nominalV() - 1)).isLessThanOrEqualTo(0.0401);
        }
    }
}
