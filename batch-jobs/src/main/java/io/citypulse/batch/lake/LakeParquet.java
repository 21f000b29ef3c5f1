package io.citypulse.batch.lake;

import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.DerivedColumn;
import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.FieldType;
import io.citypulse.contract.schema.ReadingSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The lake's Parquet files as the ingest writes them: with parquet-mr directly, from decoded readings, without
 * Spark rows in between. The schema is {@link LakeSchema}'s as Spark writes it (timestamps as INT64 milliseconds
 * UTC, strings as UTF-8; columns the contract declares NOT NULL are required), so Spark, DuckDB or any Parquet
 * reader reads ingested and compacted files alike.
 */
public final class LakeParquet {

    /** Writer v2 pages: DELTA_BINARY_PACKED for times, seq and offsets, DELTA_BYTE_ARRAY for event ids. */
    public static final ParquetProperties.WriterVersion WRITER_VERSION = ParquetProperties.WriterVersion.PARQUET_2_0;
    /** Measures with 0.01 precision have many distinct values: a bigger dictionary keeps them encoded. */
    public static final int DICTIONARY_PAGE_BYTES = 4 * 1024 * 1024;
    public static final long ROW_GROUP_BYTES = 128L * 1024 * 1024;

    private LakeParquet() {
    }

    /** A valid reading and where it came from in Kafka: one row of an event file. */
    public record EventRow(SensorReading reading, int partition, long offset, long kafkaTimeMs) {
    }

    /** A record the contract rejected, with its reason: one row of a quarantine file. */
    public record QuarantineRow(String topic, int partition, long offset, long kafkaTimeMs, String reason, String field,
                                String detail, byte[] rawValue) {
    }

    /** Event file schema: the contract's columns and derived columns, then the Kafka coordinates. */
    public static MessageType eventSchema(SensorType type) {
        ReadingSchema schema = ReadingSchema.of(type);
        Types.MessageTypeBuilder message = Types.buildMessage();
        // As sparkDdl(): fields every reading has, and category columns, are NOT NULL.
        schema.fields().forEach(f -> message.addField(column(f.name(), f.type(), f.alwaysPresent())));
        schema.derived().forEach(d -> message.addField(column(d.name(), d.type(), d.required())));
        message.addField(column(LakeSchema.KAFKA_PARTITION, FieldType.INT, true));
        message.addField(column(LakeSchema.KAFKA_OFFSET, FieldType.LONG, true));
        message.addField(column(LakeSchema.KAFKA_TIMESTAMP, FieldType.TIMESTAMP_MILLIS, true));
        return message.named("spark_schema");
    }

    /** Quarantine file schema: {@link LakeSchema#QUARANTINE_COLUMNS}. */
    public static MessageType quarantineSchema() {
        return Types.buildMessage()
                .addField(column("topic", FieldType.STRING, true))
                .addField(column(LakeSchema.KAFKA_PARTITION, FieldType.INT, true))
                .addField(column(LakeSchema.KAFKA_OFFSET, FieldType.LONG, true))
                .addField(column(LakeSchema.KAFKA_TIMESTAMP, FieldType.TIMESTAMP_MILLIS, true))
                .addField(column("reason", FieldType.STRING, true))
                .addField(column("field", FieldType.STRING, false))
                .addField(column("detail", FieldType.STRING, false))
                .addField(Types.primitive(PrimitiveTypeName.BINARY, Type.Repetition.REQUIRED).named("raw_value"))
                .named("spark_schema");
    }

