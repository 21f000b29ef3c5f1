package io.citypulse.api.anomaly;

import io.citypulse.api.error.ProblemException;
import io.citypulse.api.web.Cursors;
import io.citypulse.api.web.OpenApiContract;
import io.citypulse.api.web.Params;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.event.Severity;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Detected anomalies: a keyset-paged listing and a live server-sent-event stream. */
@Path("/api/v1/anomalies")
@Tag(name = "anomalies")
public class AnomalyResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    @Inject
    AnomalyRepository anomalies;
    @Inject
    AnomalyFeed feed;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Anomalies, newest first", description = "Filters combine with AND; since is inclusive and "
            + "until exclusive, both on detected_at. Page with the nextCursor of the previous page.")
    public AnomalyPage list(@QueryParam("since") @Parameter(description = "inclusive", schema = @Schema(type = SchemaType.STRING, format = "date-time")) String since,
                            @QueryParam("until") @Parameter(description = "exclusive", schema = @Schema(type = SchemaType.STRING, format = "date-time")) String until,
                            @QueryParam("type") @Parameter(schema = @Schema(ref = OpenApiContract.ANOMALY_TYPE)) String type,
                            @QueryParam("severity") @Parameter(schema = @Schema(ref = OpenApiContract.SEVERITY)) String severity,
                            @QueryParam("sensorType") @Parameter(schema = @Schema(ref = OpenApiContract.SENSOR_TYPE)) String sensorType,
                            @QueryParam("zone") @Parameter(description = "zone id", schema = @Schema(ref = OpenApiContract.TEXT)) String zone,
                            @QueryParam("sensor") @Parameter(description = "sensor id", schema = @Schema(ref = OpenApiContract.TEXT)) String sensor,
                            @QueryParam("limit") @Parameter(description = "default " + DEFAULT_LIMIT, schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_LIMIT)) String limit,
                            @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page", schema = @Schema(ref = OpenApiContract.CURSOR)) String cursor) throws SQLException {
        Optional<Instant> from = Params.instant("since", since);
        Optional<Instant> to = Params.instant("until", until);
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw ProblemException.badParameter("since", "since (" + from.get() + ") must be before until (" + to.get() + ")");
        }
        Optional<Instant> afterDetectedAt = Optional.empty();
        Optional<String> afterId = Optional.empty();
        if (!Params.absent("cursor", cursor)) {
            List<String> parts = Cursors.decode(cursor, 2);
            try {
                afterDetectedAt = Optional.of(Instant.parse(parts.get(0)));
                afterId = Optional.of(java.util.UUID.fromString(parts.get(1)).toString());
            } catch (RuntimeException e) {
                throw ProblemException.badParameter("cursor", "not a cursor returned by this endpoint");
            }
        }
        int size = Params.intInRange("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        AnomalyQuery query = new AnomalyQuery(from, to, Params.enumValue("type", type, AnomalyType.class),
                Params.enumValue("severity", severity, Severity.class), Params.sensorType("sensorType", sensorType),
                Params.text("zone", zone), Params.text("sensor", sensor), afterDetectedAt, afterId, size + 1);
        List<AnomalyView> rows = anomalies.find(query);
        boolean more = rows.size() > size;
        List<AnomalyView> items = more ? rows.subList(0, size) : rows;
        AnomalyView last = items.isEmpty() ? null : items.get(items.size() - 1);
        return new AnomalyPage(List.copyOf(items), size,
                more ? Cursors.encode(last.detectedAt().toString(), last.anomalyId()) : null);
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Anomalies as they are detected (server-sent events, one JSON anomaly per event)",
            description = "Tails the citypulse.anomalies topic; only anomalies detected after subscribing. Optional "
                    + "filters as on the listing.")
    public Multi<AnomalyView> stream(@QueryParam("type") @Parameter(schema = @Schema(ref = OpenApiContract.ANOMALY_TYPE)) String type,
                                     @QueryParam("severity") @Parameter(schema = @Schema(ref = OpenApiContract.SEVERITY)) String severity,
                                     @QueryParam("sensorType") @Parameter(schema = @Schema(ref = OpenApiContract.SENSOR_TYPE)) String sensorType,
                                     @QueryParam("zone") @Parameter(schema = @Schema(ref = OpenApiContract.TEXT)) String zone,
                                     @QueryParam("sensor") @Parameter(schema = @Schema(ref = OpenApiContract.TEXT)) String sensor) {
        Optional<AnomalyType> t = Params.enumValue("type", type, AnomalyType.class);
        Optional<Severity> s = Params.enumValue("severity", severity, Severity.class);
        Optional<SensorType> st = Params.sensorType("sensorType", sensorType);
        Optional<String> z = Params.text("zone", zone);
        Optional<String> id = Params.text("sensor", sensor);
        return feed.stream().filter(a -> t.map(v -> v.name().equals(a.type())).orElse(true)
                && s.map(v -> v.name().equals(a.severity())).orElse(true)
                && st.map(v -> v.wireName().equals(a.sensorType())).orElse(true)
                && z.map(v -> v.equals(a.zone())).orElse(true)
                && id.map(v -> v.equals(a.sensorId())).orElse(true));
    }
}
