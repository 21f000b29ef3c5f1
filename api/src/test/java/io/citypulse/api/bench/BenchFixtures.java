package io.citypulse.api.bench;

import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.ReadingSchema;
import io.citypulse.localstack.LocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/** Writes the bench data set the way the batch and speed layers would: batch hours up to H, speed minutes after. */
final class BenchFixtures {

    private BenchFixtures() {
    }

    static List<String> measures(Sensor sensor) {
        return ReadingSchema.of(sensor.type()).measures().stream().map(FieldSpec::name).toList();
    }

    /** 7 days of hourly batch rows before {@code horizon}, speed minutes from it to {@code now}, latest readings. */
    static long seed(LocalStack stack, SensorCatalog catalog, Instant horizon, Instant now) throws SQLException {
        SplittableRandom random = new SplittableRandom(42);
        long rows = 0;
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl() + "?reWriteBatchedInserts=true", stack.dbUser(),
                stack.dbPassword())) {
            c.setAutoCommit(false);
            try (PreparedStatement hourly = c.prepareStatement("INSERT INTO batch_sensor_hourly (sensor_id, hour_start, measure, "
                    + "sensor_type, zone_id, count, min, max, sum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement minute = c.prepareStatement("INSERT INTO rt_minute_aggregate (sensor_id, minute_start, measure, "
                    + "sensor_type, zone_id, count, min, max, sum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement latest = c.prepareStatement("INSERT INTO rt_latest_reading (sensor_id, sensor_type, zone_id, "
                    + "event_id, event_time, seq, measures) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)");
                 PreparedStatement horizonRow = c.prepareStatement("INSERT INTO batch_horizon (id, horizon, run_id) VALUES "
                    + "(1, ?, 'bench') ON CONFLICT (id) DO UPDATE SET horizon = EXCLUDED.horizon")) {
                for (Sensor sensor : catalog.sensors()) {
                    List<String> measures = measures(sensor);
                    for (Instant h = horizon.minus(Duration.ofDays(7)); h.isBefore(horizon); h = h.plus(Duration.ofHours(1))) {
                        for (String measure : measures) {
                            add(hourly, sensor, h, measure, 60, random);
                            rows++;
                        }
                    }
                    for (Instant m = horizon; m.isBefore(now); m = m.plusSeconds(60)) {
                        for (String measure : measures) {
                            add(minute, sensor, m, measure, 1, random);
                            rows++;
                        }
                    }
                    latest.setString(1, sensor.id());
                    latest.setString(2, sensor.type().wireName());
                    latest.setString(3, sensor.zone().id());
                    latest.setString(4, sensor.id() + "-1");
                    latest.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    latest.setLong(6, 1);
                    latest.setString(7, measures.stream().map(m -> "\"" + m + "\": " + Math.round(random.nextDouble(0, 100)))
                            .collect(Collectors.joining(", ", "{", "}")));
                    latest.addBatch();
                    hourly.executeBatch();
                    minute.executeBatch();
                }
                latest.executeBatch();
                horizonRow.setObject(1, OffsetDateTime.ofInstant(horizon, ZoneOffset.UTC));
                horizonRow.execute();
            }
            c.commit();
            // A running system's autovacuum would have analysed these by now; the planner needs the statistics.
            c.setAutoCommit(true);
            try (var statement = c.createStatement()) {
                statement.execute("ANALYZE batch_sensor_hourly, rt_minute_aggregate, rt_latest_reading, batch_horizon");
                if (Boolean.getBoolean("bench.explain")) {
                    explain(statement, "EXPLAIN ANALYZE SELECT date_trunc('hour', hour_start, 'UTC') AS bucket, measure, sum(count) "
                            + "FROM batch_sensor_hourly WHERE sensor_id = 'traffic-0001' AND hour_start >= now() - interval '7 days' "
                            + "AND hour_start < now() GROUP BY 1, 2");
                    explain(statement, "EXPLAIN ANALYZE SELECT date_trunc('hour', minute_start, 'UTC') AS bucket, measure, sum(count) "
                            + "FROM rt_minute_aggregate WHERE sensor_id = 'traffic-0001' AND minute_start >= now() - interval '3 hours' "
                            + "AND minute_start < now() GROUP BY 1, 2");
                }
            }
        }
        return rows;
    }

    private static void explain(java.sql.Statement statement, String sql) throws SQLException {
        try (var rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                System.out.println("[api-bench] " + rs.getString(1));
            }
        }
    }

    private static void add(PreparedStatement statement, Sensor sensor, Instant bucket, String measure, int count,
                            SplittableRandom random) throws SQLException {
        double min = random.nextDouble(0, 50);
        double max = min + random.nextDouble(0, 50);
        statement.setString(1, sensor.id());
        statement.setObject(2, OffsetDateTime.ofInstant(bucket, ZoneOffset.UTC));
        statement.setString(3, measure);
        statement.setString(4, sensor.type().wireName());
        statement.setString(5, sensor.zone().id());
        statement.setLong(6, count);
        statement.setDouble(7, min);
        statement.setDouble(8, max);
        statement.setDouble(9, (min + max) / 2 * count);
        statement.addBatch();
    }
}