    private static Type column(String name, FieldType type, boolean required) {
        Type.Repetition repetition = required ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
        return switch (type) {
            case STRING -> Types.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType()).named(name);
            case INT -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
            case LONG -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
            case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
            case TIMESTAMP_MILLIS -> Types.primitive(PrimitiveTypeName.INT64, repetition)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
        };
    }

    /** A closed file as its footer and the store see it. */
    public record Written(long rows, long bytes) {
    }

    /** An open lake file; {@link #close()} tells its footer's row count and its size without asking the store. */
    public static final class Writer<T> {
        private final ParquetWriter<T> parquet;
        private final CountingOutputFile file;

        private Writer(ParquetWriter<T> parquet, CountingOutputFile file) {
            this.parquet = parquet;
            this.file = file;
        }

        public void write(T row) {
            try {
                parquet.write(row);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + file.path, e);
            }
        }

        public Written close() {
            try {
                parquet.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file.path, e);
            }
            long rows = parquet.getFooter().getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
            return new Written(rows, file.bytes);
        }
    }

    /** Opens a zstd event file for {@code type} at {@code uri}, replacing any file there (a retried task's). */
    public static Writer<EventRow> openEvents(String uri, SensorType type, Configuration conf) {
        CountingOutputFile file = new CountingOutputFile(uri, conf);
        Builder<EventRow> builder = new Builder<>(file, new EventWriteSupport(type));
        // Unique or steadily rising per sensor: delta encoding stores them in a few bits, a dictionary would only
        // be filled, hashed and then abandoned.
        for (String column : List.of("event_id", "event_time_ms", "seq", LakeSchema.KAFKA_OFFSET, LakeSchema.KAFKA_TIMESTAMP)) {
            builder.withDictionaryEncoding(column, false);
        }
        return open(builder, file, conf);
    }

    public static Writer<QuarantineRow> openQuarantine(String uri, Configuration conf) {
        CountingOutputFile file = new CountingOutputFile(uri, conf);
        return open(new Builder<>(file, new QuarantineWriteSupport()), file, conf);
    }

    private static <T> Writer<T> open(Builder<T> builder, CountingOutputFile file, Configuration conf) {
        try {
            return new Writer<>(builder.withConf(conf)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.ZSTD)
                    .withWriterVersion(WRITER_VERSION)
                    .withDictionaryEncoding(true)
                    .withDictionaryPageSize(DICTIONARY_PAGE_BYTES)
                    .withRowGroupSize(ROW_GROUP_BYTES)
                    .build(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.path, e);
        }
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final WriteSupport<T> writeSupport;

        Builder(OutputFile file, WriteSupport<T> writeSupport) {
            super(file);
            this.writeSupport = writeSupport;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return writeSupport;
        }
    }

    /** A Hadoop output file that remembers how many bytes its stream held when it closed. */
    private static final class CountingOutputFile implements OutputFile {
        private final Path path;
        private final OutputFile target;
        private long bytes = -1;

        CountingOutputFile(String uri, Configuration conf) {
            this.path = new Path(uri);
            try {
                this.target = HadoopOutputFile.fromPath(path, conf);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the file system of " + uri, e);
            }
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            return counting(target.create(blockSizeHint));
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            return counting(target.createOrOverwrite(blockSizeHint));
        }

        private PositionOutputStream counting(PositionOutputStream stream) {
            return new DelegatingPositionOutputStream(stream) {
                @Override
                public long getPos() throws IOException {
                    return stream.getPos();
                }

                @Override
                public void close() throws IOException {
                    bytes = stream.getPos();
                    super.close();
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return target.supportsBlockSize();
        }

        @Override
        public long defaultBlockSize() {
            return target.defaultBlockSize();
        }
    }

    /** A write support of one fixed schema: subclasses write each row through {@link #out}. */
    private abstract static class FixedSchemaWriteSupport<T> extends WriteSupport<T> {
        final MessageType schema;
        RecordConsumer out;

        FixedSchemaWriteSupport(MessageType schema) {
            this.schema = schema;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }
    }

    /**
     * Writes event rows: the reading's columns in {@link #eventSchema} order, then the Kafka coordinates. The measures
     * are read by slot as primitives and written by their declared value type, with no boxing: the column kinds are
     * resolved once per file, so the loop over them is the same code for every type. Attributes follow, as strings
     * (Parquet's dictionary encoding stores a category's few names once per page).
     */
    private static final class EventWriteSupport extends FixedSchemaWriteSupport<EventRow> {
        private final FieldType[] measureTypes;
        private final int attributes;
        private final List<DerivedColumn> derived;
        private int column;

        EventWriteSupport(SensorType type) {
            super(eventSchema(type));
            ReadingSchema readings = ReadingSchema.of(type);
            this.measureTypes = readings.measures().stream().map(FieldSpec::type).toArray(FieldType[]::new);
            this.attributes = readings.attributes().size();
            this.derived = readings.derived();
        }

        @Override
        public void write(EventRow row) {
            out.startMessage();
            column = 0;
            SensorReading reading = row.reading();
            ReadingHeader h = reading.header();
            int32(h.schemaVersion());
            text(h.eventId());
            text(h.sensorId());
            text(h.sensorType().wireName());
            text(h.zone());
            float64(h.location().lat());
            float64(h.location().lon());
            int64(h.eventTime().toEpochMilli());
            int64(h.seq());
            for (int i = 0; i < measureTypes.length; i++) {
                double value = reading.value(i);
                if (Double.isNaN(value)) {
                    column++; // a measure the reading's schema version predates: null
                } else if (measureTypes[i] == FieldType.DOUBLE) {
                    float64(value);
                } else if (measureTypes[i] == FieldType.INT) {
                    int32((int) value);
                } else {
                    int64((long) value);
                }
            }
            for (int i = 0; i < attributes; i++) {
                text(reading.text(i)); // null, an absent attribute, leaves the column null
            }
            for (DerivedColumn d : derived) {
                Object value = d.getter().apply(reading);
                if (value == null) {
                    column++; // a number the expression could not give for this reading: null
                    continue;
                }
                switch (d.type()) {
                    case STRING -> text((String) value);
                    case DOUBLE -> float64(((Number) value).doubleValue());
                    case INT -> int32(((Number) value).intValue());
                    default -> int64(((Number) value).longValue());
                }
            }
            int32(row.partition());
            int64(row.offset());
            int64(row.kafkaTimeMs());
            if (column != schema.getFieldCount()) {
                throw new IllegalStateException(column + " columns written of " + schema.getFieldCount());
            }
            out.endMessage();
        }

        private void text(String value) {
            addString(out, schema.getFieldName(column), column++, value);
        }

        private void int32(int value) {
            addInt(out, schema.getFieldName(column), column++, value);
        }

        private void int64(long value) {
            addLong(out, schema.getFieldName(column), column++, value);
        }

        private void float64(double value) {
            addDouble(out, schema.getFieldName(column), column++, value);
        }
    }

    private static final class QuarantineWriteSupport extends FixedSchemaWriteSupport<QuarantineRow> {
        QuarantineWriteSupport() {
            super(quarantineSchema());
        }

        @Override
        public void write(QuarantineRow row) {
            out.startMessage();
            addString(out, "topic", 0, row.topic());
            addInt(out, LakeSchema.KAFKA_PARTITION, 1, row.partition());
            addLong(out, LakeSchema.KAFKA_OFFSET, 2, row.offset());
            addLong(out, LakeSchema.KAFKA_TIMESTAMP, 3, row.kafkaTimeMs());
            addString(out, "reason", 4, row.reason());
            addString(out, "field", 5, row.field());
            addString(out, "detail", 6, row.detail());
            out.startField("raw_value", 7);
            out.addBinary(Binary.fromConstantByteArray(row.rawValue()));
            out.endField("raw_value", 7);
            out.endMessage();
        }
    }

    private static void addInt(RecordConsumer out, String name, int index, int value) {
        out.startField(name, index);
        out.addInteger(value);
        out.endField(name, index);
    }

    private static void addLong(RecordConsumer out, String name, int index, long value) {
        out.startField(name, index);
        out.addLong(value);
        out.endField(name, index);
    }

    private static void addDouble(RecordConsumer out, String name, int index, double value) {
        out.startField(name, index);
        out.addDouble(value);
        out.endField(name, index);
    }

    private static void addString(RecordConsumer out, String name, int index, String value) {
        if (value != null) {
            out.startField(name, index);
            out.addBinary(utf8(value));
            out.endField(name, index);
        }
    }

    /** Array-backed: {@code Binary.fromString} wraps a ByteBuffer, which is slower to encode, hash and compare. */
    private static Binary utf8(String value) {
        return Binary.fromConstantByteArray(value.getBytes(StandardCharsets.UTF_8));
    }
}
