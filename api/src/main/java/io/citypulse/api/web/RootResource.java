package io.citypulse.api.web;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Entry points: what this service is and where everything lives. */
@Path("/")
@Tag(name = "service")
public class RootResource {

    /** Name, version and links. */
    public record Index(String name, String version, Map<String, String> links) {
    }

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;
    @Inject
    SmallRyeHealthReporter health;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Service name, version and links")
    public Index index() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("console", "/console/");
        links.put("docs", "/docs");
        links.put("openapi", "/q/openapi");
        links.put("health", "/health");
        links.put("metrics", "/q/metrics");
        links.put("types", "/api/v1/types");
        links.put("sensors", "/api/v1/sensors");
        links.put("latest", "/api/v1/sensors/latest");
        links.put("zones", "/api/v1/zones");
        links.put("anomalies", "/api/v1/anomalies");
        links.put("anomalyStream", "/api/v1/anomalies/stream");
        links.put("aggregations", "/api/v1/aggregations");
        links.put("statistics", "/api/v1/statistics/pipeline");
        return new Index("citypulse-api", version, links);
    }

    @GET
    @Path("/health")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Liveness and readiness of the API and its backing services (503 when any is down)")
    public Response health() {
        SmallRyeHealth report = health.getHealth();
        return Response.status(report.isDown() ? 503 : 200).entity(report.getPayload().toString()).build();
    }

    /** The console's pages live under /console/ (static resources); a link without the slash lands there too. */
    @GET
    @Path("/console")
    @Operation(hidden = true)
    public Response console() {
        return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("/console/")).build();
    }
}
