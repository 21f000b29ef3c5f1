package io.citypulse.api.sensor;

import io.citypulse.api.config.ApiConfig;
import io.citypulse.api.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the sensor dimension joined with {@code rt_latest_reading}. Single-sensor lookups are the hot path
 * and are served from a per-sensor cache at most {@code citypulse.latest.max-age} old.
 */
@ApplicationScoped
public class SensorRepository {

    private static final String COLUMNS = "s.sensor_id, s.sensor_type, s.zone_id, s.lat, s.lon, s.attributes::text AS attributes, "
            + "r.event_id, r.event_time, r.seq, r.measures::text AS measures, r.updated_at "
            + "FROM sensor s LEFT JOIN rt_latest_reading r ON r.sensor_id = s.sensor_id ";
    /** Caps the cache so a flood of unknown ids cannot grow it without bound. */
    private static final int MAX_CACHED = 200_000;

    @Inject
    Jdbc jdbc;
    @Inject
    ApiConfig config;

    private record Cached(Optional<SensorView> view, long loadedAtNanos) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * The cached lookup of {@code sensorId} if it is fresh enough: present (with the sensor or empty for an unknown
     * id) means no database round trip is needed.
     */
    public Optional<Optional<SensorView>> cached(String sensorId) {
        long maxAgeNanos = config.latest().maxAge().toNanos();
        Cached cached = maxAgeNanos <= 0 ? null : cache.get(sensorId);
        if (cached != null && System.nanoTime() - cached.loadedAtNanos() < maxAgeNanos) {
            return Optional.of(cached.view());
        }
        return Optional.empty();
    }

    public Optional<SensorView> find(String sensorId) throws SQLException {
        long maxAgeNanos = config.latest().maxAge().toNanos();
        if (maxAgeNanos <= 0) {
            return load(sensorId);
        }
        long now = System.nanoTime();
        Cached cached = cache.get(sensorId);
        if (cached != null && now - cached.loadedAtNanos() < maxAgeNanos) {
            return cached.view();
        }
        Optional<SensorView> view = load(sensorId);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(sensorId, new Cached(view, now));
        return view;
    }

    private Optional<SensorView> load(String sensorId) throws SQLException {
        return jdbc.queryOne("SELECT " + COLUMNS + "WHERE s.sensor_id = ?", SensorRepository::map, sensorId);
    }

    /** Sensors matching the filters ordered by id: after {@code afterId} (keyset) or from {@code offset}. */
    public List<SensorView> list(SensorFilter filter, String afterId, int offset, int limit, boolean reportingOnly)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append("WHERE true");
        List<Object> params = new ArrayList<>();
        appendFilter(filter, sql, params);
        if (reportingOnly) {
            sql.append(" AND r.sensor_id IS NOT NULL");
        }
        if (afterId != null) {
            sql.append(" AND s.sensor_id > ?");
            params.add(afterId);
        }
        sql.append(" ORDER BY s.sensor_id LIMIT ? OFFSET ?");
        params.add(limit);
        params.add(offset);
        return jdbc.query(sql.toString(), SensorRepository::map, params.toArray());
    }

    public long count(SensorFilter filter, boolean reportingOnly) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM sensor s");
        if (reportingOnly) {
            sql.append(" JOIN rt_latest_reading r ON r.sensor_id = s.sensor_id");
        }
        sql.append(" WHERE true");
        List<Object> params = new ArrayList<>();
        appendFilter(filter, sql, params);
        return jdbc.queryOne(sql.toString(), rs -> rs.getLong(1), params.toArray()).orElse(0L);
    }

    private static void appendFilter(SensorFilter filter, StringBuilder sql, List<Object> params) {
        filter.type().ifPresent(type -> {
            sql.append(" AND s.sensor_type = ?");
            params.add(type.wireName());
        });
        filter.zone().ifPresent(zone -> {
            sql.append(" AND s.zone_id = ?");
            params.add(zone);
        });
    }

    private static SensorView map(ResultSet rs) throws SQLException {
        LatestReading latest = rs.getString("event_id") == null ? null : new LatestReading(rs.getString("event_id"),
                Jdbc.instant(rs, "event_time"), rs.getLong("seq"), rs.getString("measures"), Jdbc.instant(rs, "updated_at"));
        return new SensorView(rs.getString("sensor_id"), rs.getString("sensor_type"), rs.getString("zone_id"),
                rs.getDouble("lat"), rs.getDouble("lon"), rs.getString("attributes"), latest);
    }
}
