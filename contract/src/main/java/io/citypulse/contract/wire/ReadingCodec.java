package io.citypulse.contract.wire;

import com.fasterxml.jackson.core.JsonToken;
import io.citypulse.contract.event.Location;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.FieldType;
import io.citypulse.contract.schema.ReadingSchema;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire format of sensor readings: one flat JSON object per record, fields as in
 * {@link ReadingSchema}. See docs/schema.md and docs/adr/0002-wire-format-json-with-streaming-decoder.md.
 *
 * <p>Encoding is {@link ReadingEncoder}'s. Decoding reads the bytes once with {@link FlatJsonReader} (no data binding, no Jackson) and returns a
 * {@link DecodeResult}; it never throws. Unknown fields are ignored so newer producers can add
 * fields without breaking older consumers. Thread-safe.
 */
public final class ReadingCodec {

    /** Slot of every wire field name of every schema: a record's values go to an array, not to a map per record. */
    private static final Map<String, Integer> SLOTS = slots();
    /** The slots of each type's schema fields, in schema order. */
    private static final List<int[]> FIELD_SLOTS = SensorType.all().stream()
            .map(type -> ReadingSchema.of(type).fields().stream().mapToInt(f -> SLOTS.get(f.name())).toArray()).toList();
    private static final FlatJsonReader READER = new FlatJsonReader(SLOTS);
    private static final Object JSON_NULL = FlatJsonReader.JSON_NULL;
    private static final ThreadLocal<ReadingEncoder> ENCODER = ThreadLocal.withInitial(ReadingEncoder::new);

    private ReadingCodec() {
    }

    /** Encodes a reading with the fields of its own schema version. */
    public static byte[] encode(SensorReading reading) {
        return ENCODER.get().encode(reading);
    }

    /** Decodes a record from any sensor topic. */
    public static DecodeResult decode(byte[] bytes) {
        return decode(bytes, null);
    }

    /**
     * Decodes a record that must be of {@code expected} type (the type of the topic it came from);
     * null accepts any type.
     */
    public static DecodeResult decode(byte[] bytes, SensorType expected) {
        if (bytes == null || bytes.length == 0) {
            return DecodeResult.rejected(RejectionReason.NOT_DECODABLE, "", "empty record");
        }
        Object[] raw;
        try {
            raw = READER.read(bytes);
        } catch (FlatJsonReader.MalformedJsonException e) {
            return DecodeResult.rejected(RejectionReason.NOT_DECODABLE, "", e.getMessage());
        }
        if (raw == null) {
            return DecodeResult.rejected(RejectionReason.NOT_DECODABLE, "", "not a JSON object");
        }
        return new RecordValidator(raw, expected).validate();
    }

    private static Map<String, Integer> slots() {
        Map<String, Integer> slots = new HashMap<>();
        for (SensorType type : SensorType.all()) {
            for (FieldSpec field : ReadingSchema.of(type).fields()) {
                slots.putIfAbsent(field.name(), slots.size());
            }
        }
        return slots;
    }

    /** Checks raw JSON fields against the schema of their type and version. */
    private static final class RecordValidator {
        private final Object[] raw;
        private final SensorType expected;
        private int version;

        RecordValidator(Object[] raw, SensorType expected) {
            this.raw = raw;
            this.expected = expected;
        }

        DecodeResult validate() {
            Object versionValue = get("schema_version");
            if (versionValue == null || versionValue == JSON_NULL) {
                return missing("schema_version", versionValue);
            }
            if (!(versionValue instanceof Long whole)) {
                return wrongType("schema_version", versionValue, "a whole number");
            }
            if (whole < ReadingSchema.OLDEST_SUPPORTED_VERSION || whole > ReadingSchema.CURRENT_VERSION) {
                return DecodeResult.rejected(RejectionReason.UNKNOWN_SCHEMA_VERSION, "schema_version",
                        "version " + whole + " is not one of " + ReadingSchema.OLDEST_SUPPORTED_VERSION
                                + ".." + ReadingSchema.CURRENT_VERSION);
            }
            version = whole.intValue();

            Object typeValue = get("sensor_type");
            if (typeValue == null || typeValue == JSON_NULL) {
                return missing("sensor_type", typeValue);
            }
            if (!(typeValue instanceof String typeName)) {
                return wrongType("sensor_type", typeValue, "text");
            }
            SensorType type = SensorType.fromWireName(typeName).orElse(null);
            if (type == null) {
                return DecodeResult.rejected(RejectionReason.OUT_OF_RANGE, "sensor_type",
                        "'" + typeName + "' is not a declared type (" + SensorType.names() + ")");
            }
            if (expected != null && type != expected) {
                return DecodeResult.rejected(RejectionReason.OUT_OF_RANGE, "sensor_type",
                        "'" + typeName + "' on the " + expected.wireName() + " topic");
            }

            ReadingSchema schema = ReadingSchema.of(type);
            List<FieldSpec> fields = schema.fields();
            int[] slots = FIELD_SLOTS.get(type.index());
            for (int i = 0; i < slots.length; i++) {
                FieldSpec field = fields.get(i);
                Object value = raw[slots[i]];
                if (!field.partOf(version) || field.nullable() && (value == null || value == JSON_NULL)) {
                    raw[slots[i]] = null; // a later version's field in an older record, or an optional one left out
                    continue;
                }
                DecodeResult problem = check(field, value);
                if (problem != null) {
                    return problem;
                }
            }
            try {
                return DecodeResult.valid(build(type, schema, slots));
            } catch (IllegalArgumentException e) {
                // Field ranges are checked above; this catches cross-field rules of the records.
                return DecodeResult.rejected(RejectionReason.OUT_OF_RANGE, "", e.getMessage());
            }
        }

