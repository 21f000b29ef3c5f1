package io.citypulse.speedlayer.detect;

import static io.citypulse.speedlayer.detect.Fixtures.ENERGY;
import static io.citypulse.speedlayer.detect.Fixtures.TRAFFIC;
import static io.citypulse.speedlayer.detect.Fixtures.energy;
import static io.citypulse.speedlayer.detect.Fixtures.traffic;
import static io.citypulse.speedlayer.detect.Fixtures.weather;
import static io.citypulse.speedlayer.detect.Fixtures.wobble;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.catalog.SensorAttributes;
import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.Severity;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** Every rule just below and just above its default threshold, on one full window after a normal history. */
class WindowRulesTest {

    private static final double LIMIT = TRAFFIC.attribute(SensorAttributes.SPEED_LIMIT_KMH);
    private static final double NOMINAL = ENERGY.attribute(SensorAttributes.NOMINAL_VOLTAGE_V);
    private static final double RATED = ENERGY.attribute(SensorAttributes.RATED_LOAD_KW);
    /** The window under test: minute 20, after 20 normal minutes of baseline. */
    private static final long FROM = 1200;

    private static List<Anomaly> run(LongFunction<SensorReading> normal, LongFunction<SensorReading> tested) {
        Harness h = new Harness();
        h.feedSeconds(0, FROM, normal);
        h.feedSeconds(FROM, FROM + 60, tested);
        h.feedSeconds(FROM + 60, FROM + 240, normal); // closes the tested window
        return h.anomalies;
    }

    private static List<Anomaly> traffic(double speed, double occupancy, int countA, int countB) {
        return run(s -> Fixtures.traffic(TRAFFIC, s, 10 + (int) (s % 2), LIMIT * 0.8 + wobble(s, 1), 25 + wobble(s, 1)),
                s -> Fixtures.traffic(TRAFFIC, s, s % 2 == 0 ? countA : countB, speed + wobble(s, 0.5),
                        occupancy + wobble(s, 0.5)));
    }

    private static List<Anomaly> weatherRun(double temperature, double wind, int aqiA, int aqiB) {
        return run(s -> weather(s, 15 + wobble(s, 0.2), 5 + wobble(s, 0.2), 50 + (int) (s % 2)),
                s -> weather(s, temperature + wobble(s, 0.2), wind + wobble(s, 0.2), s % 2 == 0 ? aqiA : aqiB));
    }

    private static List<Anomaly> energyRun(double baselineKw, double powerKw, double voltage) {
        return run(s -> energy(s, baselineKw + wobble(s, 1), NOMINAL + wobble(s, 1)),
                s -> energy(s, powerKw + wobble(s, 1), voltage + wobble(s, 0.5)));
    }

    private static List<AnomalyType> types(List<Anomaly> anomalies) {
        return anomalies.stream().map(Anomaly::type).toList();
    }

    @Test
    void emitsCongestionOnlyBelowSpeedAndAboveOccupancyThresholds() {
        assertThat(types(traffic(14.9, 70.1, 10, 11))).containsExactly(AnomalyType.SEVERE_CONGESTION);
        assertThat(traffic(15.0, 90, 10, 11)).isEmpty();
        assertThat(traffic(5, 70.0, 10, 11)).isEmpty();
    }

    @Test
    void emitsSpeedAnomalyAboveTheLimitFactor() {
        assertThat(types(traffic(LIMIT * 1.4 + 0.1, 20, 10, 11))).containsExactly(AnomalyType.SPEED_ANOMALY);
        assertThat(traffic(LIMIT * 1.4 - 0.1, 20, 10, 11)).isEmpty();
    }

    @Test
    void emitsVolumeSpikeAboveThreeTimesTheBaseline() {
        // Baseline is 10.5 vehicles: threshold 31.5.
        assertThat(types(traffic(LIMIT * 0.8, 25, 31, 33))).containsExactly(AnomalyType.VOLUME_SPIKE);
        assertThat(traffic(LIMIT * 0.8, 25, 31, 32)).isEmpty();
    }

    @Test
    void emitsVolumeSpikeOnAnEmptyRoadOnlyWhenTheExcessIsSignificant() {
        // Baseline 0: three times it is 0, so the 5-sigma floor decides: more than 5 vehicles in the window.
        assertThat(types(quietRoad(6))).containsExactly(AnomalyType.VOLUME_SPIKE);
        assertThat(quietRoad(5)).isEmpty();
    }

    @Test
    void followsARampOfTenTimesTheVolumeWithoutASpike() {
        // The count rises steadily from 2 to 22 vehicles a reading over the 21 minutes, the tested one included.
        LongFunction<SensorReading> ramp = s -> Fixtures.traffic(TRAFFIC, s, 2 + (int) (s / 63),
                LIMIT * 0.8 + wobble(s, 1), 25 + wobble(s, 1));
        assertThat(run(ramp, ramp)).isEmpty();
    }

    /** A sensor that has seen no vehicle, then {@code vehicles} vehicles (one per reading) in the tested window. */
    private static List<Anomaly> quietRoad(int vehicles) {
        return run(s -> Fixtures.traffic(TRAFFIC, s, 0, LIMIT * 0.8 + wobble(s, 1), 5 + wobble(s, 1)),
                s -> Fixtures.traffic(TRAFFIC, s, s - FROM < vehicles ? 1 : 0, LIMIT * 0.8 + wobble(s, 1),
                        5 + wobble(s, 1)));
    }

