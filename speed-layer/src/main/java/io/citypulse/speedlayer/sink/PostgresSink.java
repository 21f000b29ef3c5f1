package io.citypulse.speedlayer.sink;

import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.speedlayer.window.MeasureSummary;
import io.citypulse.speedlayer.window.WindowAggregate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes anomalies, closed minute aggregates, latest readings and the partitions' checkpoints in one
 * transaction per flush. Every statement is an idempotent upsert keyed deterministically, so a replay
 * rewrites the same rows with the same values.
 */
public final class PostgresSink {

    private static final String UPSERT_ANOMALY = """
            INSERT INTO anomaly (anomaly_id, sensor_id, sensor_type, zone_id, anomaly_type, severity, window_start,
                                 window_end, observed_value, threshold, detected_at, attributes, description)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
            ON CONFLICT (anomaly_id) DO UPDATE SET
                severity = EXCLUDED.severity, window_end = EXCLUDED.window_end,
                observed_value = EXCLUDED.observed_value, threshold = EXCLUDED.threshold,
                detected_at = EXCLUDED.detected_at, attributes = EXCLUDED.attributes,
                description = EXCLUDED.description""";

    private static final String UPSERT_AGGREGATE = """
            INSERT INTO rt_minute_aggregate (sensor_id, minute_start, measure, sensor_type, zone_id, count, min, max, sum)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (sensor_id, minute_start, measure) DO UPDATE SET
                sensor_type = EXCLUDED.sensor_type, zone_id = EXCLUDED.zone_id, count = EXCLUDED.count,
                min = EXCLUDED.min, max = EXCLUDED.max, sum = EXCLUDED.sum, updated_at = now()""";

    // Only moves forward in event time: a replayed or out-of-order older reading leaves the row alone.
    private static final String UPSERT_LATEST = """
            INSERT INTO rt_latest_reading (sensor_id, sensor_type, zone_id, event_id, event_time, seq, measures)
            VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (sensor_id) DO UPDATE SET
                sensor_type = EXCLUDED.sensor_type, zone_id = EXCLUDED.zone_id, event_id = EXCLUDED.event_id,
                event_time = EXCLUDED.event_time, seq = EXCLUDED.seq, measures = EXCLUDED.measures, updated_at = now()
            WHERE (rt_latest_reading.event_time, rt_latest_reading.seq) < (EXCLUDED.event_time, EXCLUDED.seq)""";

    // Never moves back: a fenced-off instance that flushes late cannot rewind a newer checkpoint.
    private static final String UPSERT_CHECKPOINT = """
            INSERT INTO speed_layer_checkpoint (consumer_group, topic, partition, next_offset, state)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET
                next_offset = EXCLUDED.next_offset, state = EXCLUDED.state, updated_at = now()
            WHERE speed_layer_checkpoint.next_offset <= EXCLUDED.next_offset""";

    private static final String SELECT_CHECKPOINTS = """
            SELECT topic, partition, next_offset, state FROM speed_layer_checkpoint WHERE consumer_group = ?""";

    private final DataSource dataSource;
    private final String consumerGroup;

    public PostgresSink(DataSource dataSource, String consumerGroup) {
        this.dataSource = dataSource;
        this.consumerGroup = consumerGroup;
    }

    /** The stored checkpoints of this consumer group by {@code topic-partition}. */
    public Map<String, Checkpoint> checkpoints() throws SQLException {
        Map<String, Checkpoint> found = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(SELECT_CHECKPOINTS)) {
            select.setString(1, consumerGroup);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Checkpoint checkpoint = new Checkpoint(rows.getString(1), rows.getInt(2), rows.getLong(3), rows.getBytes(4));
                    found.put(checkpoint.topic() + '-' + checkpoint.partition(), checkpoint);
                }
            }
        }
        return found;
    }

    /** Writes the whole batch in one transaction; on failure nothing of it is visible. */
    public void write(SinkBatch batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                writeAnomalies(connection, batch);
                writeAggregates(connection, batch);
                writeLatest(connection, batch);
                writeCheckpoints(connection, batch);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private void writeAnomalies(Connection connection, SinkBatch batch) throws SQLException {
        if (batch.anomalies().isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_ANOMALY)) {
            for (Anomaly a : batch.anomalies()) {
                upsert.setObject(1, UUID.fromString(a.anomalyId()));
                upsert.setString(2, a.sensorId());
                upsert.setString(3, a.sensorType().wireName());
                upsert.setString(4, a.zone());
                upsert.setString(5, a.type().name());
                upsert.setString(6, a.severity().name());
                upsert.setObject(7, time(a.windowStart()));
                upsert.setObject(8, time(a.windowEnd()));
                upsert.setDouble(9, a.observedValue());
                upsert.setDouble(10, a.threshold());
                upsert.setObject(11, time(a.detectedAt()));
                upsert.setString(12, json(a.attributes()));
                upsert.setString(13, a.description());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private void writeAggregates(Connection connection, SinkBatch batch) throws SQLException {
        if (batch.aggregates().isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_AGGREGATE)) {
            for (WindowAggregate window : batch.aggregates()) {
                for (Map.Entry<String, MeasureSummary> measure : window.measures().entrySet()) {
                    MeasureSummary s = measure.getValue();
                    upsert.setString(1, window.sensorId());
                    upsert.setObject(2, time(window.start()));
                    upsert.setString(3, measure.getKey());
                    upsert.setString(4, window.sensorType().wireName());
                    upsert.setString(5, window.zone());
                    upsert.setLong(6, s.count());
                    upsert.setDouble(7, s.min());
                    upsert.setDouble(8, s.max());
                    upsert.setDouble(9, s.sum());
                    upsert.addBatch();
                }
            }
            upsert.executeBatch();
        }
    }

    private void writeLatest(Connection connection, SinkBatch batch) throws SQLException {
        if (batch.latest().isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_LATEST)) {
            for (SensorReading reading : batch.latest()) {
                upsert.setString(1, reading.sensorId());
                upsert.setString(2, reading.sensorType().wireName());
                upsert.setString(3, reading.zone());
                upsert.setString(4, reading.eventId());
                upsert.setObject(5, time(reading.eventTime()));
                upsert.setLong(6, reading.seq());
                upsert.setString(7, json(reading.measures()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private void writeCheckpoints(Connection connection, SinkBatch batch) throws SQLException {
        if (batch.checkpoints().isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_CHECKPOINT)) {
            for (Checkpoint checkpoint : batch.checkpoints()) {
                upsert.setString(1, consumerGroup);
                upsert.setString(2, checkpoint.topic());
                upsert.setInt(3, checkpoint.partition());
                upsert.setLong(4, checkpoint.nextOffset());
                upsert.setBytes(5, checkpoint.state());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A flat JSON object of numbers; names are schema field names, values finite by the contract's ranges. */
    static String json(Map<String, Double> values) {
        StringBuilder out = new StringBuilder(16 + values.size() * 24).append('{');
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(entry.getKey().replace("\\", "\\\\").replace("\"", "\\\"")).append("\":");
            double value = entry.getValue();
            out.append(Double.isFinite(value) ? Double.toString(value) : "null");
        }
        return out.append('}').toString();
    }
}
