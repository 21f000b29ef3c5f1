package io.citypulse.batch.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.timestamp_millis;

import io.citypulse.batch.cli.JobConfig;
import io.citypulse.batch.cli.SparkSessions;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.FieldType;
import io.citypulse.contract.schema.ReadingSchema;
import io.citypulse.contract.topic.Topic;
import io.citypulse.contract.topic.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The anchor as ../shared/FACTS.md measured it (77k-85k rows/s), run by {@link BatchBench} in a JVM of its
 * own (cold, like the ingest under spark-submit): a plain Spark job that reads every reading topic with the Kafka
 * source, parses the values with {@code from_json} and writes them as zstd Parquet to the lake, with the jobs'
 * session settings. No validation, quarantine, dedup, partitioning or manifest: it does less than the ingest. Prints
 * {@code ANCHOR rows=N seconds=S}.
 */
public final class FromJsonAnchor {

    private FromJsonAnchor() {
    }

    public static void main(String[] args) {
        JobConfig config = JobConfig.fromEnvironment();
        SparkSession spark = SparkSessions.create("citypulse-anchor", "local[2]", config);
        String output = "s3a://" + config.s3Bucket() + "/bench-anchor";
        try {
            long t0 = System.nanoTime();
            parseAndWrite(spark, config, output);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long rows = spark.read().parquet(output).count(); // from the footers, after the clock
            System.out.printf(Locale.ROOT, "ANCHOR rows=%d seconds=%.3f%n", rows, seconds);
        } finally {
            spark.stop();
        }
    }

    /** One job over every reading topic; the JSON schema is the union of the sensor types' fields. */
    private static void parseAndWrite(SparkSession spark, JobConfig config, String output) {
        StructType wire = new StructType();
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SensorType type : SensorType.all()) {
            for (FieldSpec field : ReadingSchema.of(type).fields()) {
                if (seen.add(field.name())) {
                    boolean time = field.type() == FieldType.TIMESTAMP_MILLIS;
                    wire = wire.add(field.name(), time ? "BIGINT" : field.type().sparkType());
                    Column value = col("r." + field.name());
                    columns.add(time ? timestamp_millis(value).as(field.name()) : value);
                }
            }
        }
        spark.read().format("kafka")
                .option("kafka.bootstrap.servers", config.kafkaBootstrap())
                .option("subscribe", Topics.readingTopics().stream().map(Topic::name).collect(Collectors.joining(",")))
                .option("startingOffsets", "earliest")
                .load()
                .select(from_json(col("value").cast("string"), wire).as("r"))
                .select(columns.toArray(Column[]::new))
                .write().mode("overwrite").parquet(output);
    }
}
