package io.citypulse.api.sensor;

import io.citypulse.api.error.ProblemException;
import io.citypulse.api.history.History;
import io.citypulse.api.history.HistoryService;
import io.citypulse.api.web.Cursors;
import io.citypulse.api.web.OpenApiContract;
import io.citypulse.api.web.Params;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The sensor catalog, latest readings and the Lambda-merged history of one sensor. */
@Path("/api/v1/sensors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sensors")
public class SensorResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final int MAX_OFFSET = 1_000_000;

    @Inject
    SensorRepository sensors;
    @Inject
    HistoryService history;

    @GET
    @Operation(summary = "List sensors", description = "Catalog entries with their latest reading, ordered by id. "
            + "Page with limit+offset or with the cursor of the previous page (not both).")
    public SensorPage list(@QueryParam("type") @Parameter(description = "sensor type", schema = @Schema(ref = OpenApiContract.SENSOR_TYPE)) String type,
                           @QueryParam("zone") @Parameter(description = "zone id, e.g. downtown", schema = @Schema(ref = OpenApiContract.TEXT)) String zone,
                           @QueryParam("limit") @Parameter(description = "default 50", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_LIMIT)) String limit,
                           @QueryParam("offset") @Parameter(description = "default 0", schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "" + MAX_OFFSET)) String offset,
                           @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page", schema = @Schema(ref = OpenApiContract.CURSOR)) String cursor)
            throws SQLException {
        return page(type, zone, limit, offset, cursor, DEFAULT_LIMIT, false);
    }

    @GET
    @Path("/latest")
    @Operation(summary = "Latest reading of every reporting sensor",
            description = "Sensors without a reading yet are left out. Same filters and paging as /api/v1/sensors.")
    public SensorPage latest(@QueryParam("type") @Parameter(description = "sensor type", schema = @Schema(ref = OpenApiContract.SENSOR_TYPE)) String type,
                             @QueryParam("zone") @Parameter(description = "zone id", schema = @Schema(ref = OpenApiContract.TEXT)) String zone,
                             @QueryParam("limit") @Parameter(description = "default " + MAX_LIMIT, schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_LIMIT)) String limit,
                             @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "" + MAX_OFFSET)) String offset,
                             @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page", schema = @Schema(ref = OpenApiContract.CURSOR)) String cursor)
            throws SQLException {
        return page(type, zone, limit, offset, cursor, MAX_LIMIT, true);
    }

    /**
     * The hot path: a fresh cached lookup is answered on the I/O thread; only a cache miss goes to a worker thread
     * for its database round trip.
     */
    @GET
    @Path("/{id}")
    @NonBlocking
    @Operation(summary = "One sensor", description = "Catalog entry plus latest reading; 404 for an unknown id.")
    public Uni<SensorView> get(@PathParam("id") @Parameter(example = "traffic-0001", schema = @Schema(ref = OpenApiContract.TEXT)) String id) {
        Params.identifier("id", id);
        Optional<Optional<SensorView>> hit = sensors.cached(id);
        if (hit.isPresent()) {
            return found(id, hit.get());
        }
        return Uni.createFrom().deferred(() -> {
            try {
                return found(id, sensors.find(id));
            } catch (SQLException e) {
                return Uni.createFrom().failure(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static Uni<SensorView> found(String id, Optional<SensorView> view) {
        return view.map(v -> Uni.createFrom().item(v)).orElseGet(() ->
                Uni.createFrom().failure(ProblemException.notFound("id", "no sensor '" + id + "'")));
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "History of one sensor, batch and speed views merged at the batch horizon",
            description = "Buckets before the batch horizon come from the batch views (source=batch), later ones from "
                    + "the speed layer's minute aggregates rolled up (source=speed); a day bucket across the horizon "
                    + "combines both (source=batch+speed). Ranges: minute <= 1 day, hour <= 31 days, day <= 366 days.")
    public History history(@PathParam("id") @Parameter(example = "traffic-0001", schema = @Schema(ref = OpenApiContract.TEXT)) String id,
                           @QueryParam("from") @Parameter(description = "default: to minus one hour/day/week", schema = @Schema(type = SchemaType.STRING, format = "date-time")) String from,
                           @QueryParam("to") @Parameter(description = "exclusive, default now", schema = @Schema(type = SchemaType.STRING, format = "date-time")) String to,
                           @QueryParam("resolution") @Parameter(description = "default hour", schema = @Schema(ref = OpenApiContract.RESOLUTION)) String resolution)
            throws SQLException {
        return history.history(id, from, to, resolution);
    }

    private SensorPage page(String type, String zone, String limitText, String offsetText, String cursor,
                            int defaultLimit, boolean reportingOnly) throws SQLException {
        SensorFilter filter = new SensorFilter(Params.sensorType("type", type), Params.text("zone", zone));
        int limit = Params.intInRange("limit", limitText, defaultLimit, 1, MAX_LIMIT);
        int offset = Params.intInRange("offset", offsetText, 0, 0, MAX_OFFSET);
        String afterId = null;
        if (!Params.absent("cursor", cursor)) {
            if (offsetText != null) {
                throw ProblemException.badParameter("offset", "use either offset or cursor, not both");
            }
            afterId = Cursors.decode(cursor, 1).get(0);
        }
        // One row more than asked tells whether there is a next page without a second query.
        List<SensorView> rows = sensors.list(filter, afterId, offset, limit + 1, reportingOnly);
        boolean more = rows.size() > limit;
        List<SensorView> items = more ? rows.subList(0, limit) : rows;
        String next = more ? Cursors.encode(items.get(items.size() - 1).id()) : null;
        return new SensorPage(List.copyOf(items), limit, afterId == null ? offset : null,
                sensors.count(filter, reportingOnly), next);
    }
}
