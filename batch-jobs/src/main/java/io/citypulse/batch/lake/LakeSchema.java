package io.citypulse.batch.lake;

import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.ReadingSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of the lake datasets. Event rows are the contract's lake schema ({@link ReadingSchema#sparkDdl()})
 * plus the Kafka coordinates of the record, which reconcile uses to account for every offset and batch
 * views use to count late arrivals. Files are partitioned by event_date / event_hour (UTC).
 */
public final class LakeSchema {

    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
    public static final String EVENT_DATE = "event_date";
    public static final String EVENT_HOUR = "event_hour";

    /** Columns of a quarantined record, besides the partition columns. */
    public static final List<String> QUARANTINE_COLUMNS = List.of(
            "topic", KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP, "reason", "field", "detail", "raw_value");

    private LakeSchema() {
    }

    /** The contract's columns for one sensor type, in order. */
    public static StructType readingColumns(SensorType type) {
        return StructType.fromDDL(ReadingSchema.of(type).sparkDdl());
    }

    /** Data columns of an event file (partition columns excluded). */
    public static List<String> eventColumns(SensorType type) {
        List<String> names = new ArrayList<>(List.of(readingColumns(type).fieldNames()));
        names.addAll(List.of(KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP));
        return names;
    }

    /** Kafka coordinates appended to the reading columns. */
    public static List<StructField> kafkaFields() {
        return List.of(
                DataTypes.createStructField(KAFKA_PARTITION, DataTypes.IntegerType, true),
                DataTypes.createStructField(KAFKA_OFFSET, DataTypes.LongType, true),
                DataTypes.createStructField(KAFKA_TIMESTAMP, DataTypes.TimestampType, true));
    }
}
