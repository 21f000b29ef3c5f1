package io.citypulse.generator.inject;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.FieldType;
import io.citypulse.contract.schema.ReadingSchema;
import io.citypulse.contract.wire.DecodeResult;
import io.citypulse.contract.wire.ReadingCodec;
import io.citypulse.contract.wire.Rejection;
import io.citypulse.contract.wire.RejectionReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Builds bytes that {@link ReadingCodec} rejects for a chosen {@link RejectionReason}, starting from a
 * valid reading, and checks that the codec gives exactly that reason (the label carries its description).
 */
public final class MalformedRecords {

    private static final JsonFactory JSON = new JsonFactory();

    /** Bytes plus the rejection the codec gives for them. */
    public record Malformed(byte[] bytes, String eventId, Rejection rejection) {
    }

    private MalformedRecords() {
    }

    /**
     * A malformed variant of {@code reading}: it carries event id {@code <event id>-malformed} so it never
     * collides with a valid reading; {@code measure} picks which measure is damaged.
     */
    public static Malformed build(SensorReading reading, RejectionReason reason, int measure) {
        ReadingSchema schema = ReadingSchema.of(reading.sensorType());
        FieldSpec target = schema.measures().get(Math.floorMod(measure, schema.measures().size()));
        String eventId = reading.eventId() + "-malformed";
        byte[] bytes = switch (reason) {
            case NOT_DECODABLE -> {
                byte[] whole = write(schema, reading, eventId, null, null);
                yield Arrays.copyOf(whole, whole.length / 2); // a record cut off in transit
            }
            case MISSING_FIELD -> write(schema, reading, eventId, target, Override.OMIT);
            case WRONG_TYPE -> write(schema, reading, eventId, target, Override.AS_TEXT);
            case OUT_OF_RANGE -> write(schema, reading, eventId, target, Override.BELOW_MIN);
            case UNKNOWN_SCHEMA_VERSION -> write(schema, reading, eventId, schema.fields().get(0), Override.FUTURE_VERSION);
        };
        DecodeResult result = ReadingCodec.decode(bytes, reading.sensorType());
        if (!(result instanceof DecodeResult.Rejected rejected) || rejected.rejection().reason() != reason) {
            throw new IllegalStateException("malformed record meant as " + reason + " decodes as " + result);
        }
        return new Malformed(bytes, eventId, rejected.rejection());
    }

    private enum Override { OMIT, AS_TEXT, BELOW_MIN, FUTURE_VERSION }

    private static byte[] write(ReadingSchema schema, SensorReading reading, String eventId,
                                FieldSpec target, Override override) {
        int version = reading.header().schemaVersion();
        try (ByteArrayBuilder out = new ByteArrayBuilder(256);
             JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (FieldSpec field : schema.fields()) {
                Object value = field.name().equals("event_id") ? eventId : field.getter().apply(reading);
                if (!field.partOf(version) || value == null) {
                    continue; // a later version's field, or an optional one the reading left out
                }
                if (field == target) {
                    switch (override) {
                        case OMIT -> {
                            continue;
                        }
                        case AS_TEXT -> value = String.valueOf(value);
                        case BELOW_MIN -> value = field.type() == FieldType.DOUBLE
                                ? (Object) (field.min() - 100.5) : (Object) ((long) field.min() - 100);
                        case FUTURE_VERSION -> value = (long) ReadingSchema.CURRENT_VERSION + 97;
                    }
                }
                json.writeFieldName(field.name());
                writeValue(json, value);
            }
            json.writeEndObject();
            json.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Instant instant) {
            json.writeNumber(instant.toEpochMilli());
        } else {
            json.writeNumber(((Number) value).longValue());
        }
    }
}
