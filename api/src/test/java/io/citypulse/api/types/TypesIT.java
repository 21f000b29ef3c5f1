package io.citypulse.api.types;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.citypulse.api.support.LocalStackResource;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.ReadingSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalStackResource.class)
class TypesIT {

    @Test
    void listsEveryDeclaredTypeWithItsMeasuresInWireOrder() {
        JsonPath types = given().get("/api/v1/types").then().statusCode(200).extract().jsonPath();
        assertThat(types.getList("type", String.class))
                .containsExactlyElementsOf(SensorType.all().stream().map(SensorType::wireName).toList());
        for (SensorType type : SensorType.all()) {
            String at = "find { it.type == '" + type.wireName() + "' }.";
            assertThat(types.getList(at + "measures.name", String.class)).containsExactlyElementsOf(
                    ReadingSchema.of(type).measures().stream().map(FieldSpec::name).toList());
            assertThat(types.getString(at + "topic")).isEqualTo("citypulse.readings." + type.wireName());
            assertThat(types.getInt(at + "schemaVersion")).isEqualTo(ReadingSchema.CURRENT_VERSION);
        }
    }

    @Test
    void oneTypeHasItsUnitsRangesAndVersions() {
        given().get("/api/v1/types/energy").then().statusCode(200)
                .body("measures.find { it.name == 'voltage_v' }.unit", equalTo("V"))
                .body("measures.find { it.name == 'voltage_v' }.valueType", equalTo("double"))
                .body("measures.find { it.name == 'power_factor' }.max", equalTo(1.0f))
                .body("measures.find { it.name == 'power_factor' }.since", equalTo(2))
                .body("derived", equalTo(List.of()));
    }

    @Test
    void aTypeListsItsDerivedColumnsWithTheirExpressions() {
        given().get("/api/v1/types/traffic").then().statusCode(200)
                .body("derived.name", equalTo(List.of("congestion_level")))
                .body("derived[0].valueType", equalTo("category"))
                .body("derived[0].categories", equalTo(List.of("FREE_FLOW", "LIGHT", "MODERATE", "HEAVY",
                        "SEVERE")))
                .body("derived[0].expression", equalTo(SensorType.TRAFFIC.declaration()
                        .derived().get(0).expression().toString()));
    }

    @Test
    void theJsonSchemaFixesTheTypeAndRequiresLaterFieldsFromTheirVersion() {
        JsonPath schema = given().get("/api/v1/types/energy/schema").then().statusCode(200).extract().jsonPath();
        assertThat(schema.getString("$schema")).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.getString("properties.sensor_type.const")).isEqualTo("energy");
        assertThat(schema.getList("required", String.class)).contains("event_id", "sensor_id", "active_power_kw")
                .doesNotContain("power_factor");
        List<Map<String, Object>> versioned = schema.getList("allOf");
        assertThat(versioned).singleElement().satisfies(rule ->
                assertThat(rule.toString()).contains("minimum=2").contains("power_factor").contains("frequency_hz"));
        assertThat(schema.getDouble("properties.voltage_v.maximum")).isEqualTo(1000.0);
    }

    @Test
    void aTypeThatIsNotDeclaredIsNotFoundAndTheProblemNamesTheDeclaredOnes() {
        for (String path : List.of("/api/v1/types/parking", "/api/v1/types/parking/schema")) {
            given().get(path).then().statusCode(404).contentType("application/problem+json")
                    .body("detail", containsString("no sensor type 'parking' is declared; declared: energy, traffic, weather"));
        }
    }
}
