package io.citypulse.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.citypulse.contract.event.Location;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.ReadingJsonSchema;
import io.citypulse.contract.schema.ReadingSchema;
import io.citypulse.contract.topic.TopicCatalog;
import io.citypulse.contract.topic.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A city's type with categories, free text and nullable fields ({@code src/test/resources/city-types/incident.json},
 * which this test class's surefire execution names in {@code CITYPULSE_SENSOR_TYPES_DIR}): decoded, checked, encoded,
 * in the lake schema and the JSON Schema, with no Java naming its fields.
 */
class AttributesCityTypeTest {

    private static final SensorType INCIDENT = SensorType.of("incident");
    private static final String HEADER = "{\"schema_version\":2,\"event_id\":\"e-1\",\"sensor_id\":\"dispatch-7\","
            + "\"sensor_type\":\"incident\",\"zone\":\"harbour\",\"lat\":52.1,\"lon\":4.3,\"event_time_ms\":1772439330250,"
            + "\"seq\":3";
    private static final String FULL = HEADER + ",\"responders\":12,\"delay_min\":6.5,\"kind\":\"FIRE\","
            + "\"severity\":\"HIGH\",\"note\":\"smoke on pier 4\"}";

    private static SensorReading decoded(String json) {
        DecodeResult result = ReadingCodec.decode(json.getBytes(StandardCharsets.UTF_8), INCIDENT);
        assertThat(result).isInstanceOf(DecodeResult.Valid.class);
        return ((DecodeResult.Valid) result).reading();
    }

    private static Rejection rejected(String json) {
        DecodeResult result = ReadingCodec.decode(json.getBytes(StandardCharsets.UTF_8), INCIDENT);
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        return ((DecodeResult.Rejected) result).rejection();
    }

    @Test
    void the_declared_type_is_known_with_its_topic() {
        assertThat(SensorType.names()).isEqualTo("energy, incident, traffic, weather");
        assertThat(Topics.readings(INCIDENT).name()).isEqualTo("citypulse.readings.incident");
        assertThat(TopicCatalog.lines(Topics.all())).contains("citypulse.readings.incident 3\n");
    }

    @Test
    void categories_and_text_decode_into_the_reading_s_attribute_slots_and_encode_to_the_same_bytes() {
        SensorReading reading = decoded(FULL);
        assertThat(reading.measures()).containsExactly(Map.entry("responders", 12.0), Map.entry("delay_min", 6.5));
        assertThat(reading.attributes()).containsExactly(Map.entry("kind", "FIRE"), Map.entry("severity", "HIGH"),
                Map.entry("note", "smoke on pier 4"));
        assertThat(reading.text("severity")).isEqualTo("HIGH");
        assertThat(new String(ReadingCodec.encode(reading), StandardCharsets.UTF_8)).isEqualTo(FULL);
    }

    @Test
    void nullable_fields_may_be_left_out_or_null_and_are_then_absent_and_not_written() {
        String without = HEADER + ",\"responders\":0,\"kind\":\"FLOOD\",\"severity\":\"LOW\"}";
        SensorReading reading = decoded(without);
        assertThat(reading.has(reading.schema().slot("delay_min"))).isFalse();
        assertThat(reading.text("note")).isNull();
        assertThat(reading.attributes()).containsOnlyKeys("kind", "severity");
        assertThat(new String(ReadingCodec.encode(reading), StandardCharsets.UTF_8)).isEqualTo(without);
        SensorReading nulls = decoded(HEADER + ",\"responders\":0,\"delay_min\":null,\"kind\":\"FLOOD\","
                + "\"severity\":\"LOW\",\"note\":null}");
        assertThat(nulls).isEqualTo(reading);
    }

    @Test
    void text_that_needs_escaping_is_written_as_the_wire_s_jackson_generator_writes_it() throws IOException {
        SensorReading reading = decoded(HEADER + ",\"responders\":1,\"kind\":\"MEDICAL\",\"severity\":\"CRITICAL\","
                + "\"note\":\"caller: \\\"help\\\" \\u00e9\\n\\u0001\"}");
        assertThat(reading.text("note")).isEqualTo("caller: \"help\" é\n\u0001");
        try (ByteArrayBuilder out = new ByteArrayBuilder();
             JsonGenerator json = WireJson.FACTORY.createGenerator(out)) {
            json.writeString(reading.text("note"));
            json.flush();
            assertThat(new String(ReadingCodec.encode(reading), StandardCharsets.UTF_8))
                    .endsWith(",\"note\":" + new String(out.toByteArray(), StandardCharsets.UTF_8) + "}");
        }
        assertThat(decoded(new String(ReadingCodec.encode(reading), StandardCharsets.UTF_8))).isEqualTo(reading);
    }

