package io.citypulse.speedlayer.detect;

import static io.citypulse.speedlayer.detect.Decimals.fixed;

import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorAttributes;
import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.SensorType;
import io.citypulse.speedlayer.window.WindowAggregate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rules evaluated on a closed 1-minute window (docs/anomalies.md); they also maintain the sensor's baseline. */
final class WindowRules {

    /**
     * A window folds into the vehicle-count baseline capped at the larger of {@code baseline.clamp_factor} x the
     * baseline and this many Poisson standard deviations above it: at low volume a window's count is mostly
     * noise, and a cap inside that noise would bias the baseline low (and make the next busy minute a "spike").
     */
    private static final double VOLUME_FOLD_CAP_SIGMAS = 3;

    private final DetectionConfig config;
    private final AnomalyFactory anomalies;

    WindowRules(DetectionConfig config, AnomalyFactory anomalies) {
        this.config = config;
        this.anomalies = anomalies;
    }

    List<Anomaly> evaluate(SensorState sensor, WindowAggregate window, long detectedAtMs) {
        if (window.readings() < config.minReadingsPerWindow()) {
            return List.of(); // too few readings for a mean worth alarming on, or for the baseline
        }
        Emitter out = new Emitter(sensor, window, detectedAtMs);
        // The built-in rules of the simulated city's types; other types have none until rules are data (issue 19).
        if (sensor.type == SensorType.TRAFFIC) {
            traffic(sensor, window, out);
        } else if (sensor.type == SensorType.WEATHER) {
            weather(window, out);
        } else if (sensor.type == SensorType.ENERGY) {
            energy(sensor, window, out);
        }
        return out.found;
    }

    private void traffic(SensorState sensor, WindowAggregate window, Emitter out) {
        double speed = window.mean("avg_speed_kmh");
        double occupancy = window.mean("occupancy_pct");
        if (speed < config.congestionMaxSpeedKmh() && occupancy > config.congestionMinOccupancyPct()) {
            out.emit(AnomalyType.SEVERE_CONGESTION, speed, config.congestionMaxSpeedKmh(),
                    (config.congestionMaxSpeedKmh() - speed) / config.congestionMaxSpeedKmh(),
                    "mean speed " + fixed(speed, 1) + " km/h below " + fixed(config.congestionMaxSpeedKmh(), 1)
                            + " at occupancy " + fixed(occupancy, 1) + " % above "
                            + fixed(config.congestionMinOccupancyPct(), 1) + " %");
        }
        Optional<Double> limit = attribute(sensor, SensorAttributes.SPEED_LIMIT_KMH);
        if (limit.isPresent()) {
            double threshold = config.speedLimitFactor() * limit.get();
            if (speed > threshold) {
                out.emit(AnomalyType.SPEED_ANOMALY, speed, threshold, (speed - threshold) / threshold,
                        "mean speed " + fixed(speed, 1) + " km/h above " + fixed(config.speedLimitFactor(), 2)
                                + " x the " + fixed(limit.get(), 0) + " km/h limit");
            }
        }
        volume(sensor, window, out);
    }

    /**
     * VOLUME_SPIKE: the window's mean count is above {@code volume.baseline_factor} x the baseline and its total
     * is at least {@code volume.min_significance} Poisson standard deviations above the baseline's expectation
     * (so a quiet sensor's chance handful of cars is no spike, and a baseline of 0 still allows one). Every
     * window is folded into the baseline, capped, so it follows the daily ramp while a spike barely moves it.
     */
    private void volume(SensorState sensor, WindowAggregate window, Emitter out) {
        double count = window.mean("vehicle_count");
        Ewma baseline = sensor.baseline;
        long readings = window.readings();
        double expectedTotal = baseline.value() * readings;
        double sigmaOfMean = Math.sqrt(Math.max(expectedTotal, 1)) / readings;
        if (baseline.windows() >= config.baselineMinWindows()) {
            double significant = baseline.value() + config.volumeMinSignificance() * sigmaOfMean;
            double threshold = Math.max(config.volumeBaselineFactor() * baseline.value(), significant);
            if (count > threshold) {
                out.emit(AnomalyType.VOLUME_SPIKE, count, threshold, (count - threshold) / threshold,
                        "mean vehicle count " + fixed(count, 2) + " above " + fixed(threshold, 2) + " ("
                                + fixed(config.volumeBaselineFactor(), 1) + " x baseline " + fixed(baseline.value(), 2)
                                + ", " + fixed(config.volumeMinSignificance(), 0) + " sigma)");
            }
        }
        double cap = Math.max(config.baselineClampFactor() * baseline.value(),
                baseline.value() + VOLUME_FOLD_CAP_SIGMAS * sigmaOfMean);
        baseline.updateCapped(count, config.volumeBaselineAlpha(), cap);
    }

