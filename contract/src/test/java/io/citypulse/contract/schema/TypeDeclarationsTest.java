package io.citypulse.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TypeDeclarationsTest {

    private static final String VALID = """
            {"type": "parking", "description": "parking bays", "topic": "citypulse.readings.parking",
             "measures": [{"name": "occupied", "valueType": "int", "min": 0, "max": 5000, "unit": "spaces",
                           "since": 1, "description": "occupied spaces"}]}""";

    private static TypeDeclaration parse(String json) throws IOException {
        return TypeDeclarations.parse("test.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @EnumSource(SensorType.class)
    void every_type_has_a_declaration_whose_measures_are_the_schema_s_and_whose_topic_is_its_topic(SensorType type) {
        TypeDeclaration declaration = TypeDeclarations.of(type);
        assertThat(declaration.type()).isEqualTo(type.wireName());
        assertThat(declaration.topic()).isEqualTo(Topics.readings(type).name());
        assertThat(ReadingSchema.of(type).measures()).extracting(FieldSpec::name)
                .containsExactlyElementsOf(declaration.measures().stream().map(TypeDeclaration.Measure::name).toList());
    }

    @Test
    void a_valid_declaration_reads_with_every_field() throws IOException {
        TypeDeclaration parking = parse(VALID);
        assertThat(parking.type()).isEqualTo("parking");
        assertThat(parking.topic()).isEqualTo("citypulse.readings.parking");
        assertThat(parking.measures()).containsExactly(new TypeDeclaration.Measure("occupied", FieldType.INT, 0, 5000,
                "spaces", 1, "occupied spaces"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"valueType\": \"int\"|\"valueType\": \"float\"|measures[0].valueType: 'float' is not one of [double, int, long]",
        "\"min\": 0|\"min\": 6000|measures[0].min 6000.0 is above max 5000.0",
        "\"since\": 1|\"since\": 3|measures[0].since: 3.0 is not a schema version 1..2",
        "\"unit\": \"spaces\",|\"unit\": \"spaces\", \"colour\": \"red\",|measures[0].colour: unknown field",
        "\"name\": \"occupied\"|\"name\": \"Occupied\"|measures[0].name: 'Occupied' must be lower-case",
        "\"type\": \"parking\"|\"type\": \"parking bays\"|type: 'parking bays' must be lower-case",
        "\"topic\": \"citypulse.readings.parking\"|\"topic\": \"parking/bays\"|topic: 'parking/bays' is not a Kafka topic name",
        "\"description\": \"parking bays\", |\"\"|description: required",
        "\"since\": 1,|\"since\": \"1\",|measures[0].since: a number is required",
    })
    void a_broken_declaration_is_refused_naming_the_file_the_field_and_the_rule(String from, String to, String message) {
        String broken = VALID.replace(from, to.equals("\"\"") ? "" : to);
        assertThat(broken).isNotEqualTo(VALID);
        assertThatThrownBy(() -> parse(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.json: ").hasMessageContaining(message);
    }

    @Test
    void a_measure_declared_twice_or_not_json_is_refused() {
        String twice = VALID.replace("\"description\": \"occupied spaces\"}]", "\"description\": \"occupied spaces\"}, "
                + "{\"name\": \"occupied\", \"valueType\": \"int\", \"min\": 0, \"max\": 1, \"unit\": \"\", \"since\": 1, "
                + "\"description\": \"again\"}]");
        assertThatThrownBy(() -> parse(twice)).hasMessageContaining("measures[1].name: 'occupied' is declared twice");
        assertThatThrownBy(() -> parse("{\"type\": ")).hasMessageStartingWith("test.json: not valid JSON");
    }

    @Test
    void binding_needs_a_getter_for_every_declared_measure_and_no_other() throws IOException {
        TypeDeclaration parking = parse(VALID);
        Function<SensorReading, Object> getter = r -> 1;
        assertThat(parking.bind(Map.of("occupied", getter))).singleElement()
                .satisfies(f -> assertThat(f.max()).isEqualTo(5000));
        assertThatThrownBy(() -> parking.bind(Map.of())).hasMessageContaining("occupied has no getter");
        assertThatThrownBy(() -> parking.bind(Map.of("occupied", getter, "free", getter)))
                .hasMessageContaining("measures it does not declare: [free]");
    }
}
