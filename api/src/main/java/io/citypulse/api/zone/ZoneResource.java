package io.citypulse.api.zone;

import io.citypulse.api.aggregation.AggregationRepository;
import io.citypulse.api.aggregation.ZoneTypeAggregate;
import io.citypulse.api.error.ProblemException;
import io.citypulse.api.history.HorizonRepository;
import io.citypulse.api.history.MeasureStats;
import io.citypulse.api.web.OpenApiContract;
import io.citypulse.api.web.Params;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.time.PlatformClock;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Zones of the city and their current state. */
@Path("/api/v1/zones")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "zones")
public class ZoneResource {

    @Inject
    ZoneRepository zones;
    @Inject
    AggregationRepository aggregations;
    @Inject
    HorizonRepository horizons;

    @GET
    @Operation(summary = "Every zone with its sensor counts per type")
    public List<ZoneView> list() throws SQLException {
        return zones.list();
    }

    @GET
    @Path("/{zone}")
    @Operation(summary = "One zone; 404 for an unknown zone")
    public ZoneView get(@PathParam("zone") @Parameter(example = "downtown", schema = @Schema(ref = OpenApiContract.TEXT)) String zoneId) throws SQLException {
        Params.identifier("zone", zoneId);
        return zones.find(zoneId).orElseThrow(() -> unknown(zoneId));
    }

    @GET
    @Path("/{zone}/summary")
    @Operation(summary = "Current state of a zone per sensor type",
            description = "Statistics over the latest reading of each sensor, and today's (UTC) aggregates with batch "
                    + "and speed views merged at the batch horizon.")
    public ZoneSummary summary(@PathParam("zone") @Parameter(example = "downtown", schema = @Schema(ref = OpenApiContract.TEXT)) String zoneId) throws SQLException {
        Params.identifier("zone", zoneId);
        ZoneView zone = zones.find(zoneId).orElseThrow(() -> unknown(zoneId));
        Instant now = PlatformClock.now();
        Optional<Instant> horizon = horizons.current();
        Map<String, ZoneRepository.Reporting> reporting = new TreeMap<>();
        zones.reporting(zoneId).forEach(r -> reporting.put(r.sensorType(), r));
        Map<String, Map<String, MeasureStats>> current = new TreeMap<>();
        zones.current(zoneId).forEach(c -> current.computeIfAbsent(c.sensorType(), t -> new TreeMap<>()).put(c.measure(), c.stats()));
        Map<String, ZoneTypeAggregate> today = new TreeMap<>();
        aggregations.merged(Optional.of(zoneId), Optional.empty(), now.truncatedTo(ChronoUnit.DAYS), now, horizon)
                .forEach(a -> today.put(a.sensorType(), a));
        List<ZoneSummary.TypeSummary> types = new ArrayList<>();
        for (SensorType type : SensorType.all()) {
            String name = type.wireName();
            ZoneRepository.Reporting r = reporting.get(name);
            ZoneTypeAggregate t = today.get(name);
            types.add(new ZoneSummary.TypeSummary(name, zone.sensors().getOrDefault(name, 0L),
                    r == null ? 0 : r.reporting(), r == null ? null : r.lastEventTime(),
                    current.getOrDefault(name, Map.of()), t == null ? Map.of() : t.measures(), t == null ? null : t.source()));
        }
        return new ZoneSummary(zone, now, horizon.orElse(null), types);
    }

    private static ProblemException unknown(String zoneId) {
        return ProblemException.notFound("zone", "no zone '" + zoneId + "'");
    }
}
