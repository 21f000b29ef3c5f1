package io.citypulse.api.zone;

import io.citypulse.api.db.Jdbc;
import io.citypulse.api.history.Aggregate;
import io.citypulse.api.history.MeasureStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Zones with their sensor counts, and the current readings of a zone. */
@ApplicationScoped
public class ZoneRepository {

    private static final String ZONES = "SELECT z.zone_id, z.name, z.kind, z.center_lat, z.center_lon, z.radius_km, "
            + "s.sensor_type, count(s.sensor_id) AS sensors FROM zone z LEFT JOIN sensor s ON s.zone_id = z.zone_id ";
    private static final String GROUP = " GROUP BY z.zone_id, z.name, z.kind, z.center_lat, z.center_lon, z.radius_km, "
            + "s.sensor_type ORDER BY z.zone_id";
    private static final String REPORTING = "SELECT sensor_type, count(*) AS reporting, max(event_time) AS last_event "
            + "FROM rt_latest_reading WHERE zone_id = ? GROUP BY 1";
    private static final String CURRENT = "SELECT r.sensor_type, m.key AS measure, count(*) AS count, "
            + "min((m.value)::text::float8) AS min, max((m.value)::text::float8) AS max, sum((m.value)::text::float8) AS sum "
            + "FROM rt_latest_reading r CROSS JOIN LATERAL jsonb_each(r.measures) m "
            + "WHERE r.zone_id = ? AND jsonb_typeof(m.value) = 'number' GROUP BY 1, 2";

    @Inject
    Jdbc jdbc;

    /** A current measure statistic of one sensor type. */
    public record Current(String sensorType, String measure, MeasureStats stats) {
    }

    /** Reporting sensors and newest event time of one sensor type. */
    public record Reporting(String sensorType, long reporting, Instant lastEventTime) {
    }

    public List<ZoneView> list() throws SQLException {
        return fold(jdbc.query(ZONES + GROUP, ZoneRepository::row));
    }

    public Optional<ZoneView> find(String zoneId) throws SQLException {
        List<ZoneView> zones = fold(jdbc.query(ZONES + "WHERE z.zone_id = ?" + GROUP, ZoneRepository::row, zoneId));
        return zones.stream().findFirst();
    }

    public List<Reporting> reporting(String zoneId) throws SQLException {
        return jdbc.query(REPORTING, rs -> new Reporting(rs.getString("sensor_type"), rs.getLong("reporting"),
                Jdbc.instant(rs, "last_event")), zoneId);
    }

    public List<Current> current(String zoneId) throws SQLException {
        return jdbc.query(CURRENT, rs -> new Current(rs.getString("sensor_type"), rs.getString("measure"),
                MeasureStats.of(new Aggregate(rs.getLong("count"), rs.getDouble("min"), rs.getDouble("max"),
                        rs.getDouble("sum")))), zoneId);
    }

    private record Row(ZoneView zone, String sensorType, long sensors) {
    }

    private static Row row(java.sql.ResultSet rs) throws SQLException {
        return new Row(new ZoneView(rs.getString("zone_id"), rs.getString("name"), rs.getString("kind"),
                rs.getDouble("center_lat"), rs.getDouble("center_lon"), rs.getDouble("radius_km"), Map.of()),
                rs.getString("sensor_type"), rs.getLong("sensors"));
    }

    /** One view per zone, the per-type rows folded into its sensor counts. */
    private static List<ZoneView> fold(List<Row> rows) {
        Map<String, ZoneView> zones = new LinkedHashMap<>();
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (Row row : rows) {
            zones.putIfAbsent(row.zone().id(), row.zone());
            Map<String, Long> byType = counts.computeIfAbsent(row.zone().id(), id -> new TreeMap<>());
            if (row.sensorType() != null) {
                byType.put(row.sensorType(), row.sensors());
            }
        }
        return zones.values().stream().map(z -> new ZoneView(z.id(), z.name(), z.kind(), z.centerLat(), z.centerLon(),
                z.radiusKm(), counts.get(z.id()))).toList();
    }
}
