package io.citypulse.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.SampleReadings;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReadingCodecTest {

    static Stream<SensorReading> everyKindOfReading() {
        return Stream.of(SampleReadings.traffic(), SampleReadings.weather(), SampleReadings.energyV2(),
                SampleReadings.energyV1());
    }

    @ParameterizedTest
    @MethodSource("everyKindOfReading")
    void decodesWhatItEncodes(SensorReading reading) {
        assertThat(ReadingCodec.decode(ReadingCodec.encode(reading))).isEqualTo(DecodeResult.valid(reading));
    }

    @ParameterizedTest
    @MethodSource("everyKindOfReading")
    void decodesWhatItEncodesOnTheTopicOfItsType(SensorReading reading) {
        assertThat(ReadingCodec.decode(ReadingCodec.encode(reading), reading.sensorType()))
                .isEqualTo(DecodeResult.valid(reading));
    }

    @Test
    void encodesOneFlatObjectWithTheFieldsOfTheReadingsOwnVersion() {
        assertThat(new String(ReadingCodec.encode(SampleReadings.energyV1()), StandardCharsets.UTF_8)).isEqualTo(
                "{\"schema_version\":1,\"event_id\":\"evt-energy-0100-0\",\"sensor_id\":\"energy-0100\","
                        + "\"sensor_type\":\"energy\",\"zone\":\"tech-park\",\"lat\":52.371234,\"lon\":4.896789,"
                        + "\"event_time_ms\":1772439330250,\"seq\":0,"
                        + "\"active_power_kw\":123.45,\"voltage_v\":231.2,\"current_a\":534.1}");
    }

    // --- NOT_DECODABLE -------------------------------------------------------------------------

    @Test
    void rejectsEmptyBytesAsNotDecodable() {
        assertThat(rejection(new byte[0])).isEqualTo(new Rejection(RejectionReason.NOT_DECODABLE, "", "empty record"));
        assertThat(rejection(null)).isEqualTo(new Rejection(RejectionReason.NOT_DECODABLE, "", "empty record"));
    }

    @Test
    void rejectsGarbageBytesAsNotDecodable() {
        assertNotDecodable("hello".getBytes(StandardCharsets.UTF_8), "unrecognized token 'hello' at byte 0");
        assertNotDecodable(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x13, 0x37}, "expected a JSON object, found byte 0xff at byte 0");
    }

    @Test
    void rejectsAJsonArrayAsNotAnObject() {
        assertThat(rejection(utf8("[{\"schema_version\":2}]")))
                .isEqualTo(new Rejection(RejectionReason.NOT_DECODABLE, "", "not a JSON object"));
    }

    @Test
    void rejectsTruncatedJsonAsNotDecodable() {
        byte[] valid = ReadingCodec.encode(SampleReadings.traffic());
        assertNotDecodable(Arrays.copyOf(valid, valid.length / 2), "unexpected end of input");
        assertNotDecodable(Arrays.copyOf(valid, valid.length - 1), "unexpected end of input");
    }

    @Test
    void rejectsTrailingGarbageAfterTheObject() {
        String valid = encoded(SampleReadings.traffic());
        assertNotDecodable(utf8(valid + "x"), "unrecognized token 'x'");
        assertThat(rejection(utf8(valid + "{}"))).isEqualTo(new Rejection(RejectionReason.NOT_DECODABLE, "",
                "trailing data after the JSON object at byte " + valid.length()));
    }

    @Test
    void acceptsTrailingWhitespace() {
        assertThat(ReadingCodec.decode(utf8(encoded(SampleReadings.traffic()) + " \n")))
                .isEqualTo(DecodeResult.valid(SampleReadings.traffic()));
    }

    // --- MISSING_FIELD -------------------------------------------------------------------------

    @Test
    void rejectsAnAbsentFieldNamingIt() {
        Map<String, String> fields = fieldsOf(SampleReadings.traffic());
        fields.remove("avg_speed_kmh");
        assertThat(rejection(json(fields)))
                .isEqualTo(new Rejection(RejectionReason.MISSING_FIELD, "avg_speed_kmh", "field is absent"));
    }

    @Test
    void rejectsANullFieldNamingIt() {
        assertThat(rejection(with(SampleReadings.weather(), "zone", "null")))
                .isEqualTo(new Rejection(RejectionReason.MISSING_FIELD, "zone", "field is null"));
    }

    @Test
    void rejectsARecordWithoutSchemaVersion() {
        Map<String, String> fields = fieldsOf(SampleReadings.traffic());
        fields.remove("schema_version");
        assertThat(rejection(json(fields)))
                .isEqualTo(new Rejection(RejectionReason.MISSING_FIELD, "schema_version", "field is absent"));
    }

    @Test
    void rejectsANullSchemaVersionOrSensorTypeAsNull() {
        assertThat(rejection(with(SampleReadings.traffic(), "schema_version", "null")))
                .isEqualTo(new Rejection(RejectionReason.MISSING_FIELD, "schema_version", "field is null"));
        assertThat(rejection(with(SampleReadings.traffic(), "sensor_type", "null")))
                .isEqualTo(new Rejection(RejectionReason.MISSING_FIELD, "sensor_type", "field is null"));
    }

    @Test
    void rejectsAV2EnergyRecordWithoutTheV2Fields() {
        Map<String, String> fields = fieldsOf(SampleReadings.energyV2());
        fields.remove("frequency_hz");
        assertThat(rejection(json(fields)))
                .isEqualTo(new Rejection(RejectionReason.MISSING_FIELD, "frequency_hz", "field is absent"));
    }

    // --- WRONG_TYPE ----------------------------------------------------------------------------

    @Test
    void rejectsTextInANumberField() {
        assertThat(rejection(with(SampleReadings.traffic(), "avg_speed_kmh", "\"43.5\""))).isEqualTo(
                new Rejection(RejectionReason.WRONG_TYPE, "avg_speed_kmh", "expected a number, found text"));
    }

    @Test
    void rejectsAFractionInAWholeNumberField() {
        assertThat(rejection(with(SampleReadings.traffic(), "vehicle_count", "17.5"))).isEqualTo(
                new Rejection(RejectionReason.WRONG_TYPE, "vehicle_count", "expected a whole number, found a fraction"));
    }

    @Test
    void rejectsAWholeValuedFractionInAWholeNumberFieldAsTheWrongType() {
        assertThat(rejection(with(SampleReadings.traffic(), "vehicle_count", "17.0"))).isEqualTo(
                new Rejection(RejectionReason.WRONG_TYPE, "vehicle_count", "expected a whole number, found a fraction"));
    }

    @Test
    void rejectsABooleanInANumberField() {
        assertThat(rejection(with(SampleReadings.traffic(), "occupancy_pct", "true"))).isEqualTo(
                new Rejection(RejectionReason.WRONG_TYPE, "occupancy_pct", "expected a number, found a boolean"));
    }

    @Test
    void rejectsAnObjectOrArrayInANumberField() {
        assertThat(rejection(with(SampleReadings.weather(), "pressure_hpa", "{\"value\":1013}"))).isEqualTo(
                new Rejection(RejectionReason.WRONG_TYPE, "pressure_hpa", "expected a number, found an object"));
        assertThat(rejection(with(SampleReadings.weather(), "pressure_hpa", "[1013]"))).isEqualTo(
                new Rejection(RejectionReason.WRONG_TYPE, "pressure_hpa", "expected a number, found an array"));
    }

    @Test
    void rejectsANumberInATextField() {
        assertThat(rejection(with(SampleReadings.traffic(), "event_id", "42"))).isEqualTo(
                new Rejection(RejectionReason.WRONG_TYPE, "event_id", "expected text, found a whole number"));
    }

    @Test
    void rejectsAFractionalSchemaVersion() {
        assertThat(rejection(with(SampleReadings.traffic(), "schema_version", "1.5"))).isEqualTo(
                new Rejection(RejectionReason.WRONG_TYPE, "schema_version", "expected a whole number, found a fraction"));
    }

    // --- OUT_OF_RANGE --------------------------------------------------------------------------

    @Test
    void rejectsANegativeSpeed() {
        assertThat(rejection(with(SampleReadings.traffic(), "avg_speed_kmh", "-5.5"))).isEqualTo(
                new Rejection(RejectionReason.OUT_OF_RANGE, "avg_speed_kmh", "-5.5 outside [0, 300]"));
        assertThat(rejection(with(SampleReadings.traffic(), "avg_speed_kmh", "-5"))).isEqualTo(
                new Rejection(RejectionReason.OUT_OF_RANGE, "avg_speed_kmh", "-5 outside [0, 300]"));
    }

    @Test
    void rejectsOccupancyAboveOneHundredPercent() {
        assertThat(rejection(with(SampleReadings.traffic(), "occupancy_pct", "101"))).isEqualTo(
                new Rejection(RejectionReason.OUT_OF_RANGE, "occupancy_pct", "101 outside [0, 100]"));
    }

    @Test
    void acceptsTheInclusiveRangeBounds() {
        SensorReading decoded = valid(with(with(SampleReadings.traffic(), "occupancy_pct", "100"), "avg_speed_kmh", "0"));
        assertThat(decoded.measures()).containsExactly(
                Map.entry("vehicle_count", 17.0), Map.entry("avg_speed_kmh", 0.0), Map.entry("occupancy_pct", 100.0));
    }

    @Test
    void rejectsAWholeNumberTooBigForItsField() {
        assertThat(rejection(with(SampleReadings.traffic(), "seq", "123456789012345678901234567890"))).isEqualTo(
                new Rejection(RejectionReason.OUT_OF_RANGE, "seq", "1.2345678901234568E29 outside [0, 9223372036854775807]"));
    }

    @Test
    void rejectsAnUnknownSensorType() {
        assertThat(rejection(with(SampleReadings.traffic(), "sensor_type", "\"submarine\""))).isEqualTo(
                new Rejection(RejectionReason.OUT_OF_RANGE, "sensor_type", "'submarine' is not a declared type (energy, traffic, weather)"));
    }

    @Test
    void rejectsABlankEventId() {
        assertThat(rejection(with(SampleReadings.traffic(), "event_id", "\"  \""))).isEqualTo(
                new Rejection(RejectionReason.OUT_OF_RANGE, "event_id", "length 2 (blank) outside 1..128 chars"));
        assertThat(rejection(with(SampleReadings.traffic(), "event_id", "\"\""))).isEqualTo(
                new Rejection(RejectionReason.OUT_OF_RANGE, "event_id", "length 0 (blank) outside 1..128 chars"));
    }

    @Test
    void rejectsAReadingOfAnotherTypeOnATypedTopic() {
        assertThat(ReadingCodec.decode(ReadingCodec.encode(SampleReadings.traffic()), SensorType.ENERGY)).isEqualTo(
                DecodeResult.rejected(RejectionReason.OUT_OF_RANGE, "sensor_type", "'traffic' on the energy topic"));
    }

    // --- UNKNOWN_SCHEMA_VERSION ----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 99})
    void rejectsASchemaVersionThisBuildDoesNotKnow(int version) {
        assertThat(rejection(with(SampleReadings.traffic(), "schema_version", Integer.toString(version)))).isEqualTo(
                new Rejection(RejectionReason.UNKNOWN_SCHEMA_VERSION, "schema_version",
                        "version " + version + " is not one of 1..2"));
    }

    // --- compatibility -------------------------------------------------------------------------

    @Test
    void ignoresUnknownFields() {
        Map<String, String> fields = fieldsOf(SampleReadings.weather());
        fields.put("firmware", "\"4.2.1\"");
        fields.put("calibration", "{\"offset\":[0.1,0.2],\"ok\":true}");
        fields.put("battery_pct", "null");
        assertThat(ReadingCodec.decode(json(fields))).isEqualTo(DecodeResult.valid(SampleReadings.weather()));
    }

    @Test
    void ignoresFieldsOfAnotherSensorType() {
        Map<String, String> fields = fieldsOf(SampleReadings.weather());
        fields.put("avg_speed_kmh", "\"fast\"");
        fields.put("voltage_v", "null");
        assertThat(ReadingCodec.decode(json(fields))).isEqualTo(DecodeResult.valid(SampleReadings.weather()));
    }

    @Test
    void decodesAV1RecordCarryingV2FieldsAsV1() {
        Map<String, String> fields = fieldsOf(SampleReadings.energyV1());
        fields.put("power_factor", "0.93");
        fields.put("frequency_hz", "\"not even a number\"");
        SensorReading decoded = valid(json(fields));
        assertThat(decoded).isEqualTo(SampleReadings.energyV1());
        assertThat(decoded.has(decoded.schema().slot("power_factor"))).isFalse();
    }

    @Test
    void letsTheLastOfARepeatedFieldWin() {
        String twice = encoded(SampleReadings.traffic()).replace("{", "{\"vehicle_count\":99,");
        assertThat(valid(utf8(twice))).isEqualTo(SampleReadings.traffic());
    }

    // --- robustness ----------------------------------------------------------------------------

    @Test
    void neverThrowsOnRandomBytes() {
        Random random = new Random(20_260_302L);
        for (int i = 0; i < 3_000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (random.nextBoolean()) {
                // Printable ASCII with JSON punctuation gets the parser further than raw noise.
                for (int j = 0; j < bytes.length; j++) {
                    bytes[j] = (byte) "{}[]\":,0123456789.-eEtrufalsn_ abcxyz".charAt(random.nextInt(37));
                }
            }
            assertDecodesWithoutThrowing(bytes);
        }
    }

    @Test
    void neverThrowsOnMutatedValidRecords() {
        Random random = new Random(42L);
        byte[][] valid = everyKindOfReading().map(ReadingCodec::encode).toArray(byte[][]::new);
        int stillValid = 0;
        for (int i = 0; i < 4_000; i++) {
            byte[] bytes = valid[random.nextInt(valid.length)];
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                bytes = mutate(bytes, random);
            }
            if (assertDecodesWithoutThrowing(bytes) instanceof DecodeResult.Valid) {
                stillValid++;
            }
        }
        // Some mutations (a digit changed inside a value) leave a valid record; most do not.
        assertThat(stillValid).isBetween(1, 3_999);
    }

    private static DecodeResult assertDecodesWithoutThrowing(byte[] bytes) {
        DecodeResult result;
        try {
            result = ReadingCodec.decode(bytes, SensorType.all().get(Math.floorMod(Arrays.hashCode(bytes), SensorType.all().size())));
        } catch (RuntimeException e) {
            throw new AssertionError("decode threw on " + Arrays.toString(bytes), e);
        }
        assertThat(result).as("result for %s", Arrays.toString(bytes)).isNotNull();
        if (result instanceof DecodeResult.Valid ok) {
            // Whatever decodes must survive its own round trip.
            assertThat(ReadingCodec.decode(ReadingCodec.encode(ok.reading()))).isEqualTo(result);
        }
        return result;
    }

    private static byte[] mutate(byte[] bytes, Random random) {
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] flipped = bytes.clone();
                flipped[at] ^= (byte) (1 << random.nextInt(8));
                yield flipped;
            }
            case 1 -> {
                byte[] shorter = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, shorter, 0, at);
                System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                yield shorter.length == 0 ? bytes : shorter;
            }
            default -> {
                byte[] longer = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, longer, 0, at);
                longer[at] = (byte) random.nextInt(256);
                System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                yield longer;
            }
        };
    }

    // --- helpers -------------------------------------------------------------------------------

    private static void assertNotDecodable(byte[] bytes, String detailContains) {
        Rejection rejection = rejection(bytes);
        assertThat(rejection.reason()).isEqualTo(RejectionReason.NOT_DECODABLE);
        assertThat(rejection.field()).isEmpty();
        assertThat(rejection.detail()).isNotBlank().contains(detailContains);
    }

    private static Rejection rejection(byte[] bytes) {
        DecodeResult result = ReadingCodec.decode(bytes);
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        return ((DecodeResult.Rejected) result).rejection();
    }

    private static SensorReading valid(byte[] bytes) {
        DecodeResult result = ReadingCodec.decode(bytes);
        assertThat(result).isInstanceOf(DecodeResult.Valid.class);
        return ((DecodeResult.Valid) result).reading();
    }

    private static String encoded(SensorReading reading) {
        return new String(ReadingCodec.encode(reading), StandardCharsets.UTF_8);
    }

    /** The encoded fields of a reading as raw JSON literals, in wire order, ready to edit. */
    private static Map<String, String> fieldsOf(SensorReading reading) {
        return fieldsOf(ReadingCodec.encode(reading));
    }

    private static Map<String, String> fieldsOf(byte[] record) {
        String body = new String(record, StandardCharsets.UTF_8);
        Map<String, String> fields = new LinkedHashMap<>();
        // Flat object, no commas or colons inside our sample values: a split is enough.
        for (String pair : body.substring(1, body.length() - 1).split(",")) {
            int colon = pair.indexOf(':');
            fields.put(pair.substring(1, colon - 1), pair.substring(colon + 1));
        }
        return fields;
    }

    private static byte[] with(SensorReading reading, String field, String rawJson) {
        return with(ReadingCodec.encode(reading), field, rawJson);
    }

    private static byte[] with(byte[] record, String field, String rawJson) {
        Map<String, String> fields = fieldsOf(record);
        fields.put(field, rawJson);
        return json(fields);
    }

    private static byte[] json(Map<String, String> fields) {
        return utf8(fields.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}")));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