    private void weather(WindowAggregate window, Emitter out) {
        double temperature = window.mean("temperature_c");
        if (temperature > config.temperatureMaxC()) {
            out.emit(AnomalyType.EXTREME_TEMPERATURE, temperature, config.temperatureMaxC(),
                    (temperature - config.temperatureMaxC()) / Math.abs(config.temperatureMaxC()),
                    "mean temperature " + fixed(temperature, 1) + " degC above " + fixed(config.temperatureMaxC(), 1));
        } else if (temperature < config.temperatureMinC()) {
            out.emit(AnomalyType.EXTREME_TEMPERATURE, temperature, config.temperatureMinC(),
                    (config.temperatureMinC() - temperature) / Math.abs(config.temperatureMinC()),
                    "mean temperature " + fixed(temperature, 1) + " degC below " + fixed(config.temperatureMinC(), 1));
        }
        double wind = window.mean("wind_speed_ms");
        if (wind > config.windMaxMs()) {
            out.emit(AnomalyType.HIGH_WIND, wind, config.windMaxMs(), (wind - config.windMaxMs()) / config.windMaxMs(),
                    "mean wind " + fixed(wind, 1) + " m/s above " + fixed(config.windMaxMs(), 1));
        }
        double aqi = window.mean("air_quality_index");
        if (aqi > config.airQualityMax()) {
            out.emit(AnomalyType.POOR_AIR_QUALITY, aqi, config.airQualityMax(),
                    (aqi - config.airQualityMax()) / config.airQualityMax(),
                    "mean AQI " + fixed(aqi, 0) + " above " + fixed(config.airQualityMax(), 0));
        }
    }

    private void energy(SensorState sensor, WindowAggregate window, Emitter out) {
        double power = window.mean("active_power_kw");
        boolean spike = false;
        Optional<Double> rated = attribute(sensor, SensorAttributes.RATED_LOAD_KW);
        if (sensor.baseline.windows() >= config.baselineMinWindows() && sensor.baseline.value() > 0) {
            double threshold = config.consumptionBaselineFactor() * sensor.baseline.value();
            // The generator caps spikes at 1.5 x rated load, so above ~60 % load the ratio alone cannot reach the
            // factor; normal load never exceeds 0.9 x rated, so "above 1.2 x rated" is a spike as well.
            if (rated.isPresent()) {
                threshold = Math.min(threshold, config.consumptionRatedFactor() * rated.get());
            }
            if (power > threshold) {
                spike = true;
                out.emit(AnomalyType.CONSUMPTION_SPIKE, power, threshold, (power - threshold) / threshold,
                        "mean active power " + fixed(power, 1) + " kW above " + fixed(threshold, 1) + " (baseline "
                                + fixed(sensor.baseline.value(), 1) + " kW)");
            }
        }
        if (!spike) {
            sensor.baseline.update(power, config.baselineAlpha(), config.baselineClampFactor());
        }
        Optional<Double> nominal = attribute(sensor, SensorAttributes.NOMINAL_VOLTAGE_V);
        if (nominal.isPresent()) {
            double voltage = window.mean("voltage_v");
            double allowed = config.voltageMaxDeviation() * nominal.get();
            double deviation = Math.abs(voltage - nominal.get());
            if (deviation > allowed) {
                double bound = voltage > nominal.get() ? nominal.get() + allowed : nominal.get() - allowed;
                out.emit(AnomalyType.VOLTAGE_OUT_OF_RANGE, voltage, bound, (deviation - allowed) / allowed,
                        "mean voltage " + fixed(voltage, 1) + " V outside " + fixed(nominal.get(), 0) + " V +-"
                                + fixed(config.voltageMaxDeviation() * 100, 0) + " %");
            }
        }
    }

    private Optional<Double> attribute(SensorState sensor, String name) {
        return anomalies.sensor(sensor.sensorId).map(Sensor::attributes).map(attributes -> attributes.get(name));
    }

    /** Collects the anomalies of one window. */
    private final class Emitter {
        private final SensorState sensor;
        private final WindowAggregate window;
        private final long detectedAtMs;
        private final List<Anomaly> found = new ArrayList<>(2);

        Emitter(SensorState sensor, WindowAggregate window, long detectedAtMs) {
            this.sensor = sensor;
            this.window = window;
            this.detectedAtMs = detectedAtMs;
        }

        void emit(AnomalyType type, double observed, double threshold, double excess, String description) {
            found.add(anomalies.create(sensor, type, window.start().toEpochMilli(), window.end().toEpochMilli(),
                    observed, threshold, excess, detectedAtMs, description));
        }
    }
}
