package io.citypulse.api.history;

import io.citypulse.api.config.ApiConfig;
import io.citypulse.api.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The batch horizon: batch views are complete for every event time before it. It moves once per batch run, so it is
 * cached for {@code citypulse.latest.max-age} like the latest readings.
 */
@ApplicationScoped
public class HorizonRepository {

    @Inject
    Jdbc jdbc;
    @Inject
    ApiConfig config;

    private record Cached(Optional<Instant> horizon, long loadedAtNanos) {
    }

    private volatile Cached cached;

    public Optional<Instant> current() throws SQLException {
        long maxAgeNanos = config.latest().maxAge().toNanos();
        Cached snapshot = cached;
        long now = System.nanoTime();
        if (maxAgeNanos > 0 && snapshot != null && now - snapshot.loadedAtNanos() < maxAgeNanos) {
            return snapshot.horizon();
        }
        Optional<Instant> horizon = jdbc.queryOne("SELECT horizon FROM batch_horizon WHERE id = 1",
                rs -> Jdbc.instant(rs, "horizon"));
        cached = new Cached(horizon, now);
        return horizon;
    }
}
