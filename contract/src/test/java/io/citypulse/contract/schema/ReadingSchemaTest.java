package io.citypulse.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.contract.event.SampleReadings;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The wire schema of each type: the shared header, then the declared measures in their slots. */
class ReadingSchemaTest {

    static Stream<SensorReading> samples() {
        return Stream.of(SampleReadings.traffic(), SampleReadings.weather(), SampleReadings.energyV2(),
                SampleReadings.energyV1());
    }

    @Test
    void listsEachTypesMeasuresInDeclaredOrder() {
        assertThat(names(ReadingSchema.of(SensorType.TRAFFIC).measures()))
                .containsExactly("vehicle_count", "avg_speed_kmh", "occupancy_pct");
        assertThat(names(ReadingSchema.of(SensorType.WEATHER).measures())).containsExactly("temperature_c",
                "humidity_pct", "pressure_hpa", "wind_speed_ms", "precipitation_mm_h", "air_quality_index");
        assertThat(names(ReadingSchema.of(SensorType.ENERGY).measures())).containsExactly("active_power_kw",
                "voltage_v", "current_a", "power_factor", "frequency_hz");
    }

    @ParameterizedTest
    @MethodSource("io.citypulse.contract.event.SensorType#all")
    void givesEachMeasureTheSlotOfItsDeclaredPosition(SensorType type) {
        ReadingSchema schema = ReadingSchema.of(type);
        for (int i = 0; i < schema.measures().size(); i++) {
            assertThat(schema.slot(schema.measures().get(i).name())).isEqualTo(i);
        }
        assertThatThrownBy(() -> schema.slot("no_such_measure"))
                .hasMessage(type.wireName() + " declares no measure 'no_such_measure'");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void keysMeasuresByTheMeasureFieldNamesInSchemaOrder(SensorReading reading) {
        List<String> expected = ReadingSchema.of(reading.sensorType()).measures().stream()
                .filter(field -> field.requiredIn(reading.header().schemaVersion()))
                .map(FieldSpec::name)
                .toList();
        assertThat(reading.measures().keySet()).containsExactlyElementsOf(expected);
    }

    @Test
    void leavesTheV2EnergyMeasuresOutOfAV1Reading() {
        assertThat(SampleReadings.energyV1().measures().keySet())
                .containsExactly("active_power_kw", "voltage_v", "current_a");
        assertThat(SampleReadings.energyV2().measures().keySet())
                .containsExactly("active_power_kw", "voltage_v", "current_a", "power_factor", "frequency_hz");
    }

    @ParameterizedTest
    @MethodSource("io.citypulse.contract.event.SensorType#all")
    void putsTheHeaderBeforeTheMeasures(SensorType type) {
        ReadingSchema schema = ReadingSchema.of(type);
        assertThat(schema.type()).isEqualTo(type);
        assertThat(names(schema.fields())).containsExactlyElementsOf(
                Stream.concat(names(ReadingSchema.HEADER).stream(), names(schema.measures()).stream()).toList());
        assertThat(names(ReadingSchema.HEADER)).containsExactly("schema_version", "event_id", "sensor_id",
                "sensor_type", "zone", "lat", "lon", "event_time_ms", "seq");
    }

    @Test
    void describesTheTrafficLakeRowAsSparkDdl() {
        assertThat(ReadingSchema.of(SensorType.TRAFFIC).sparkDdl()).isEqualTo(
                "schema_version INT NOT NULL, event_id STRING NOT NULL, sensor_id STRING NOT NULL, "
                        + "sensor_type STRING NOT NULL, zone STRING NOT NULL, lat DOUBLE NOT NULL, "
                        + "lon DOUBLE NOT NULL, event_time_ms TIMESTAMP NOT NULL, seq BIGINT NOT NULL, "
                        + "vehicle_count INT NOT NULL, avg_speed_kmh DOUBLE NOT NULL, occupancy_pct DOUBLE NOT NULL, "
                        + "congestion_level STRING NOT NULL");
    }

    @Test
    void makesFieldsOfLaterVersionsNullableInTheEnergyDdl() {
        assertThat(ReadingSchema.of(SensorType.ENERGY).sparkDdl()).endsWith(
                "seq BIGINT NOT NULL, active_power_kw DOUBLE NOT NULL, voltage_v DOUBLE NOT NULL, "
                        + "current_a DOUBLE NOT NULL, power_factor DOUBLE, frequency_hz DOUBLE");
    }

    @ParameterizedTest
    @MethodSource("io.citypulse.contract.event.SensorType#all")
    void listsEveryFieldAndDerivedColumnInTheDdlWithItsSparkType(SensorType type) {
        ReadingSchema schema = ReadingSchema.of(type);
        List<String> expected = Stream.concat(
                schema.fields().stream().map(field -> field.name() + " " + field.type().sparkType()
                        + (field.sinceVersion() == 1 ? " NOT NULL" : "")),
                schema.derived().stream().map(column -> column.name() + " " + column.type().sparkType() + " NOT NULL"))
                .toList();
        assertThat(schema.sparkDdl().split(", ")).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void givesOneRowValuePerDdlColumn(SensorReading reading) {
        ReadingSchema schema = ReadingSchema.of(reading.sensorType());
        assertThat(schema.rowValues(reading)).hasSize(schema.sparkDdl().split(", ").length);
    }

    @Test
    void givesTheTrafficRowValuesInDdlOrder() {
        assertThat(ReadingSchema.of(SensorType.TRAFFIC).rowValues(SampleReadings.traffic())).containsExactly(
                2, "evt-traffic-0001-42", "traffic-0001", "traffic", "downtown", 52.371234, 4.896789,
                SampleReadings.EVENT_TIME, 42L, 17, 43.5, 22.25, "LIGHT");
    }

    @Test
    void givesNullsForTheV2ColumnsOfAV1EnergyRow() {
        Object[] row = ReadingSchema.of(SensorType.ENERGY).rowValues(SampleReadings.energyV1());
        assertThat(Arrays.copyOfRange(row, 9, row.length)).containsExactly(123.45, 231.2, 534.1, null, null);
    }

    @Test
    void introducesTheEnergyPowerFactorAndFrequencyInVersionTwo() {
        assertThat(ReadingSchema.of(SensorType.ENERGY).fields().stream()
                .filter(field -> field.sinceVersion() != 1).map(FieldSpec::name))
                .containsExactly("power_factor", "frequency_hz");
        assertThat(Stream.of(SensorType.TRAFFIC, SensorType.WEATHER)
                .flatMap(type -> ReadingSchema.of(type).fields().stream())
                .filter(field -> field.sinceVersion() != 1)).isEmpty();
    }

    @Test
    void rendersRangesForDocsAndRejections() {
        assertThat(field(ReadingSchema.of(SensorType.TRAFFIC).measures(), "avg_speed_kmh").rangeText()).isEqualTo("[0, 300]");
        assertThat(field(ReadingSchema.of(SensorType.WEATHER).measures(), "temperature_c").rangeText()).isEqualTo("[-90, 60]");
        assertThat(field(ReadingSchema.of(SensorType.ENERGY).measures(), "power_factor").rangeText()).isEqualTo("[0, 1]");
        assertThat(field(ReadingSchema.HEADER, "event_id").rangeText()).isEqualTo("1..128 chars");
        assertThat(field(ReadingSchema.HEADER, "event_time_ms").rangeText()).isEqualTo("[0, 4102444800000]");
        assertThat(field(ReadingSchema.HEADER, "seq").rangeText()).isEqualTo("[0, 9223372036854775807]");
    }


    private static List<String> names(List<FieldSpec> fields) {
        return fields.stream().map(FieldSpec::name).toList();
    }

    private static FieldSpec field(List<FieldSpec> fields, String name) {
        return fields.stream().filter(field -> field.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + name));
    }
}
