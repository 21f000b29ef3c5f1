package io.citypulse.batch.views;

import io.citypulse.batch.lake.Manifest;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedSet;
import org.apache.spark.sql.Row;

/** Replaces the batch views of the covered days and advances the horizon, all in one transaction. */
final class ViewWriter {

    private ViewWriter() {
    }

    static void replace(Manifest db, SortedSet<LocalDate> days, ViewRows rows, Instant horizon, String runId) {
        db.inTransaction(() -> {
            for (LocalDate day : days) {
                Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                for (String table : List.of("batch_sensor_hourly", "batch_zone_hourly")) {
                    execute(db, "DELETE FROM " + table + " WHERE hour_start >= ? AND hour_start < ?", start, end);
                }
                for (String table : List.of("batch_sensor_daily", "batch_zone_daily")) {
                    execute(db, "DELETE FROM " + table + " WHERE day = ?", day);
                }
            }
            insert(db, "INSERT INTO batch_sensor_hourly (sensor_id, sensor_type, zone_id, hour_start, measure, count, min, max, sum) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.sensorHourly);
            insert(db, "INSERT INTO batch_sensor_daily (sensor_id, sensor_type, zone_id, day, measure, count, min, max, sum) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.sensorDaily);
            insert(db, "INSERT INTO batch_zone_hourly (zone_id, sensor_type, hour_start, measure, sensors, count, min, max, sum) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.zoneHourly);
            insert(db, "INSERT INTO batch_zone_daily (zone_id, sensor_type, day, measure, sensors, count, min, max, sum) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.zoneDaily);
            if (horizon == null) {
                return; // a partial recompute (--date, --from/--to) does not move the horizon or the coverage mark
            }
            // The horizon only moves forward; updated_at also marks which files the next run still has to cover.
            execute(db, "INSERT INTO batch_horizon (id, horizon, run_id, updated_at) VALUES (1, ?, ?, now()) "
                    + "ON CONFLICT (id) DO UPDATE SET horizon = GREATEST(batch_horizon.horizon, EXCLUDED.horizon), "
                    + "run_id = EXCLUDED.run_id, updated_at = now()",
                    Timestamp.from(horizon), runId);
        });
    }

    private static void execute(Manifest db, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = db.connection().prepareStatement(sql)) {
            db.bind(st, params);
            st.executeUpdate();
        }
    }

    /** Rows are in the column order of the aggregate: keys, then count/min/max/sum (zones: sensors first). */
    private static void insert(Manifest db, String sql, List<Row> rows) throws SQLException {
        try (PreparedStatement st = db.connection().prepareStatement(sql)) {
            for (Row row : rows) {
                Object[] values = new Object[row.length()];
                for (int i = 0; i < values.length; i++) {
                    Object v = row.get(i);
                    values[i] = v instanceof java.sql.Date d ? d.toLocalDate() : v instanceof Long l && i == 4 ? l.intValue() : v;
                }
                db.bind(st, values);
                st.addBatch();
            }
            st.executeBatch();
        }
    }
}
