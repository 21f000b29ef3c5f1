package io.citypulse.generator.simulate;

import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.ReadingSchema;
import io.citypulse.generator.signal.SensorProfile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes exactly the bytes {@link io.citypulse.contract.wire.ReadingCodec#encode} writes for a schema-v2
 * reading (FastReadingEncoderTest proves it for every type), from precomputed per-sensor fragments
 * into one reused buffer: about 5x faster than a Jackson generator per record, which is what lets
 * the generator reach 300k+ readings/s. Not thread-safe.
 */
final class FastReadingEncoder {

    private static final byte[] OPEN = ascii("{\"schema_version\":" + ReadingSchema.CURRENT_VERSION + ",\"event_id\":\"");

    private final byte[][] idBytes;
    private final byte[][] middle;
    private final SensorType[] types;
    private byte[] buffer = new byte[512];
    private int pos;

    FastReadingEncoder(java.util.List<SensorProfile> sensors) {
        idBytes = new byte[sensors.size()][];
        middle = new byte[sensors.size()][];
        types = new SensorType[sensors.size()];
        for (int i = 0; i < sensors.size(); i++) {
            SensorProfile sensor = sensors.get(i);
            idBytes[i] = ascii(sensor.id());
            types[i] = sensor.type();
            middle[i] = ascii("\",\"sensor_id\":\"" + sensor.id() + "\",\"sensor_type\":\"" + sensor.type().wireName()
                    + "\",\"zone\":\"" + sensor.sensor().zone().id() + "\",\"lat\":" + sensor.sensor().location().lat()
                    + ",\"lon\":" + sensor.sensor().location().lon() + ",\"event_time_ms\":");
        }
    }

    /** Whether every text field of every sensor is plain ASCII needing no JSON escaping (else use ReadingCodec). */
    static boolean supports(java.util.List<SensorProfile> sensors) {
        return sensors.stream().allMatch(s -> plain(s.id()) && plain(s.sensor().zone().id()));
    }

    private static boolean plain(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
    }

    /** The encoding of sensor {@code index}'s reading at {@code seq}; measures already rounded, in schema order. */
    byte[] encode(int index, long seq, long epochMillis, double[] m) {
        pos = 0;
        put(OPEN);
        put(idBytes[index]);
        putByte('-');
        putLong(seq);
        put(middle[index]);
        putLong(epochMillis);
        putAscii(",\"seq\":");
        putLong(seq);
        switch (types[index]) {
            case TRAFFIC -> {
                putAscii(",\"vehicle_count\":");
                putLong((long) m[0]);
                putAscii(",\"avg_speed_kmh\":");
                putDouble(m[1]);
                putAscii(",\"occupancy_pct\":");
                putDouble(m[2]);
            }
            case WEATHER -> {
                putAscii(",\"temperature_c\":");
                putDouble(m[0]);
                putAscii(",\"humidity_pct\":");
                putDouble(m[1]);
                putAscii(",\"pressure_hpa\":");
                putDouble(m[2]);
                putAscii(",\"wind_speed_ms\":");
                putDouble(m[3]);
                putAscii(",\"precipitation_mm_h\":");
                putDouble(m[4]);
                putAscii(",\"air_quality_index\":");
                putLong((long) m[5]);
            }
            case ENERGY -> {
                putAscii(",\"active_power_kw\":");
                putDouble(m[0]);
                putAscii(",\"voltage_v\":");
                putDouble(m[1]);
                putAscii(",\"current_a\":");
                putDouble(m[2]);
                putAscii(",\"power_factor\":");
                putDouble(m[3]);
                putAscii(",\"frequency_hz\":");
                putDouble(m[4]);
            }
        }
        putByte('}');
        return Arrays.copyOf(buffer, pos);
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

    /** Jackson writes doubles with Double.toString (no fast writer configured in the contract). */
    private void putDouble(double value) {
        putAscii(Double.toString(value));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
