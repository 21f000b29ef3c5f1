package io.citypulse.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.contract.event.SampleReadings;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TypeDeclarationsTest {

    private static final String VALID = """
            {"type": "parking", "description": "parking bays", "topic": "citypulse.readings.parking",
             "measures": [{"name": "occupied", "valueType": "int", "min": 0, "max": 5000, "unit": "spaces",
                           "since": 1, "description": "occupied spaces"}]}""";

    private static TypeDeclaration parse(String json) throws IOException {
        return TypeDeclarations.parse("test.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @MethodSource("io.citypulse.contract.event.SensorType#all")
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
                "spaces", 1, false, "occupied spaces"));
    }

    private static final String WITH_DERIVED = """
            {"type": "parking", "description": "parking bays", "topic": "citypulse.readings.parking",
             "measures": [
               {"name": "occupied", "valueType": "int", "min": 0, "max": 5000, "unit": "spaces", "since": 1,
                "description": "occupied spaces"},
               {"name": "capacity", "valueType": "int", "min": 0, "max": 5000, "unit": "spaces", "since": 2,
                "description": "spaces in the car park"}],
             "derived": [
               {"name": "occupancy_pct", "valueType": "number", "expression": "100 * occupied / capacity",
                "description": "share of the spaces taken"},
               {"name": "busy", "valueType": "category", "categories": ["NO", "YES"], "expression": "occupied > 100",
                "description": "more than 100 cars"}]}""";

    @Test
    void derived_columns_are_a_number_or_a_category_computed_from_the_measures() throws IOException {
        TypeDeclaration parking = parse(WITH_DERIVED);
        assertThat(parking.derived()).extracting(TypeDeclaration.Derived::name).containsExactly("occupancy_pct", "busy");
        assertThat(parking.derivedColumns()).extracting(DerivedColumn::type, DerivedColumn::required)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FieldType.DOUBLE, false),
                        org.assertj.core.groups.Tuple.tuple(FieldType.STRING, true));
        assertThat(parking.derived().get(0).expression().evaluate(i -> new double[] {30, 120}[i])).isEqualTo(25);
        assertThat(parking.derived().get(1).expression().evaluate(i -> new double[] {130, 120}[i])).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"valueType\": \"number\"|\"valueType\": \"text\"|derived[0].valueType: 'text' is not one of [category, number]",
        "100 * occupied / capacity|100 * occupied / spaces|derived[0].expression: at 18 of '100 * occupied / spaces': 'spaces' is not a measure",
        "\"occupied > 100\"|\"capacity > 100\"|derived[1].expression: reads capacity, which readings before schema v2 lack",
        "\"categories\": [\"NO\", \"YES\"], |\"\"|derived[1].categories: required",
        "[\"NO\", \"YES\"]|[]|derived[1].categories: a non-empty list of names is required",
        "[\"NO\", \"YES\"]|[\"NO\", \"NO\"]|derived[1].categories: a name is listed twice",
        "\"name\": \"busy\"|\"name\": \"occupied\"|derived[1].name: 'occupied' is already a measure, an attribute or a derived column",
        "\"expression\": \"100 * occupied / capacity\",|\"categories\": [\"A\"], \"expression\": \"1\",|derived[0].categories: unknown field",
    })
    void a_derived_column_breaking_a_rule_is_refused_naming_it(String from, String to, String message) {
        assertRefused(WITH_DERIVED, from, to, message);
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
        "\"max\": 5000|\"max\": 1e16|measures[0].max: a whole measure must lie within ±2^53",
    })
    void a_broken_declaration_is_refused_naming_the_file_the_field_and_the_rule(String from, String to, String message) {
        assertRefused(VALID, from, to, message);
    }

    private static final String WITH_ATTRIBUTES = """
            {"type": "incident", "description": "emergency incidents", "topic": "citypulse.readings.incident",
             "measures": [
               {"name": "responders", "valueType": "int", "min": 0, "max": 500, "unit": "people", "since": 1,
                "description": "responders on the scene"},
               {"name": "delay_min", "valueType": "double", "min": 0, "max": 1440, "unit": "min", "since": 1,
                "nullable": true, "description": "minutes to the first responder"}],
             "attributes": [
               {"name": "severity", "valueType": "category", "categories": ["LOW", "HIGH"], "since": 1,
                "description": "the dispatcher's grading"},
               {"name": "note", "valueType": "text", "maxLength": 140, "since": 2, "nullable": true,
                "description": "a free-text note"}],
             "derived": [
               {"name": "staffed", "valueType": "category", "categories": ["NO", "YES"], "expression": "responders > 0",
                "description": "anyone on the scene"}]}""";

    @Test
    void attributes_are_categories_or_texts_and_measures_may_be_nullable() throws IOException {
        TypeDeclaration incident = parse(WITH_ATTRIBUTES);
        assertThat(incident.measures()).extracting(TypeDeclaration.Measure::nullable).containsExactly(false, true);
        assertThat(incident.attributes()).containsExactly(
                new TypeDeclaration.Attribute("severity", java.util.List.of("LOW", "HIGH"), 4, 1, false,
                        "the dispatcher's grading"),
                new TypeDeclaration.Attribute("note", java.util.List.of(), 140, 2, true, "a free-text note"));
        assertThat(incident.attributeFields()).extracting(FieldSpec::name, FieldSpec::type, FieldSpec::rangeText,
                FieldSpec::alwaysPresent).containsExactly(
                org.assertj.core.groups.Tuple.tuple("severity", FieldType.STRING, "one of LOW, HIGH", true),
                org.assertj.core.groups.Tuple.tuple("note", FieldType.STRING, "1..140 chars", false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"valueType\": \"text\"|\"valueType\": \"string\"|attributes[1].valueType: 'string' is not one of [category, text]",
        "\"maxLength\": 140|\"maxLength\": 0|attributes[1].maxLength: 0.0 is not a whole number of characters 1..4096",
        "\"maxLength\": 140|\"maxLength\": 5000|attributes[1].maxLength: 5000.0 is not a whole number",
        "\"maxLength\": 140, |\"\"|attributes[1].maxLength: required",
        "[\"LOW\", \"HIGH\"]|[\"LOW\", \" HIGH\"]|attributes[0].categories: a non-empty list of names is required",
        "[\"LOW\", \"HIGH\"]|[\"LOW\", \"LOW\"]|attributes[0].categories: a name is listed twice",
        "\"name\": \"note\"|\"name\": \"responders\"|attributes[1].name: 'responders' is already a measure or an attribute",
        "\"since\": 2, \"nullable\": true|\"since\": 2, \"nullable\": \"yes\"|attributes[1].nullable: true or false is required",
        "\"since\": 2, \"nullable\"|\"since\": 2, \"maxLength\": 3, \"nullable\"|maxLength: appears twice in one object",
        "\"responders > 0\"|\"delay_min > 0\"|derived[0].expression: reads delay_min, which is nullable",
        "\"categories\": [\"LOW\", \"HIGH\"], |\"maxLength\": 4, |attributes[0].maxLength: unknown field",
    })
    void an_attribute_breaking_a_rule_is_refused_naming_it(String from, String to, String message) {
        assertRefused(WITH_ATTRIBUTES, from, to, message);
    }

    /** {@code declaration} with {@code from} replaced by {@code to} ("" deletes it) is refused with {@code message}. */
    private static void assertRefused(String declaration, String from, String to, String message) {
        String broken = declaration.replace(from, to.equals("\"\"") ? "" : to);
        assertThat(broken).isNotEqualTo(declaration);
        assertThatThrownBy(() -> parse(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.json: " + message);
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
    void a_folder_adds_its_types_to_the_built_in_ones_in_name_order(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("parking.json"), WITH_DERIVED);
        Files.writeString(dir.resolve("notes.txt"), "not a declaration");
        assertThat(TypeDeclarations.load(Optional.of(dir))).extracting(TypeDeclaration::type)
                .containsExactly("energy", "parking", "traffic", "weather");
        assertThat(TypeDeclarations.load(Optional.empty())).extracting(TypeDeclaration::type)
                .containsExactly("energy", "traffic", "weather");
    }

    @Test
    void a_folder_that_redeclares_a_type_misnames_a_file_or_is_missing_is_refused(@TempDir Path dir) throws IOException {
        Path twice = Files.createDirectory(dir.resolve("twice"));
        Files.writeString(twice.resolve("traffic.json"), VALID.replace("\"parking\"", "\"traffic\""));
        assertThatThrownBy(() -> TypeDeclarations.load(Optional.of(twice)))
                .hasMessageContaining("traffic.json: the sensor type 'traffic' is already declared by /sensor-types/traffic.json");
        Path misnamed = Files.createDirectory(dir.resolve("misnamed"));
        Files.writeString(misnamed.resolve("bays.json"), VALID);
        assertThatThrownBy(() -> TypeDeclarations.load(Optional.of(misnamed)))
                .hasMessageContaining("bays.json: type: 'parking' must match the file name");
        assertThatThrownBy(() -> TypeDeclarations.load(Optional.of(dir.resolve("nowhere"))))
                .hasMessageStartingWith("CITYPULSE_SENSOR_TYPES_DIR=")
                .hasMessageEndingWith("nowhere: not a readable folder of sensor-type declarations");
    }

    @Test
    void its_measures_become_wire_fields_that_read_a_reading_by_slot() {
        TypeDeclaration traffic = TypeDeclarations.of(SensorType.TRAFFIC);
        SensorReading reading = SampleReadings.traffic();
        assertThat(traffic.measureFields()).extracting(FieldSpec::name).containsExactly("vehicle_count", "avg_speed_kmh",
                "occupancy_pct");
        assertThat(traffic.measureFields()).extracting(f -> f.getter().apply(reading)).containsExactly(17, 43.5, 22.25);
        assertThat(TypeDeclarations.of(SensorType.ENERGY).measureFields()).extracting(f -> f.getter().apply(
                SampleReadings.energyV1())).containsExactly(123.45, 231.2, 534.1, null, null);
    }
}
