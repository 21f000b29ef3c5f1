package io.citypulse.batch.ingest;

import io.citypulse.batch.lake.LakeSchema;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.ReadingSchema;
import io.citypulse.contract.topic.Topics;
import io.citypulse.contract.wire.DecodeResult;
import io.citypulse.contract.wire.Rejection;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes one Kafka partition's records with the contract's {@code ReadingCodec} (the speed layer's decoder, so
 * both layers reject the same bytes for the same reasons) and labels each record valid, rejected or duplicate.
 *
 * <p>Input columns: partition, offset, timestamp, value. Output: {@link #schema(SensorType)}. A duplicate is a
 * repeated event id within the Spark partition; the Kafka source is read without splitting partitions, and
 * producers key readings by sensor id, so a re-sent reading lands in the same partition as its original.
 */
public final class DecodePartition implements MapPartitionsFunction<Row, Row> {

    public static final String KIND = "kind";
    public static final int VALID = 0;
    public static final int REJECTED = 1;
    public static final int DUPLICATE = 2;

    private static final long DAY_MS = 86_400_000L;
    private static final long HOUR_MS = 3_600_000L;

    private final SensorType type;
    private final org.apache.spark.util.CollectionAccumulator<PartitionStats> stats;

    public DecodePartition(SensorType type) {
        this(type, null);
    }

    /**
     * With {@code stats}, each partition adds one {@link PartitionStats} once its records are exhausted, so the
     * action that consumes the rows (the staging write) also counts them: no separate counting pass.
     */
    public DecodePartition(SensorType type, org.apache.spark.util.CollectionAccumulator<PartitionStats> stats) {
        this.type = type;
        this.stats = stats;
    }

    /** One task's outcome for one Kafka partition. Touched hours are "date/hour" of valid rows. */
    public static final class PartitionStats implements java.io.Serializable {
        public int partition = -1;
        public long records;
        public long valid;
        public long rejected;
        public long duplicates;
        public long maxEventTimeMs = Long.MIN_VALUE;
        public final Set<String> touchedHours = new HashSet<>();
    }

    /** Reading columns (nullable), Kafka coordinates, partition columns, kind and rejection columns. */
    public static StructType schema(SensorType type) {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : LakeSchema.readingColumns(type).fields()) {
            fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
        }
        fields.addAll(LakeSchema.kafkaFields());
        fields.add(DataTypes.createStructField(LakeSchema.EVENT_DATE, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(LakeSchema.EVENT_HOUR, DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField(KIND, DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("topic", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("reason", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("field", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("detail", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("raw_value", DataTypes.BinaryType, true));
        return DataTypes.createStructType(fields);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        ReadingSchema schema = ReadingSchema.of(type);
        int readingWidth = schema.fields().size() + schema.derived().size();
        int eventIdIndex = indexOf(schema, "event_id");
        String topic = Topics.readings(type).name();
        Set<String> seen = new HashSet<>(1 << 16);
        DayCache days = new DayCache();
        PartitionStats counted = new PartitionStats();
        return new Iterator<>() {
            private boolean reported;
            private Object lastDate;
            private int lastHour = -1;

            @Override
            public boolean hasNext() {
                boolean more = input.hasNext();
                if (!more && stats != null && !reported) {
                    reported = true;
                    stats.add(counted);
                }
                return more;
            }

            @Override
            public Row next() {
                Row record = input.next();
                int partition = record.getInt(0);
                long offset = record.getLong(1);
                Timestamp kafkaTime = record.getTimestamp(2);
                byte[] value = (byte[]) record.get(3);
                counted.partition = partition;
                counted.records++;
                Object[] out = new Object[readingWidth + 11];
                out[readingWidth] = partition;
                out[readingWidth + 1] = offset;
                out[readingWidth + 2] = kafkaTime;
                out[readingWidth + 6] = topic;
                DecodeResult result = io.citypulse.contract.wire.ReadingCodec.decode(value, type);
                if (result instanceof DecodeResult.Valid valid) {
                    SensorReading reading = valid.reading();
                    Object[] values = schema.rowValues(reading);
                    for (int i = 0; i < values.length; i++) {
                        out[i] = values[i] instanceof Instant instant ? Timestamp.from(instant) : values[i];
                    }
                    long ms = reading.eventTime().toEpochMilli();
                    out[readingWidth + 3] = days.of(ms);
                    out[readingWidth + 4] = (int) (Math.floorMod(ms, DAY_MS) / HOUR_MS);
                    boolean first = seen.add((String) values[eventIdIndex]);
                    out[readingWidth + 5] = first ? VALID : DUPLICATE;
                    if (first) {
                        counted.valid++;
                        counted.maxEventTimeMs = Math.max(counted.maxEventTimeMs, ms);
                        int hour = (Integer) out[readingWidth + 4];
                        if (out[readingWidth + 3] != lastDate || hour != lastHour) {
                            lastDate = out[readingWidth + 3];
                            lastHour = hour;
                            counted.touchedHours.add(lastDate + "/" + hour);
                        }
                    } else {
                        counted.duplicates++;
                    }
                } else {
                    Rejection rejection = ((DecodeResult.Rejected) result).rejection();
                    // No trustworthy event time: quarantine is partitioned by the Kafka timestamp.
                    long ms = kafkaTime.getTime();
                    out[readingWidth + 3] = days.of(ms);
                    out[readingWidth + 4] = (int) (Math.floorMod(ms, DAY_MS) / HOUR_MS);
                    out[readingWidth + 5] = REJECTED;
                    counted.rejected++;
                    out[readingWidth + 7] = rejection.reason().label();
                    out[readingWidth + 8] = rejection.field();
                    out[readingWidth + 9] = rejection.detail();
                    out[readingWidth + 10] = value;
                }
                return RowFactory.create(out);
            }
        };
    }

    private static int indexOf(ReadingSchema schema, String name) {
        for (int i = 0; i < schema.fields().size(); i++) {
            if (schema.fields().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("the contract schema has no " + name);
    }

    /** Formats epoch millis as a UTC date, reusing the string of the last day seen (readings come in time order). */
    private static final class DayCache {
        private long day = Long.MIN_VALUE;
        private String text;

        String of(long epochMillis) {
            long d = Math.floorDiv(epochMillis, DAY_MS);
            if (d != day) {
                day = d;
                text = LocalDate.ofEpochDay(d).toString();
            }
            return text;
        }
    }
}
