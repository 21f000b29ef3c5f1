package io.citypulse.speedlayer.sink;

import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.speedlayer.window.WindowAggregate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything written to PostgreSQL in one transaction: sink rows plus the partitions' checkpoints. */
public final class SinkBatch {

    private final Map<String, Anomaly> anomalies = new LinkedHashMap<>();
    private final List<WindowAggregate> aggregates = new ArrayList<>();
    private final Map<String, SensorReading> latest = new LinkedHashMap<>();
    private final Map<String, Checkpoint> checkpoints = new LinkedHashMap<>();

    public void anomaly(Anomaly anomaly) {
        anomalies.put(anomaly.anomalyId(), anomaly);
    }

    public void aggregate(WindowAggregate aggregate) {
        aggregates.add(aggregate);
    }

    /** Keeps the newest reading per sensor (event time, then sequence number). */
    public void latest(SensorReading reading) {
        latest.merge(reading.sensorId(), reading, (old, candidate) -> isNewer(candidate, old) ? candidate : old);
    }

    static boolean isNewer(SensorReading candidate, SensorReading old) {
        int byTime = candidate.eventTime().compareTo(old.eventTime());
        return byTime > 0 || (byTime == 0 && candidate.seq() > old.seq());
    }

    public void checkpoint(Checkpoint checkpoint) {
        checkpoints.put(checkpoint.topic() + '-' + checkpoint.partition(), checkpoint);
    }

    public Collection<Anomaly> anomalies() {
        return anomalies.values();
    }

    public List<WindowAggregate> aggregates() {
        return aggregates;
    }

    public Collection<SensorReading> latest() {
        return latest.values();
    }

    public Collection<Checkpoint> checkpoints() {
        return checkpoints.values();
    }

    /** Sink rows waiting (checkpoints not counted). */
    public int pendingRows() {
        return anomalies.size() + aggregates.size() + latest.size();
    }

    public void clear() {
        anomalies.clear();
        aggregates.clear();
        latest.clear();
        checkpoints.clear();
    }
}
