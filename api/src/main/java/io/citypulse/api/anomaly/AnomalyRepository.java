package io.citypulse.api.anomaly;

import io.citypulse.api.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code anomaly} table, newest first, keyset-paged on (detected_at, anomaly_id). */
@ApplicationScoped
public class AnomalyRepository {

    @Inject
    Jdbc jdbc;

    public List<AnomalyView> find(AnomalyQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT anomaly_id::text AS anomaly_id, sensor_id, sensor_type, zone_id, "
                + "anomaly_type, severity, window_start, window_end, observed_value, threshold, detected_at, "
                + "attributes::text AS attributes, description FROM anomaly WHERE true");
        List<Object> params = new ArrayList<>();
        q.since().ifPresent(v -> add(sql, params, " AND detected_at >= ?", v));
        q.until().ifPresent(v -> add(sql, params, " AND detected_at < ?", v));
        q.type().ifPresent(v -> add(sql, params, " AND anomaly_type = ?", v.name()));
        q.severity().ifPresent(v -> add(sql, params, " AND severity = ?", v.name()));
        q.sensorType().ifPresent(v -> add(sql, params, " AND sensor_type = ?", v.wireName()));
        q.zone().ifPresent(v -> add(sql, params, " AND zone_id = ?", v));
        q.sensor().ifPresent(v -> add(sql, params, " AND sensor_id = ?", v));
        if (q.afterDetectedAt().isPresent()) {
            sql.append(" AND (detected_at, anomaly_id) < (?, ?::uuid)");
            params.add(q.afterDetectedAt().get());
            params.add(q.afterId().orElseThrow());
        }
        sql.append(" ORDER BY detected_at DESC, anomaly_id DESC LIMIT ?");
        params.add(q.limit());
        return jdbc.query(sql.toString(), rs -> new AnomalyView(rs.getString("anomaly_id"), rs.getString("sensor_id"),
                rs.getString("sensor_type"), rs.getString("zone_id"), rs.getString("anomaly_type"), rs.getString("severity"),
                Jdbc.instant(rs, "window_start"), Jdbc.instant(rs, "window_end"), rs.getDouble("observed_value"),
                rs.getDouble("threshold"), Jdbc.instant(rs, "detected_at"), rs.getString("attributes"),
                rs.getString("description")), params.toArray());
    }

    private static void add(StringBuilder sql, List<Object> params, String clause, Object value) {
        sql.append(clause);
        params.add(value);
    }
}
