package io.citypulse.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.SensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadingJsonSchemaTest {

    private static Map<String, Object> schema(SensorType type) {
        return ReadingJsonSchema.of(ReadingSchema.of(type), TypeDeclarations.of(type));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(Map<String, Object> schema, String name) {
        return (Map<String, Object>) ((Map<String, Object>) schema.get("properties")).get(name);
    }

    @Test
    void every_wire_field_is_a_property_with_the_codec_s_type_and_range() {
        Map<String, Object> traffic = schema(SensorType.TRAFFIC);
        assertThat(new ArrayList<Object>(((Map<?, ?>) traffic.get("properties")).keySet())).containsExactlyElementsOf(
                ReadingSchema.of(SensorType.TRAFFIC).fields().stream().map(FieldSpec::name).toList());
        assertThat(property(traffic, "vehicle_count")).containsEntry("type", "integer").containsEntry("minimum", 0L)
                .containsEntry("maximum", 10_000L).containsEntry("x-unit", "vehicles");
        assertThat(property(traffic, "avg_speed_kmh")).containsEntry("type", "number").containsEntry("maximum", 300.0);
        assertThat(property(traffic, "sensor_id")).containsEntry("type", "string").containsEntry("maxLength", 64L)
                .containsEntry("pattern", "\\S");
        assertThat(property(traffic, "sensor_type")).containsEntry("const", "traffic");
        assertThat(property(traffic, "seq")).containsEntry("maximum", Long.MAX_VALUE);
        assertThat(traffic).doesNotContainKey("allOf").containsEntry("additionalProperties", true);
    }

    @Test
    void fields_of_a_later_version_are_required_only_from_that_version() {
        Map<String, Object> energy = schema(SensorType.ENERGY);
        assertThat(new ArrayList<Object>((List<?>) energy.get("required"))).contains("schema_version", "voltage_v")
                .doesNotContain("power_factor", "frequency_hz");
        assertThat(energy.get("allOf")).isEqualTo(List.of(Map.of(
                "if", Map.of("properties", Map.of("schema_version", Map.of("minimum", 2))),
                "then", Map.of("required", List.of("power_factor", "frequency_hz")))));
        assertThat(property(energy, "power_factor")).containsEntry("x-since-version", 2);
    }
}
