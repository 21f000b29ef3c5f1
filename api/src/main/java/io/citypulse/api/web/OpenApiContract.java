package io.citypulse.api.web;

import io.citypulse.api.aggregation.AggregationResource;
import io.citypulse.api.error.Problem;
import io.citypulse.api.history.Resolution;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.event.Severity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the generated OpenAPI document with what annotations cannot say from the one home of each fact: the value
 * sets of enum-like parameters (from the contract's enums and the API's list of windows), the bounds of ids and text
 * filters (from {@link Params}), and the problem+json answers every operation can give. Resources refer to the value
 * sets by name ({@code @Schema(ref = OpenApiContract.SENSOR_TYPE)}); this filter defines them.
 */
public class OpenApiContract implements OASFilter {

    public static final String SENSOR_TYPE = "SensorType";
    public static final String ANOMALY_TYPE = "AnomalyType";
    public static final String SEVERITY = "Severity";
    public static final String RESOLUTION = "Resolution";
    public static final String WINDOW = "Window";
    /** An id or a free-text filter: bounded, printable. */
    public static final String TEXT = "Text";
    /** An opaque keyset cursor handed out as nextCursor: base64url. */
    public static final String CURSOR = "Cursor";
    private static final String PROBLEM = "Problem";

    /** Answers every operation may give besides its success, by status; which apply is decided per operation. */
    private static final Map<String, String> PROBLEMS = Map.of(
            "400", "A parameter has a value the API cannot accept; `parameter` names it",
            "401", "Missing or invalid X-API-Key (when auth is on)",
            "404", "The sensor or zone named in the path does not exist",
            "503", "A backing service (PostgreSQL, Kafka) did not answer; retry later");

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(OASFactory.createComponents());
        }
        var components = openApi.getComponents();
        components.addSchema(SENSOR_TYPE, enumeration(SensorType.all().toArray(SensorType[]::new), SensorType::wireName));
        components.addSchema(ANOMALY_TYPE, enumeration(AnomalyType.values(), Enum::name));
        components.addSchema(SEVERITY, enumeration(Severity.values(), Enum::name));
        // Enums are parsed case-insensitively; the document names the canonical spelling.
        components.addSchema(RESOLUTION, enumeration(Resolution.values(), Resolution::sqlUnit));
        components.addSchema(WINDOW, enumeration(AggregationResource.WINDOWS.keySet().toArray(String[]::new),
                Function.identity()));
        components.addSchema(TEXT, OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                .maxLength(Params.MAX_TEXT).pattern(Params.PRINTABLE));
        components.addSchema(CURSOR, OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                .pattern("^[A-Za-z0-9_-]+$").maxLength(400));
        components.addSchema(PROBLEM, problemSchema());
        if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
            return;
        }
        openApi.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> complete(path, operation)));
    }

    private static void complete(String path, Operation operation) {
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        // RESTEasy hands an empty query value (?limit=) to the resource as null: the same as leaving it out.
        parameters.stream().filter(p -> p.getIn() == Parameter.In.QUERY).forEach(p -> p.setAllowEmptyValue(true));
        boolean api = path.startsWith("/api/v1");
        boolean pathParameter = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH);
        APIResponses responses = operation.getResponses();
        if (!parameters.isEmpty()) {
            problem(responses, "400");
        }
        if (api) {
            problem(responses, "401");
            problem(responses, "503");
        }
        if (pathParameter) {
            problem(responses, "404");
        }
    }

    private static void problem(APIResponses responses, String status) {
        if (responses.hasAPIResponse(status)) {
            return;
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(PROBLEMS.get(status))
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(PROBLEM)))));
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details")
                .required(List.of("type", "title", "status"))
                .addProperty("type", text)
                .addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", text)
                .addProperty("instance", text)
                .addProperty("parameter", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("the request parameter that was wrong, when one was"));
    }

    private static <E> Schema enumeration(E[] values, Function<E, String> name) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                .enumeration(Arrays.stream(values).map(name).map(v -> (Object) v).toList());
    }
}
