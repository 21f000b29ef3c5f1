package io.citypulse.contract.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.citypulse.contract.event.Location;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.ReadingSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The one writer of the wire format: a flat JSON object per reading, its fields in schema order, written byte by
 * byte into one reused buffer. Field names and each sensor's constant header fields are encoded once, which is what
 * lets the generator reach its rate. The bytes are those of the wire's Jackson generator ({@link WireJson}) writing
 * the same fields (text that needs escaping is Jackson's to write, doubles use its writer), so readings written before this
 * class existed are byte for byte what it writes now. Not thread-safe: one per thread ({@link ReadingCodec#encode} keeps one).
 */
public final class ReadingEncoder {

    /** By {@link SensorType#index()}. */
    private static final List<Measures> MEASURES = SensorType.all().stream().map(ReadingEncoder::measures).toList();

    private byte[] buffer = new byte[512];
    private int pos;

    /** The constant part of one sensor's readings, encoded once: see {@link #encode(Sensor, long, long, double[])}. */
    public static final class Sensor {
        private final byte[] eventIdPrefix;
        private final byte[] middle;
        private final Measures measures;

        private Sensor(byte[] eventIdPrefix, byte[] middle, Measures measures) {
            this.eventIdPrefix = eventIdPrefix;
            this.middle = middle;
            this.measures = measures;
        }
    }

    /**
     * Each measure's {@code ,"name":}, whether it is written as a whole number and the version that added it; then
     * each attribute's {@code ,"name":}.
     */
    private record Measures(byte[][] names, boolean[] whole, int[] since, byte[][] attributeNames) {
    }

    private static Measures measures(SensorType type) {
        List<FieldSpec> measures = ReadingSchema.of(type).measures();
        byte[][] names = new byte[measures.size()][];
        boolean[] whole = new boolean[measures.size()];
        int[] since = new int[measures.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = fieldName(measures.get(i));
            whole[i] = measures.get(i).type().isWhole();
            since[i] = measures.get(i).sinceVersion();
        }
        byte[][] attributeNames = ReadingSchema.of(type).attributes().stream().map(ReadingEncoder::fieldName)
                .toArray(byte[][]::new);
        return new Measures(names, whole, since, attributeNames);
    }

    private static byte[] fieldName(FieldSpec field) {
        return (",\"" + field.name() + "\":").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Prepares the fields that one sensor's readings share, for readings of the current schema version whose event
     * id is {@code eventIdPrefix} followed by the reading's seq.
     *
     * @throws IllegalArgumentException for a type with a required attribute, which these readings would lack
     */
    public static Sensor sensor(String eventIdPrefix, String sensorId, SensorType type, String zone, Location location) {
        ReadingSchema.of(type).attributes().stream().filter(a -> !a.nullable()).findFirst().ifPresent(a -> {
            throw new IllegalArgumentException(type.wireName() + " readings need their attribute " + a.name()
                    + ", which the prepared-sensor encoder does not write; encode them with encode(SensorReading)");
        });
        ReadingEncoder scratch = new ReadingEncoder();
        scratch.text(eventIdPrefix);
        byte[] prefix = Arrays.copyOfRange(scratch.buffer, 1, scratch.pos - 1); // without its quotes
        scratch.pos = 0;
        scratch.putAscii("\",\"sensor_id\":");
        scratch.sensorFields(sensorId, type, zone, location);
        scratch.putAscii(",\"event_time_ms\":");
        return new Sensor(prefix, Arrays.copyOf(scratch.buffer, scratch.pos), MEASURES.get(type.index()));
    }

    /**
     * A schema-{@value ReadingSchema#CURRENT_VERSION} reading of a prepared sensor. {@code values} starts with one
     * value per declared measure, in declared order, already valid: they are written, not checked (NaN, a nullable
     * measure left out, is not written); the array may be longer (a reused buffer). It writes no attributes: it is
     * the generator's, whose types have none; {@link #encode(SensorReading)} writes any reading.
     */
    public byte[] encode(Sensor sensor, long seq, long eventTimeMs, double[] values) {
        pos = 0;
        putAscii("{\"schema_version\":" + ReadingSchema.CURRENT_VERSION + ",\"event_id\":\"");
        put(sensor.eventIdPrefix);
        putLong(seq);
        put(sensor.middle);
        putLong(eventTimeMs);
        putAscii(",\"seq\":");
        putLong(seq);
        Measures measures = sensor.measures;
        for (int i = 0; i < measures.names.length; i++) {
            measure(measures, i, values[i]);
        }
        putByte('}');
        return Arrays.copyOf(buffer, pos);
    }

    /** Any reading, with the fields of its own schema version. */
    public byte[] encode(SensorReading reading) {
        ReadingHeader h = reading.header();
        pos = 0;
        putAscii("{\"schema_version\":");
        putLong(h.schemaVersion());
        putAscii(",\"event_id\":");
        text(h.eventId());
        putAscii(",\"sensor_id\":");
        sensorFields(h.sensorId(), h.sensorType(), h.zone(), h.location());
        putAscii(",\"event_time_ms\":");
        putLong(h.eventTime().toEpochMilli());
        putAscii(",\"seq\":");
        putLong(h.seq());
        Measures measures = MEASURES.get(h.sensorType().index());
        for (int i = 0; i < measures.names.length; i++) {
            if (h.schemaVersion() >= measures.since[i]) {
                measure(measures, i, reading.value(i));
            }
        }
        for (int i = 0; i < measures.attributeNames.length; i++) {
            attribute(measures, i, reading.text(i));
        }
        putByte('}');
        return Arrays.copyOf(buffer, pos);
    }

    /** {@code sensor_id}'s value through {@code lon}'s, as the header lists them. */
    private void sensorFields(String sensorId, SensorType type, String zone, Location location) {
        text(sensorId);
        putAscii(",\"sensor_type\":");
        text(type.wireName());
        putAscii(",\"zone\":");
        text(zone);
        putAscii(",\"lat\":");
        putDouble(location.lat());
        putAscii(",\"lon\":");
        putDouble(location.lon());
    }

    private void measure(Measures measures, int slot, double value) {
        if (Double.isNaN(value)) {
            return; // absent: a nullable measure left out (a valid reading has no other NaN)
        }
        put(measures.names[slot]);
        if (measures.whole[slot]) {
            putLong((long) value);
        } else {
            putDouble(value);
        }
    }

    private void attribute(Measures measures, int slot, String text) {
        if (text != null) {
            put(measures.attributeNames[slot]);
            text(text);
        }
    }

    /** A JSON string: plain ASCII as it is; anything else as the wire's Jackson generator writes it. */
    private void text(String value) {
        if (plain(value)) {
            putByte('"');
            putAscii(value);
            putByte('"');
            return;
        }
        try (ByteArrayBuilder out = new ByteArrayBuilder(value.length() * 6 + 2);
             JsonGenerator json = WireJson.FACTORY.createGenerator(out)) {
            json.writeString(value);
            json.flush();
            put(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a byte array cannot fail", e);
        }
    }

    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private void ensure(int extra) {
        if (pos + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, pos + extra));
        }
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, pos, bytes.length);
        pos += bytes.length;
    }

    private void putByte(char c) {
        ensure(1);
        buffer[pos++] = (byte) c;
    }

    private void putAscii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[pos++] = (byte) text.charAt(i);
        }
    }

    private void putLong(long value) {
        if (value < 0) {
            putByte('-');
            if (value == Long.MIN_VALUE) {
                putAscii("9223372036854775808");
                return;
            }
            value = -value;
        }
        ensure(20);
        int start = pos;
        do {
            buffer[pos++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = t;
        }
    }

    /** As the wire's Jackson factory writes a double ({@link WireJson}: the fast, shortest-digits writer). */
    private void putDouble(double value) {
        putAscii(NumberOutput.toString(value, true));
    }
}