    @Test
    void emitsExtremeTemperatureOutsideBothBounds() {
        assertThat(types(weatherRun(40.1, 5, 50, 51))).containsExactly(AnomalyType.EXTREME_TEMPERATURE);
        assertThat(weatherRun(40.0, 5, 50, 51)).isEmpty();
        assertThat(types(weatherRun(-20.1, 5, 50, 51))).containsExactly(AnomalyType.EXTREME_TEMPERATURE);
        assertThat(weatherRun(-20.0, 5, 50, 51)).isEmpty();
    }

    @Test
    void emitsHighWindAboveThreshold() {
        assertThat(types(weatherRun(15, 24.1, 50, 51))).containsExactly(AnomalyType.HIGH_WIND);
        assertThat(weatherRun(15, 24.0, 50, 51)).isEmpty();
    }

    @Test
    void emitsPoorAirQualityAboveThreshold() {
        assertThat(types(weatherRun(15, 5, 200, 202))).containsExactly(AnomalyType.POOR_AIR_QUALITY);
        assertThat(weatherRun(15, 5, 199, 201)).isEmpty();
    }

    @Test
    void emitsConsumptionSpikeAboveTwoAndAHalfTimesTheBaseline() {
        assertThat(types(energyRun(100, 250.1, NOMINAL))).containsExactly(AnomalyType.CONSUMPTION_SPIKE);
        assertThat(energyRun(100, 249.9, NOMINAL)).isEmpty();
    }

    @Test
    void emitsConsumptionSpikeAboveRatedLoadWhenTheRatioCannotReachTheFactor() {
        assertThat(types(energyRun(RATED * 0.6, RATED * 1.2 + 0.1, NOMINAL))).containsExactly(AnomalyType.CONSUMPTION_SPIKE);
        assertThat(energyRun(RATED * 0.6, RATED * 1.2 - 0.1, NOMINAL)).isEmpty();
    }

    @Test
    void emitsVoltageOutOfRangeBeyondTenPercentOfNominal() {
        assertThat(types(energyRun(100, 100, NOMINAL * 1.1 + 0.1))).containsExactly(AnomalyType.VOLTAGE_OUT_OF_RANGE);
        assertThat(energyRun(100, 100, NOMINAL * 1.1 - 0.1)).isEmpty();
        assertThat(types(energyRun(100, 100, NOMINAL * 0.9 - 0.1))).containsExactly(AnomalyType.VOLTAGE_OUT_OF_RANGE);
        assertThat(energyRun(100, 100, NOMINAL * 0.9 + 0.1)).isEmpty();
    }

    @Test
    void emitsStuckSensorAtSixtyIdenticalReadings() {
        Harness below = new Harness();
        below.feedSeconds(0, 59, s -> Fixtures.traffic(TRAFFIC, s, 7, 33.3, 12.5));
        below.feedSeconds(59, 400, s -> Fixtures.normalTraffic(TRAFFIC, s));
        assertThat(below.anomalies).isEmpty();

        Harness above = new Harness();
        above.feedSeconds(0, 130, s -> Fixtures.traffic(TRAFFIC, s, 7, 33.3, 12.5));
        assertThat(above.anomalies).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.STUCK_SENSOR);
            assertThat(a.windowStart()).isEqualTo(Fixtures.at(0));
            assertThat(a.windowEnd()).isEqualTo(Fixtures.at(59));
        });
    }

    @Test
    void ignoresSparseWindowsBelowTheMinimumReadings() {
        Harness h = new Harness();
        h.feedSeconds(0, 9, s -> weather(s, 45 + wobble(s, 0.1), 5, 50 + (int) (s % 2)));
        h.closeThrough(60);
        assertThat(h.closed).singleElement().satisfies(w -> assertThat(w.mean("temperature_c")).isGreaterThan(40));
        assertThat(h.anomalies(AnomalyType.EXTREME_TEMPERATURE)).isEmpty();
    }

    @Test
    void gradesSeverityByNormalisedDistanceBeyondThreshold() {
        DetectionConfig config = DetectionConfig.DEFAULT;
        assertThat(config.severity(0.0)).isEqualTo(Severity.LOW);
        assertThat(config.severity(0.099)).isEqualTo(Severity.LOW);
        assertThat(config.severity(0.10)).isEqualTo(Severity.MEDIUM);
        assertThat(config.severity(0.25)).isEqualTo(Severity.HIGH);
        assertThat(config.severity(0.50)).isEqualTo(Severity.CRITICAL);
        Anomaly wind = weatherRun(15, 36, 50, 51).get(0); // 50 % beyond 24 m/s
        assertThat(wind.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(wind.threshold()).isEqualTo(24.0);
    }

    @Test
    void enrichesAnomaliesWithCatalogZoneAndAttributes() {
        Anomaly speeding = traffic(LIMIT * 2, 20, 10, 11).get(0);
        assertThat(speeding.zone()).isEqualTo(TRAFFIC.zone().id());
        assertThat(speeding.attributes()).isEqualTo(TRAFFIC.attributes());
        assertThat(speeding.anomalyId()).isEqualTo(Anomaly.idFor(TRAFFIC.id(), AnomalyType.SPEED_ANOMALY, speeding.windowStart()));
        assertThat(speeding.windowStart()).isEqualTo(Fixtures.at(FROM));
        assertThat(speeding.severity()).isEqualTo(Severity.HIGH); // 2.0 / 1.4 - 1 = 0.43
    }
}
