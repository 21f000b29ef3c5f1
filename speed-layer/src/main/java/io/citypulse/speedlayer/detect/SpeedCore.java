package io.citypulse.speedlayer.detect;

import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.speedlayer.window.OpenWindow;
import io.citypulse.speedlayer.window.WindowAggregate;
import io.citypulse.speedlayer.window.WindowConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The speed layer's pure core: per-partition event-time watermarks, tumbling windows per sensor and the
 * detection rules. It knows no Kafka type; the caller names the partition a reading came from.
 *
 * <p>Deterministic: the same readings in the same per-partition order give the same outputs, including
 * {@code detectedAt} (the partition's max event time when the rule fired). That is what lets a replay after
 * a crash rebuild the sinks exactly. Not thread-safe: one poll loop drives it.
 */
public final class SpeedCore {

    private final WindowConfig windows;
    private final DetectionConfig rules;
    private final AnomalyFactory anomalies;
    private final WindowRules windowRules;
    private final Map<String, PartitionState> partitions = new HashMap<>();
    private final long windowMs;
    private final long latenessMs;
    private final long intervalMs;

    public SpeedCore(WindowConfig windows, DetectionConfig rules, SensorCatalog catalog) {
        this.windows = windows;
        this.rules = rules;
        this.anomalies = new AnomalyFactory(catalog, rules);
        this.windowRules = new WindowRules(rules, anomalies);
        this.windowMs = windows.window().toMillis();
        this.latenessMs = windows.lateness().toMillis();
        this.intervalMs = windows.interval().toMillis();
    }

    /** Counts {@code reading} into its window and advances its partition's watermark. */
    public CoreOutput onReading(SensorReading reading, String partition) {
        PartitionState state = partitions.computeIfAbsent(partition, key -> new PartitionState());
        long eventMs = reading.eventTime().toEpochMilli();
        if (eventMs < state.watermarkMs) {
            return CoreOutput.LATE;
        }
        SensorState sensor = state.sensors.computeIfAbsent(reading.sensorId(),
                id -> new SensorState(id, reading.sensorType(), reading.zone()));
        OpenWindow window = sensor.windows.computeIfAbsent(windows.windowStart(eventMs), OpenWindow::new);
        Map<String, Double> measures = reading.measures();
        if (!window.add(reading.seq(), measures)) {
            return CoreOutput.DUPLICATE;
        }
        if (eventMs > state.maxEventMs) {
            state.maxEventMs = eventMs;
        }
        List<Anomaly> found = null;
        if (eventMs > sensor.lastEventMs) {
            Anomaly silent = silenceEndedBy(sensor, eventMs, state.maxEventMs);
            if (silent != null) {
                found = new ArrayList<>(2);
                found.add(silent);
            }
            sensor.lastEventMs = eventMs;
            sensor.silentReported = false;
        }
        Anomaly stuck = trackRun(sensor, measures, eventMs, state.maxEventMs);
        if (stuck != null) {
            found = found == null ? new ArrayList<>(1) : found;
            found.add(stuck);
        }
        return advance(state, state.maxEventMs - latenessMs, found);
    }

    /**
     * Moves {@code partition}'s watermark forward to {@code watermark} (never back), closing windows and
     * checking for silent sensors; for partitions that see no readings, and for tests.
     */
    public CoreOutput onWatermark(Instant watermark, String partition) {
        PartitionState state = partitions.computeIfAbsent(partition, key -> new PartitionState());
        long watermarkMs = watermark.toEpochMilli();
        state.maxEventMs = Math.max(state.maxEventMs, watermarkMs + latenessMs);
        return advance(state, watermarkMs, null);
    }

    private CoreOutput advance(PartitionState state, long watermarkMs, List<Anomaly> found) {
        if (watermarkMs > state.watermarkMs) {
            state.watermarkMs = watermarkMs;
        }
        long tick = Math.floorDiv(state.watermarkMs, intervalMs);
        if (tick <= state.lastScanTick) {
            return found == null ? CoreOutput.NOTHING : new CoreOutput(CoreOutput.Verdict.ACCEPTED, List.of(), found);
        }
        state.lastScanTick = tick;
        List<WindowAggregate> closed = new ArrayList<>();
        List<Anomaly> anomaliesFound = found == null ? new ArrayList<>() : found;
        scan(state, closed, anomaliesFound);
        if (closed.isEmpty() && anomaliesFound.isEmpty()) {
            return CoreOutput.NOTHING;
        }
        return new CoreOutput(CoreOutput.Verdict.ACCEPTED, closed, anomaliesFound);
    }

    /** Closes due windows, reports silent sensors and forgets idle ones. */
    private void scan(PartitionState state, List<WindowAggregate> closed, List<Anomaly> found) {
        long watermarkMs = state.watermarkMs;
        long silentMs = rules.silentIntervals() * intervalMs;
        long evictMs = windows.idleEvictAfter().toMillis();
        Iterator<SensorState> sensors = state.sensors.values().iterator();
        while (sensors.hasNext()) {
            SensorState sensor = sensors.next();
            while (!sensor.windows.isEmpty() && sensor.windows.firstKey() + windowMs <= watermarkMs) {
                OpenWindow window = sensor.windows.pollFirstEntry().getValue();
                WindowAggregate aggregate = window.close(sensor.sensorId, sensor.type, sensor.zone, windowMs);
                closed.add(aggregate);
                found.addAll(windowRules.evaluate(sensor, aggregate, state.maxEventMs));
            }
            long silence = watermarkMs - sensor.lastEventMs;
            if (!sensor.silentReported && silence >= silentMs) {
                sensor.silentReported = true;
                found.add(anomalies.create(sensor, AnomalyType.SILENT_SENSOR, sensor.lastEventMs,
                        sensor.lastEventMs + silentMs, silence / (double) intervalMs, rules.silentIntervals(), 0,
                        state.maxEventMs, "no reading for " + rules.silentIntervals() + " intervals after "
                                + Instant.ofEpochMilli(sensor.lastEventMs)));
            }
            if (sensor.windows.isEmpty() && silence >= evictMs) {
                sensors.remove();
            }
        }
    }

    /**
     * SILENT_SENSOR for a silence that a reading ends before the watermark got past it: a silence shorter than
     * the lateness plus {@code silent.intervals} never lets the watermark see it, so the gap between this
     * reading and the sensor's previous newest one is checked as well (once per silence).
     */
    private Anomaly silenceEndedBy(SensorState sensor, long eventMs, long detectedAtMs) {
        long silentMs = rules.silentIntervals() * intervalMs;
        if (sensor.silentReported || sensor.lastEventMs == Long.MIN_VALUE) {
            return null;
        }
        // No reading between the two: the gap is eventMs - lastEventMs minus the one interval they are apart.
        long silence = eventMs - sensor.lastEventMs - intervalMs;
        if (silence < silentMs) {
            return null;
        }
        return anomalies.create(sensor, AnomalyType.SILENT_SENSOR, sensor.lastEventMs, eventMs,
                silence / (double) intervalMs, rules.silentIntervals(), 0, detectedAtMs,
                "no reading for " + silence / intervalMs + " intervals after " + Instant.ofEpochMilli(sensor.lastEventMs));
    }

    /** Tracks the run of identical measures; returns a STUCK_SENSOR anomaly when the run reaches the limit. */
    private Anomaly trackRun(SensorState sensor, Map<String, Double> measures, long eventMs, long detectedAtMs) {
        if (measures.equals(sensor.runValues)) {
            sensor.runLength++;
        } else {
            sensor.runValues = measures;
            sensor.runLength = 1;
            sensor.runStartMs = eventMs;
            sensor.runReported = false;
        }
        if (sensor.runReported || sensor.runLength < rules.stuckMinReadings()) {
            return null;
        }
        sensor.runReported = true;
        long start = Math.min(sensor.runStartMs, eventMs);
        return anomalies.create(sensor, AnomalyType.STUCK_SENSOR, start, Math.max(sensor.runStartMs, eventMs),
                sensor.runLength, rules.stuckMinReadings(), 0, detectedAtMs,
                sensor.runLength + " consecutive readings with identical measures");
    }

    /** The partition's watermark, or empty before its first reading. */
    public java.util.Optional<Instant> watermark(String partition) {
        PartitionState state = partitions.get(partition);
        return state == null || state.watermarkMs == Long.MIN_VALUE ? java.util.Optional.empty()
                : java.util.Optional.of(Instant.ofEpochMilli(state.watermarkMs));
    }

    /** The partition's state as bytes, to store with the sinks; restore with {@link #restore}. */
    public byte[] snapshot(String partition) {
        return StateCodec.encode(partitions.getOrDefault(partition, new PartitionState()));
    }

    /** Replaces the partition's state with a snapshot taken by {@link #snapshot}. */
    public void restore(String partition, byte[] snapshot) {
        partitions.put(partition, StateCodec.decode(snapshot));
    }

    /** Drops the partition's state (it was revoked). */
    public void forget(String partition) {
        partitions.remove(partition);
    }

    /** Sensors tracked over all partitions. */
    public int trackedSensors() {
        return partitions.values().stream().mapToInt(state -> state.sensors.size()).sum();
    }

    /** Open windows over all partitions. */
    public int openWindows() {
        return partitions.values().stream()
                .flatMap(state -> state.sensors.values().stream())
                .mapToInt(sensor -> sensor.windows.size()).sum();
    }
}