        private DecodeResult check(FieldSpec field, Object value) {
            String name = field.name();
            if (value == null || value == JSON_NULL) {
                return missing(name, value);
            }
            if (field.type() == FieldType.STRING) {
                if (!(value instanceof String text)) {
                    return wrongType(name, value, "text");
                }
                if (field.isCategory()) {
                    return category(field, text);
                }
                if (text.isBlank() || text.length() > field.max()) {
                    return DecodeResult.rejected(RejectionReason.OUT_OF_RANGE, name,
                            "length " + text.length() + (text.isBlank() ? " (blank)" : "")
                                    + " outside " + field.rangeText());
                }
                return null;
            }
            boolean whole = field.type() != FieldType.DOUBLE;
            boolean acceptable = value instanceof Long || (!whole && value instanceof Double);
            if (!acceptable) {
                // An integer literal beyond 64 bits reaches us as a double: too big, not a fraction.
                if (whole && value instanceof Double big && big == Math.rint(big) && Math.abs(big) >= 0x1p63) {
                    return DecodeResult.rejected(RejectionReason.OUT_OF_RANGE, name,
                            value + " outside " + field.rangeText());
                }
                return wrongType(name, value, whole ? "a whole number" : "a number");
            }
            double number = ((Number) value).doubleValue();
            if (!field.inRange(number)) {
                return DecodeResult.rejected(RejectionReason.OUT_OF_RANGE, name,
                        value + " outside " + field.rangeText());
            }
            return null;
        }

        // Apart from check(), which every field of every record passes through: it stays small enough to inline.
        private static DecodeResult category(FieldSpec field, String text) {
            return field.categories().contains(text) ? null : DecodeResult.rejected(RejectionReason.OUT_OF_RANGE,
                    field.name(), "'" + text + "' is not " + field.rangeText());
        }

        private Object get(String field) {
            return raw[SLOTS.get(field)];
        }

        private static DecodeResult missing(String field, Object value) {
            return DecodeResult.rejected(RejectionReason.MISSING_FIELD, field,
                    value == JSON_NULL ? "field is null" : "field is absent");
        }

        private static DecodeResult wrongType(String field, Object value, String wanted) {
            String found = value instanceof FlatJsonReader.OtherToken other ? describe(other.token())
                    : value instanceof String ? "text"
                    : value instanceof Long ? "a whole number" : "a fraction";
            return DecodeResult.rejected(RejectionReason.WRONG_TYPE, field, "expected " + wanted + ", found " + found);
        }

        private static String describe(JsonToken token) {
            return switch (token) {
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                default -> token.toString();
            };
        }

        private SensorReading build(SensorType type, ReadingSchema schema, int[] slots) {
            ReadingHeader header = new ReadingHeader(version, (String) get("event_id"), (String) get("sensor_id"), type,
                    (String) get("zone"), new Location(number("lat"), number("lon")),
                    Instant.ofEpochMilli(((Number) get("event_time_ms")).longValue()), ((Number) get("seq")).longValue());
            int measuresFrom = ReadingSchema.HEADER.size();
            double[] values = new double[schema.measures().size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = raw[slots[measuresFrom + i]] instanceof Number n ? n.doubleValue() : Double.NaN;
            }
            int attributesFrom = measuresFrom + values.length;
            String[] texts = attributesFrom == slots.length ? null : new String[slots.length - attributesFrom];
            for (int i = 0; texts != null && i < texts.length; i++) {
                texts[i] = (String) raw[slots[attributesFrom + i]];
            }
            return new SensorReading(header, values, texts);
        }

        private double number(String field) {
            return ((Number) get(field)).doubleValue();
        }
    }
}
