package io.citypulse.api.history;

import io.citypulse.api.db.Jdbc;
import io.citypulse.api.error.ProblemException;
import io.citypulse.api.sensor.SensorRepository;
import io.citypulse.api.web.Params;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lambda merge for one sensor: batch views before the horizon, speed-layer minutes from it on.
 *
 * <p>With f, t the bucket-aligned range and h the horizon:
 * <ul>
 *   <li>minute: speed minutes over [f, t) (the batch views have no minute grain);</li>
 *   <li>hour: batch hours over [f, min(t, h)), speed minutes rolled up over [max(f, h), t);</li>
 *   <li>day: batch days over [f, min(t, day(h))), batch hours over [max(f, day(h)), min(t, h)), speed minutes
 *       over [max(f, h), t); the day holding h gets both, marked batch+speed.</li>
 * </ul>
 * The ranges are disjoint and together cover [f, t): no gap and no double count at the seam.
 */
@ApplicationScoped
public class HistoryService {

    private static final String BATCH_DAILY = "SELECT day, measure, count, min, max, sum FROM batch_sensor_daily "
            + "WHERE sensor_id = ? AND day >= ? AND day < ?";
    private static final String BATCH_HOURLY = "SELECT date_trunc(?, hour_start, 'UTC') AS bucket, measure, sum(count) AS count, "
            + "min(min) AS min, max(max) AS max, sum(sum) AS sum FROM batch_sensor_hourly "
            + "WHERE sensor_id = ? AND hour_start >= ? AND hour_start < ? GROUP BY 1, 2";
    private static final String SPEED = "SELECT date_trunc(?, minute_start, 'UTC') AS bucket, measure, sum(count) AS count, "
            + "min(min) AS min, max(max) AS max, sum(sum) AS sum FROM rt_minute_aggregate "
            + "WHERE sensor_id = ? AND minute_start >= ? AND minute_start < ? GROUP BY 1, 2";

    @Inject
    Jdbc jdbc;
    @Inject
    SensorRepository sensors;
    @Inject
    HorizonRepository horizons;

    public History history(String sensorId, String fromText, String toText, String resolutionText) throws SQLException {
        Resolution resolution = Params.enumValue("resolution", resolutionText, Resolution.class).orElse(Resolution.HOUR);
        Instant to = Params.instant("to", toText).orElseGet(Instant::now);
        Instant from = Params.instant("from", fromText).orElseGet(() -> to.minus(resolution.defaultRange()));
        if (!from.isBefore(to)) {
            throw ProblemException.badParameter("from", "from (" + from + ") must be before to (" + to + ")");
        }
        Instant f = resolution.floor(from);
        Instant t = resolution.ceil(to);
        if (t.isAfter(f.plus(resolution.maxRange()))) {
            throw ProblemException.badParameter("to", "at resolution " + resolution.sqlUnit() + " the range may span at most "
                    + resolution.maxRange().toDays() + " day(s)");
        }
        if (sensors.find(sensorId).isEmpty()) {
            throw ProblemException.notFound("id", "no sensor '" + sensorId + "'");
        }
        Instant horizon = horizons.current().orElse(null);
        List<Part> parts = read(sensorId, resolution, f, t, horizon);
        return new History(sensorId, resolution.sqlUnit(), f, t, horizon, LambdaMerge.merge(parts, resolution.length()));
    }

    private List<Part> read(String sensorId, Resolution resolution, Instant f, Instant t, Instant horizon) throws SQLException {
        List<Part> parts = new ArrayList<>();
        // No horizon yet: no batch run has finished, so everything comes from the speed layer.
        Instant h = horizon == null ? Instant.MIN : horizon;
        switch (resolution) {
            case MINUTE -> rollUp(parts, SPEED, Part.Source.SPEED, resolution, sensorId, f, t);
            case HOUR -> {
                rollUp(parts, BATCH_HOURLY, Part.Source.BATCH, resolution, sensorId, f, min(t, h));
                rollUp(parts, SPEED, Part.Source.SPEED, resolution, sensorId, max(f, h), t);
            }
            case DAY -> {
                Instant dayOfH = horizon == null ? Instant.MIN : horizon.truncatedTo(ChronoUnit.DAYS);
                daily(parts, sensorId, f, min(t, dayOfH));
                rollUp(parts, BATCH_HOURLY, Part.Source.BATCH, resolution, sensorId, max(f, dayOfH), min(t, h));
                rollUp(parts, SPEED, Part.Source.SPEED, resolution, sensorId, max(f, h), t);
            }
        }
        return parts;
    }

    private void rollUp(List<Part> parts, String sql, Part.Source source, Resolution resolution, String sensorId,
                        Instant lower, Instant upper) throws SQLException {
        if (!lower.isBefore(upper)) {
            return;
        }
        parts.addAll(jdbc.query(sql, rs -> new Part(Jdbc.instant(rs, "bucket"), rs.getString("measure"), source,
                aggregate(rs)), resolution.sqlUnit(), sensorId, lower, upper));
    }

    private void daily(List<Part> parts, String sensorId, Instant lower, Instant upper) throws SQLException {
        if (!lower.isBefore(upper)) {
            return;
        }
        parts.addAll(jdbc.query(BATCH_DAILY, rs -> new Part(
                rs.getObject("day", LocalDate.class).atStartOfDay(ZoneOffset.UTC).toInstant(), rs.getString("measure"),
                Part.Source.BATCH, aggregate(rs)), sensorId, date(lower), date(upper)));
    }

    static Aggregate aggregate(java.sql.ResultSet rs) throws SQLException {
        return new Aggregate(rs.getLong("count"), rs.getDouble("min"), rs.getDouble("max"), rs.getDouble("sum"));
    }

    private static LocalDate date(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
