package io.citypulse.api.aggregation;

import io.citypulse.api.db.Jdbc;
import io.citypulse.api.history.Aggregate;
import io.citypulse.api.history.MeasureStats;
import io.citypulse.contract.event.SensorType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Zone-level aggregates over [from, to): {@code batch_zone_hourly} before the batch horizon, the speed layer's
 * minutes from it on (the same split as the sensor history, so nothing is counted twice).
 */
@ApplicationScoped
public class AggregationRepository {

    private static final String BATCH = "SELECT zone_id, sensor_type, measure, sum(count) AS count, min(min) AS min, "
            + "max(max) AS max, sum(sum) AS sum FROM batch_zone_hourly WHERE hour_start >= ? AND hour_start < ?";
    private static final String SPEED = "SELECT zone_id, sensor_type, measure, sum(count) AS count, min(min) AS min, "
            + "max(max) AS max, sum(sum) AS sum FROM rt_minute_aggregate WHERE minute_start >= ? AND minute_start < ?";

    @Inject
    Jdbc jdbc;

    private record Key(String zone, String sensorType) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byZone = zone.compareTo(other.zone);
            return byZone != 0 ? byZone : sensorType.compareTo(other.sensorType);
        }
    }

    /** {@code from} must be on an hour boundary, since the batch side has hourly grain. */
    public List<ZoneTypeAggregate> merged(Optional<String> zone, Optional<SensorType> type, Instant from, Instant to,
                                          Optional<Instant> horizon) throws SQLException {
        Instant h = horizon.orElse(Instant.MIN);
        Map<Key, Map<String, Aggregate>> measures = new TreeMap<>();
        Map<Key, String> sources = new TreeMap<>();
        Instant batchEnd = to.isBefore(h) ? to : h;
        if (from.isBefore(batchEnd)) {
            read(BATCH, "batch", zone, type, from, batchEnd, measures, sources);
        }
        Instant speedStart = from.isAfter(h) ? from : h;
        if (speedStart.isBefore(to)) {
            read(SPEED, "speed", zone, type, speedStart, to, measures, sources);
        }
        List<ZoneTypeAggregate> result = new ArrayList<>();
        measures.forEach((key, byMeasure) -> {
            Map<String, MeasureStats> stats = new TreeMap<>();
            byMeasure.forEach((measure, aggregate) -> stats.put(measure, MeasureStats.of(aggregate)));
            result.add(new ZoneTypeAggregate(key.zone(), key.sensorType(), sources.get(key), stats));
        });
        return result;
    }

    private void read(String select, String source, Optional<String> zone, Optional<SensorType> type, Instant lower,
                      Instant upper, Map<Key, Map<String, Aggregate>> measures, Map<Key, String> sources)
            throws SQLException {
        StringBuilder sql = new StringBuilder(select);
        List<Object> params = new ArrayList<>(List.of(lower, upper));
        zone.ifPresent(z -> {
            sql.append(" AND zone_id = ?");
            params.add(z);
        });
        type.ifPresent(t -> {
            sql.append(" AND sensor_type = ?");
            params.add(t.wireName());
        });
        sql.append(" GROUP BY 1, 2, 3");
        for (Object[] row : jdbc.query(sql.toString(), rs -> new Object[] {
                new Key(rs.getString("zone_id"), rs.getString("sensor_type")), rs.getString("measure"),
                new Aggregate(rs.getLong("count"), rs.getDouble("min"), rs.getDouble("max"), rs.getDouble("sum"))},
                params.toArray())) {
            Key key = (Key) row[0];
            measures.computeIfAbsent(key, k -> new TreeMap<>()).merge((String) row[1], (Aggregate) row[2], Aggregate::plus);
            sources.merge(key, source, (a, b) -> a.equals(b) ? a : "batch+speed");
        }
    }
}
