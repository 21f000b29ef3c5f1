package io.citypulse.api.support;

import io.citypulse.api.history.Aggregate;
import io.citypulse.localstack.LocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes test rows the way the speed layer and the batch jobs do: plain SQL inserts into their tables.
 */
public final class Fixtures implements AutoCloseable {

    private final Connection connection;

    private Fixtures(Connection connection) {
        this.connection = connection;
    }

    public static Fixtures open(LocalStack stack) {
        try {
            return new Fixtures(DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the local stack's PostgreSQL", e);
        }
    }

    public static Fixtures open() {
        return open(LocalStackResource.stack());
    }

    /** Empties every table the layers write; the catalog (zone, sensor) stays. */
    public Fixtures reset() {
        return exec("TRUNCATE rt_latest_reading, rt_minute_aggregate, anomaly, batch_sensor_hourly, batch_sensor_daily, "
                + "batch_zone_hourly, batch_zone_daily, batch_horizon, lake_file, ingest_offset, ingest_range, ingest_run");
    }

    /** Waits until the API's start-up seeding has put the default catalog in place. */
    public Fixtures awaitCatalog(int sensors) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (count("SELECT count(*) FROM sensor") >= sensors) {
                return this;
            }
            sleep(100);
        }
        throw new IllegalStateException("catalog not seeded within 30 s");
    }

    public Fixtures latest(String sensorId, String type, String zone, Instant eventTime, long seq, String measuresJson) {
        return exec("INSERT INTO rt_latest_reading (sensor_id, sensor_type, zone_id, event_id, event_time, seq, measures) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)", sensorId, type, zone, sensorId + "-" + seq, eventTime, seq, measuresJson);
    }

    public Fixtures minute(String sensorId, String type, String zone, Instant minute, String measure, Aggregate a) {
        return exec("INSERT INTO rt_minute_aggregate (sensor_id, minute_start, measure, sensor_type, zone_id, count, min, max, sum) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", sensorId, minute, measure, type, zone, a.count(), a.min(), a.max(), a.sum());
    }

    public Fixtures hourly(String sensorId, String type, String zone, Instant hour, String measure, Aggregate a) {
        return exec("INSERT INTO batch_sensor_hourly (sensor_id, hour_start, measure, sensor_type, zone_id, count, min, max, sum) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", sensorId, hour, measure, type, zone, a.count(), a.min(), a.max(), a.sum());
    }

    public Fixtures daily(String sensorId, String type, String zone, LocalDate day, String measure, Aggregate a) {
        return exec("INSERT INTO batch_sensor_daily (sensor_id, day, measure, sensor_type, zone_id, count, min, max, sum) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", sensorId, day, measure, type, zone, a.count(), a.min(), a.max(), a.sum());
    }

    public Fixtures zoneHourly(String zone, String type, Instant hour, String measure, int sensors, Aggregate a) {
        return exec("INSERT INTO batch_zone_hourly (zone_id, sensor_type, hour_start, measure, sensors, count, min, max, sum) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", zone, type, hour, measure, sensors, a.count(), a.min(), a.max(), a.sum());
    }

    public Fixtures horizon(Instant horizon) {
        return exec("INSERT INTO batch_horizon (id, horizon, run_id) VALUES (1, ?, 'views-test') "
                + "ON CONFLICT (id) DO UPDATE SET horizon = EXCLUDED.horizon", horizon);
    }

    public Fixtures anomaly(String id, String sensorId, String type, String zone, String anomalyType, String severity,
                            Instant windowStart, Instant detectedAt) {
        return exec("INSERT INTO anomaly (anomaly_id, sensor_id, sensor_type, zone_id, anomaly_type, severity, window_start, "
                + "window_end, observed_value, threshold, detected_at, attributes, description) "
                + "VALUES (?::uuid, ?, ?, ?, ?, ?, ?, ?, 12.5, 20.0, ?, '{\"lanes\": 2.0}'::jsonb, 'test anomaly')",
                id, sensorId, type, zone, anomalyType, severity, windowStart, windowStart.plusSeconds(300), detectedAt);
    }

    public Fixtures exec(String sql, Object... params) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object value = params[i];
                statement.setObject(i + 1, value instanceof Instant instant ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : value);
            }
            statement.execute();
            return this;
        } catch (SQLException e) {
            throw new IllegalStateException("fixture failed: " + sql, e);
        }
    }

    public long count(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a test connection: nothing to do
        }
    }
}
