package io.citypulse.speedlayer.detect;

import io.citypulse.contract.event.SensorType;
import io.citypulse.speedlayer.window.OpenWindow;
import java.util.Map;
import java.util.TreeMap;

/** Everything the core remembers about one sensor on one partition. */
final class SensorState {

    final String sensorId;
    final SensorType type;
    final String zone;
    /** Open tumbling windows by start, in event-time order. */
    final TreeMap<Long, OpenWindow> windows = new TreeMap<>();
    long lastEventMs = Long.MIN_VALUE;
    boolean silentReported;
    /** The current run of identical measures, in arrival order. */
    Map<String, Double> runValues;
    int runLength;
    long runStartMs;
    boolean runReported;
    /** Baseline of vehicle_count (traffic) or active_power_kw (energy). */
    Ewma baseline = new Ewma();

    SensorState(String sensorId, SensorType type, String zone) {
        this.sensorId = sensorId;
        this.type = type;
        this.zone = zone;
    }
}
