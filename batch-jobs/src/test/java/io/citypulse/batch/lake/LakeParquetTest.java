package io.citypulse.batch.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.batch.lake.LakeParquet.EventRow;
import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.ReadingSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The event writer against the contract: every column of every type, as {@link ReadingSchema} lists it. */
class LakeParquetTest {

    private static final Instant T = Instant.parse("2026-11-21T09:15:30.250Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("io.citypulse.contract.event.SensorType#all")
    void writesEveryColumnOfTheContractInSchemaOrder(SensorType type) throws IOException {
        List<EventRow> rows = List.of(
                new EventRow(reading(type, 2, 0), 4, 1_000, T.toEpochMilli() + 7),
                new EventRow(reading(type, 1, 1), 4, 1_001, T.toEpochMilli() + 9)); // v1: energy lacks two measures
        String uri = dir.resolve(type.wireName() + ".parquet").toUri().toString();
        LakeParquet.Writer<EventRow> writer = LakeParquet.openEvents(uri, type, new Configuration());
        rows.forEach(writer::write);
        assertThat(writer.close().rows()).isEqualTo(2);

        MessageType schema = LakeParquet.eventSchema(type);
        List<Group> read = read(uri);
        assertThat(read).hasSize(2);
        for (int r = 0; r < rows.size(); r++) {
            assertThat(values(read.get(r), schema)).as("row %d of %s", r, type).isEqualTo(expected(rows.get(r)));
        }
    }

    /** The contract's column values, then the Kafka coordinates, as Parquet stores them. */
    private static List<Object> expected(EventRow row) {
        List<Object> values = new ArrayList<>();
        for (Object value : ReadingSchema.of(row.reading().sensorType()).rowValues(row.reading())) {
            values.add(value instanceof Instant instant ? (Object) instant.toEpochMilli() : value);
        }
        values.addAll(List.of(row.partition(), row.offset(), row.kafkaTimeMs()));
        return values;
    }

    private static List<Object> values(Group group, MessageType schema) {
        Object[] values = new Object[schema.getFieldCount()];
        for (int i = 0; i < values.length; i++) {
            if (group.getFieldRepetitionCount(i) == 0) {
                continue; // a null
            }
            PrimitiveType.PrimitiveTypeName type = schema.getType(i).asPrimitiveType().getPrimitiveTypeName();
            values[i] = switch (type) {
                case INT32 -> group.getInteger(i, 0);
                case INT64 -> group.getLong(i, 0);
                case DOUBLE -> group.getDouble(i, 0);
                case BINARY -> group.getString(i, 0);
                default -> throw new IllegalStateException("no such column type in the lake: " + type);
            };
        }
        return Arrays.asList(values);
    }

    /** A reading whose every measure differs from the others, so a swapped column shows. */
    private static SensorReading reading(SensorType type, int version, int n) {
        Sensor sensor = SensorCatalog.defaultCity().sensors(type).get(n);
        ReadingHeader h = new ReadingHeader(version, "e-" + type + "-" + n, sensor.id(), type, sensor.zone().id(),
                sensor.location(), T.plusSeconds(n), 40 + n);
        return switch (type.wireName()) {
            case "traffic" -> new SensorReading(h, 17 + n, 42.5, 63.25);
            case "weather" -> new SensorReading(h, 7.5, 81.5, 1013.25, 3.5, 1.25, 44 + n);
            case "energy" -> version >= 2
                    ? new SensorReading(h, 120.5, 231.5, 540.25, 0.93, 50.01)
                    : new SensorReading(h, 120.5, 231.5, 540.25, Double.NaN, Double.NaN);
            default -> throw new IllegalArgumentException("no test values for " + type);
        };
    }

    private static List<Group> read(String uri) throws IOException {
        List<Group> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(uri)).build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(g);
            }
        }
        return rows;
    }
}
