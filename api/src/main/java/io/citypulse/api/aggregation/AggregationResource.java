package io.citypulse.api.aggregation;

import io.citypulse.api.error.ProblemException;
import io.citypulse.api.history.HorizonRepository;
import io.citypulse.api.web.OpenApiContract;
import io.citypulse.api.web.Params;
import io.citypulse.contract.time.PlatformClock;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Per zone and sensor type aggregates over a recent window, batch and speed merged. */
@Path("/api/v1/aggregations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "aggregations")
public class AggregationResource {

    /** The windows by name, shortest first (the order the document and the errors list them in). */
    public static final Map<String, Duration> WINDOWS = inOrder(Map.entry("1h", Duration.ofHours(1)),
            Map.entry("6h", Duration.ofHours(6)), Map.entry("24h", Duration.ofHours(24)),
            Map.entry("7d", Duration.ofDays(7)), Map.entry("30d", Duration.ofDays(30)));

    @Inject
    AggregationRepository aggregations;
    @Inject
    HorizonRepository horizons;

    @GET
    @Operation(summary = "Aggregates per zone and sensor type over a recent window",
            description = "The window starts at now minus the window, rounded down to the hour.")
    public Aggregations get(@QueryParam("zone") @Parameter(description = "zone id", schema = @Schema(ref = OpenApiContract.TEXT)) String zone,
                            @QueryParam("sensorType") @Parameter(schema = @Schema(ref = OpenApiContract.SENSOR_TYPE)) String sensorType,
                            @QueryParam("window") @Parameter(description = "default 24h", schema = @Schema(ref = OpenApiContract.WINDOW)) String window)
            throws SQLException {
        String name = Params.absent("window", window) ? "24h" : window;
        Duration length = WINDOWS.get(name);
        if (length == null) {
            throw ProblemException.badParameter("window", "'" + window + "' is not a window; expected one of "
                    + String.join(", ", WINDOWS.keySet()));
        }
        Instant to = PlatformClock.now();
        Instant from = to.minus(length).truncatedTo(ChronoUnit.HOURS);
        Optional<Instant> horizon = horizons.current();
        return new Aggregations(name, from, to, horizon.orElse(null), aggregations.merged(Params.text("zone", zone),
                Params.sensorType("sensorType", sensorType), from, to, horizon));
    }

    @SafeVarargs
    private static Map<String, Duration> inOrder(Map.Entry<String, Duration>... windows) {
        Map<String, Duration> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, Duration> window : windows) {
            ordered.put(window.getKey(), window.getValue());
        }
        return Collections.unmodifiableMap(ordered);
    }
}
