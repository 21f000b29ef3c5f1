package io.citypulse.api.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citypulse.api.config.ApiConfig;
import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.catalog.Zone;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Upserts the contract's default catalog into {@code zone} and {@code sensor} at start-up. Insert-if-absent,
 * so replicas starting together, restarts and another writer of the same catalog are all harmless. Retries in
 * the background while PostgreSQL is not reachable, so the API still starts and reports itself not ready.
 */
@ApplicationScoped
public class CatalogSeeder {

    private static final Logger LOG = Logger.getLogger(CatalogSeeder.class);
    private static final String UPSERT_ZONE = "INSERT INTO zone (zone_id, name, kind, center_lat, center_lon, radius_km) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (zone_id) DO NOTHING";
    private static final String UPSERT_SENSOR = "INSERT INTO sensor (sensor_id, sensor_type, zone_id, lat, lon, attributes) "
            + "VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (sensor_id) DO NOTHING";

    @Inject
    DataSource dataSource;
    @Inject
    ApiConfig config;
    @Inject
    ObjectMapper json;

    private ScheduledExecutorService retries;

    void onStart(@Observes StartupEvent event) {
        if (!config.catalog().seed()) {
            LOG.info("catalog seeding off (citypulse.catalog.seed=false)");
            return;
        }
        retries = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "citypulse-catalog-seed"));
        retries.execute(this::attempt);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    private void attempt() {
        try {
            int inserted = seed(SensorCatalog.defaultCity());
            LOG.infof("catalog seeded: %d zones and sensors inserted (%d already present)", inserted,
                    SensorCatalog.ZONES.size() + SensorCatalog.defaultCity().size() - inserted);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("catalog not seeded yet (%s); retrying in 10 s", e.getMessage());
            retries.schedule(this::attempt, 10, TimeUnit.SECONDS);
        }
    }

    /** Inserts the zones and sensors of {@code catalog} that are missing; returns how many rows were inserted. */
    public int seed(SensorCatalog catalog) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            int inserted = 0;
            try (PreparedStatement zones = connection.prepareStatement(UPSERT_ZONE);
                 PreparedStatement sensors = connection.prepareStatement(UPSERT_SENSOR)) {
                for (Zone zone : SensorCatalog.ZONES) {
                    zones.setString(1, zone.id());
                    zones.setString(2, zone.name());
                    zones.setString(3, zone.kind().name());
                    zones.setDouble(4, zone.center().lat());
                    zones.setDouble(5, zone.center().lon());
                    zones.setDouble(6, zone.radiusKm());
                    inserted += zones.executeUpdate();
                }
                for (Sensor sensor : catalog.sensors()) {
                    sensors.setString(1, sensor.id());
                    sensors.setString(2, sensor.type().wireName());
                    sensors.setString(3, sensor.zone().id());
                    sensors.setDouble(4, sensor.location().lat());
                    sensors.setDouble(5, sensor.location().lon());
                    sensors.setString(6, attributes(sensor));
                    sensors.addBatch();
                }
                for (int count : sensors.executeBatch()) {
                    inserted += Math.max(count, 0);
                }
                connection.commit();
                return inserted;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private String attributes(Sensor sensor) {
        try {
            return json.writeValueAsString(sensor.attributes());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode attributes of " + sensor.id(), e);
        }
    }
}
