package io.citypulse.api.types;

import io.citypulse.api.error.ProblemException;
import io.citypulse.api.web.OpenApiContract;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.ReadingJsonSchema;
import io.citypulse.contract.schema.ReadingSchema;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The declared sensor types (docs/adr/0005): their measures, units and ranges, and a JSON Schema per type. */
@Path("/api/v1/types")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "types")
public class TypeResource {

    @GET
    @Operation(summary = "Every declared sensor type with its measures, units and valid ranges")
    public List<TypeView> list() {
        return SensorType.all().stream().map(SensorType::declaration).map(TypeView::of).toList();
    }

    @GET
    @Path("/{type}")
    @Operation(summary = "One declared sensor type; 404 for a type that is not declared")
    public TypeView get(@PathParam("type") @Parameter(example = "traffic", schema = @Schema(ref = OpenApiContract.SENSOR_TYPE)) String type) {
        return TypeView.of(declared(type).declaration());
    }

    @GET
    @Path("/{type}/schema")
    @Operation(summary = "The JSON Schema (draft 2020-12) of the type's readings on the wire, to validate before "
            + "sending; 404 for a type that is not declared")
    @Schema(type = SchemaType.OBJECT,
            description = "a JSON Schema document")
    public Map<String, Object> schema(@PathParam("type") @Parameter(example = "energy", schema = @Schema(ref = OpenApiContract.SENSOR_TYPE)) String type) {
        SensorType declared = declared(type);
        return ReadingJsonSchema.of(ReadingSchema.of(declared), declared.declaration());
    }

    private static SensorType declared(String type) {
        return SensorType.fromWireName(type).orElseThrow(() -> ProblemException.notFound(
                "type", "no sensor type '" + type + "' is declared; declared: " + SensorType.names()));
    }
}