    @Test
    void the_generator_s_prepared_sensor_encoder_refuses_a_type_with_required_attributes() {
        assertThatThrownBy(() -> ReadingEncoder.sensor("e-", "dispatch-7", INCIDENT, "harbour", new Location(52.1, 4.3)))
                .hasMessageStartingWith("incident readings need their attribute kind");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"kind\":\"FIRE\"|\"kind\":\"fire\"|OUT_OF_RANGE|kind|'fire' is not one of FIRE, FLOOD, COLLISION, MEDICAL",
        "\"kind\":\"FIRE\"|\"kind\":3|WRONG_TYPE|kind|expected text, found a whole number",
        "\"kind\":\"FIRE\",|\"\"|MISSING_FIELD|kind|field is absent",
        "\"severity\":\"HIGH\"|\"severity\":null|MISSING_FIELD|severity|field is null",
        "\"smoke on pier 4\"|\"   \"|OUT_OF_RANGE|note|length 3 (blank) outside 1..40 chars",
        "\"smoke on pier 4\"|\"smoke on pier 4, spreading to pier 5 and 6\"|OUT_OF_RANGE|note|length 42 outside 1..40 chars",
        "\"delay_min\":6.5|\"delay_min\":-1|OUT_OF_RANGE|delay_min|-1 outside [0, 1440]",
        "\"delay_min\":6.5|\"delay_min\":\"6.5\"|WRONG_TYPE|delay_min|expected a number, found text",
    })
    void a_bad_attribute_or_nullable_measure_is_rejected_naming_the_field(String from, String to,
                                                                          RejectionReason reason, String field,
                                                                          String detail) {
        String broken = FULL.replace(from, to.equals("\"\"") ? "" : to);
        assertThat(broken).isNotEqualTo(FULL);
        assertThat(rejected(broken)).isEqualTo(new Rejection(reason, field, detail));
    }

    @Test
    void a_field_of_a_later_version_in_an_older_record_is_ignored_as_for_measures() {
        SensorReading v1 = decoded(FULL.replace("\"schema_version\":2", "\"schema_version\":1"));
        assertThat(v1.text("note")).isNull();
        assertThat(v1.text("kind")).isEqualTo("FIRE");
    }

    @Test
    void a_reading_made_in_code_is_checked_against_the_categories_and_the_lengths() {
        ReadingHeader header = new ReadingHeader(2, "e-2", "dispatch-7", INCIDENT, "harbour", new Location(52.1, 4.3),
                Instant.ofEpochMilli(1772439330250L), 4);
        assertThatThrownBy(() -> new SensorReading(header, new double[] {1, Double.NaN},
                new String[] {"FIRE", "HUGE", null}))
                .hasMessage("severity='HUGE' is not one of LOW, MEDIUM, HIGH, CRITICAL");
        assertThatThrownBy(() -> new SensorReading(header, 1, Double.NaN))
                .hasMessage("kind is required from schema v1");
        assertThatThrownBy(() -> new SensorReading(header, new double[] {1, Double.NaN}, new String[] {"FIRE", "LOW"}))
                .hasMessage("a reading of incident has 3 attributes, not 2");
        assertThat(new SensorReading(header, new double[] {1, Double.NaN}, new String[] {"FIRE", "LOW", null})
                .attributes()).containsOnlyKeys("kind", "severity");
    }

    @Test
    void the_lake_row_has_the_attributes_as_strings_nullable_where_declared() {
        ReadingSchema schema = ReadingSchema.of(INCIDENT);
        assertThat(schema.sparkDdl()).endsWith("responders INT NOT NULL, delay_min DOUBLE, kind STRING NOT NULL, "
                + "severity STRING NOT NULL, note STRING");
        assertThat(List.of(schema.rowValues(decoded(FULL)))).endsWith(12, 6.5, "FIRE", "HIGH", "smoke on pier 4");
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_json_schema_lists_the_categories_and_leaves_nullable_fields_optional() {
        Map<String, Object> json = ReadingJsonSchema.of(ReadingSchema.of(INCIDENT), INCIDENT.declaration());
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) json.get("properties");
        assertThat(properties.get("kind")).containsEntry("type", "string")
                .containsEntry("enum", List.of("FIRE", "FLOOD", "COLLISION", "MEDICAL"));
        assertThat(properties.get("note")).containsEntry("type", List.of("string", "null"))
                .containsEntry("maxLength", 40L);
        assertThat(properties.get("delay_min")).containsEntry("type", List.of("number", "null"));
        assertThat((List<String>) json.get("required")).contains("responders", "kind", "severity")
                .doesNotContain("delay_min", "note");
        assertThat(json).doesNotContainKey("allOf"); // note is v2's, but optional: no version requires it
    }
}
