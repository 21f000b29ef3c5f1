package io.citypulse.batch.reconcile;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.citypulse.batch.lake.IngestRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Counts rows per ingested range by their Kafka coordinates (partition, offset). */
final class RangeCounts {

    private static final StructType RANGES = new StructType()
            .add("r_run", DataTypes.StringType).add("r_partition", DataTypes.IntegerType)
            .add("r_from", DataTypes.LongType).add("r_to", DataTypes.LongType);

    private RangeCounts() {
    }

    /** Key of a range in the maps returned here. */
    static String key(IngestRange r) {
        return r.runId() + "/" + r.topic() + "/" + r.partition();
    }

    /**
     * Rows of {@code rows} (columns partitionColumn, offsetColumn) that fall into each of {@code ranges}, which all
     * belong to {@code topic}.
     */
    static Map<String, Long> count(SparkSession spark, Dataset<Row> rows, String partitionColumn, String offsetColumn,
                                   String topic, List<IngestRange> ranges) {
        List<Row> values = ranges.stream()
                .map(r -> RowFactory.create(r.runId(), r.partition(), r.fromOffset(), r.toOffset())).toList();
        Dataset<Row> table = spark.createDataFrame(values, RANGES);
        Map<String, Long> counts = new HashMap<>();
        rows.join(broadcast(table), col(partitionColumn).equalTo(col("r_partition"))
                        .and(col(offsetColumn).geq(col("r_from"))).and(col(offsetColumn).lt(col("r_to"))))
                .groupBy("r_run", "r_partition").count().collectAsList()
                .forEach(r -> counts.put(r.getString(0) + "/" + topic + "/" + r.getInt(1), r.getLong(2)));
        return counts;
    }
}
