package io.citypulse.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.citypulse.contract.event.Location;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SampleReadings;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.ReadingSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The encoder writes what the wire's Jackson generator writes for the same fields: readings keep their bytes. */
class ReadingEncoderTest {

    private final ReadingEncoder encoder = new ReadingEncoder();

    static Stream<SensorReading> samples() {
        return Stream.of(SampleReadings.traffic(), SampleReadings.weather(), SampleReadings.energyV2(),
                SampleReadings.energyV1());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void writesTheBytesOfJacksonWritingTheSchemaFields(SensorReading reading) throws IOException {
        assertThat(text(encoder.encode(reading))).isEqualTo(text(jackson(reading)));
    }

    @Test
    void writesRandomReadingsOfEveryTypeAsJacksonDoes() throws IOException {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 20_000; i++) {
            SensorReading reading = random(random, SensorType.all().get(i % SensorType.all().size()));
            assertThat(text(encoder.encode(reading))).isEqualTo(text(jackson(reading)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"quote\"d", "back\\slash", "tab\there", "new\nline", "bell\u0007", "zone-ü", "zone-北京",
        "emoji-\uD83D\uDE97", "slash/ok", "del\u007f"})
    void escapesTextAsJacksonDoes(String text) throws IOException {
        SensorReading reading = new SensorReading(new ReadingHeader(2, "id-" + text, "sensor-" + text,
                SensorType.TRAFFIC, text, new Location(-33.9, 151.2), Instant.ofEpochMilli(1), 0), 1, 2.5, 3.25);
        assertThat(text(encoder.encode(reading))).isEqualTo(text(jackson(reading)));
        assertThat(ReadingCodec.decode(encoder.encode(reading))).isEqualTo(DecodeResult.valid(reading));
    }

    @Test
    void writesAPreparedSensorsReadingAsTheReadingItself() {
        SplittableRandom random = new SplittableRandom(5);
        for (SensorType type : SensorType.all()) {
            for (int i = 0; i < 1_000; i++) {
                SensorReading reading = random(random, type);
                ReadingHeader h = reading.header();
                ReadingEncoder.Sensor sensor = ReadingEncoder.sensor(h.sensorId() + "-", h.sensorId(), type, h.zone(),
                        h.location());
                SensorReading sameId = new SensorReading(new ReadingHeader(2, h.sensorId() + "-" + h.seq(),
                        h.sensorId(), type, h.zone(), h.location(), h.eventTime(), h.seq()), values(reading));
                assertThat(text(encoder.encode(sensor, h.seq(), h.eventTime().toEpochMilli(), values(reading))))
                        .isEqualTo(text(encoder.encode(sameId)));
            }
        }
    }

    /** The reference: a Jackson generator of the wire's factory writing each field of the schema version. */
    private static byte[] jackson(SensorReading reading) throws IOException {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256);
             JsonGenerator json = WireJson.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            for (FieldSpec field : reading.schema().fields()) {
                if (!field.requiredIn(reading.header().schemaVersion())) {
                    continue;
                }
                Object value = field.getter().apply(reading);
                json.writeFieldName(field.name());
                if (value instanceof String s) {
                    json.writeString(s);
                } else if (value instanceof Double d) {
                    json.writeNumber(d);
                } else if (value instanceof Instant t) {
                    json.writeNumber(t.toEpochMilli());
                } else {
                    json.writeNumber(((Number) value).longValue());
                }
            }
            json.writeEndObject();
            json.flush();
            return out.toByteArray();
        }
    }

    /** A reading of {@code type} with every measure drawn within its range, at a random precision. */
    private static SensorReading random(SplittableRandom random, SensorType type) {
        List<FieldSpec> measures = ReadingSchema.of(type).measures();
        double[] values = new double[measures.size()];
        for (int i = 0; i < values.length; i++) {
            FieldSpec m = measures.get(i);
            double value = m.min() + random.nextDouble() * (m.max() - m.min());
            double scale = Math.pow(10, random.nextInt(6));
            values[i] = m.type().isWhole() ? Math.floor(value) : Math.max(m.min(), Math.min(m.max(),
                    Math.round(value * scale) / scale));
        }
        long seq = random.nextLong(Long.MAX_VALUE);
        String id = type.wireName() + "-" + random.nextInt(10_000);
        return new SensorReading(new ReadingHeader(2, id + "-" + seq, id, type, "zone-" + random.nextInt(50),
                new Location(-90 + 180 * random.nextDouble(), -180 + 360 * random.nextDouble()),
                Instant.ofEpochMilli(random.nextLong(4_102_444_800_000L)), seq), values);
    }

    private static double[] values(SensorReading reading) {
        double[] values = new double[reading.schema().measures().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = reading.value(i);
        }
        return values;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
