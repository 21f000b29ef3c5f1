package io.citypulse.batch.views;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import io.citypulse.batch.cli.JobConfig;
import io.citypulse.batch.cli.JobRunner;
import io.citypulse.batch.cli.LatenessOption;
import io.citypulse.batch.lake.LakeFile;
import io.citypulse.batch.lake.LakePaths;
import io.citypulse.batch.lake.Manifest;
import io.citypulse.batch.metrics.JobSummary;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.ReadingSchema;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Batch views: recomputes hourly and daily count/min/max/sum per sensor and per zone (long format, one row per
 * measure) from the lake files in the manifest, replaces them per covered day in one transaction, and advances
 * the batch horizon. See batch-jobs/README.md for the horizon's definition.
 */
@Command(name = "batch-views", mixinStandardHelpOptions = true, description = "Recompute the batch views from the lake.")
public final class BatchViewsJob implements JobRunner.SparkJob {

    private static final Logger LOG = LoggerFactory.getLogger(BatchViewsJob.class);

    @Option(names = "--master", description = "Spark master, e.g. local[2]; default: set by spark-submit")
    String master;

    @Option(names = "--dry-run", description = "Compute and print the figures; write nothing")
    boolean dryRun;

    @Option(names = "--date", description = "Recompute only this UTC day (YYYY-MM-DD)")
    LocalDate date;

    @Option(names = "--from", description = "First UTC day to recompute (YYYY-MM-DD)")
    LocalDate from;

    @Option(names = "--to", description = "Last UTC day to recompute, inclusive (YYYY-MM-DD)")
    LocalDate to;

    @Option(names = "--allowed-lateness-minutes", description = "Margin below the ingest watermark before an hour "
            + "counts as complete (default ${DEFAULT-VALUE})")
    int allowedLatenessMinutes = 10;

    @Mixin
    LatenessOption lateness = new LatenessOption();

    public static void main(String[] args) {
        System.exit(JobRunner.main(new BatchViewsJob(), args));
    }

    @Override
    public String name() {
        return "batch-views";
    }

    @Override
    public String master() {
        return master;
    }

    @Override
    public void run(SparkSession spark, JobConfig config, JobSummary summary) {
        if ((from == null) != (to == null) || (from != null && date != null) || (from != null && to.isBefore(from))) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--from and --to go together (from <= to) and exclude --date");
        }
        LakePaths paths = new LakePaths(config.s3Bucket());
        try (Manifest manifest = Manifest.open(config)) {
            TreeSet<LocalDate> days = coveredDays(manifest);
            if (days.isEmpty()) {
                summary.note("nothing new to aggregate");
                return;
            }
            ViewRows rows = new ViewRows();
            long lakeRows = 0;
            long late = 0;
            for (SensorType type : SensorType.all()) {
                String[] uris = manifest.liveFiles(LakePaths.EVENTS, type.wireName(), days).stream()
                        .map(LakeFile::key).map(paths::uri).toArray(String[]::new);
                if (uris.length == 0) {
                    continue;
                }
                Dataset<Row> events = spark.read().parquet(uris);
                Dataset<Row> measures = transform(events, type).cache();
                try {
                    rows.collect(measures);
                } finally {
                    measures.unpersist();
                }
                Row counts = events.agg(count(lit(1)), sum(expr("CASE WHEN unix_millis(kafka_timestamp) - "
                        + "unix_millis(event_time_ms) > " + lateness.threshold().toMillis() + " THEN 1 ELSE 0 END"))).first();
                lakeRows += counts.getLong(0);
                late += counts.isNullAt(1) ? 0 : counts.getLong(1);
            }
            Instant horizon = defaultMode() ? horizon(manifest) : null;
            summary.put("rows", rows.size()).put("lake_rows", lakeRows).put("late_rows", late).put("days", days.size());
            if (horizon != null) {
                summary.put("horizon_epoch_seconds", horizon.getEpochSecond());
            }
            if (dryRun) {
                summary.note("dry run over " + days);
                return;
            }
            ViewWriter.replace(manifest, days, rows, horizon, "batch-views-" + Instant.now().getEpochSecond());
            summary.note("days " + days.first() + ".." + days.last() + (horizon == null ? "" : ", horizon " + horizon));
        }
    }

    private boolean defaultMode() {
        return date == null && from == null;
    }

    /** The --date / --from..--to days, else every day with files committed since the previous views run. */
    private TreeSet<LocalDate> coveredDays(Manifest manifest) {
        TreeSet<LocalDate> days = new TreeSet<>();
        if (date != null) {
            days.add(date);
        } else if (from != null) {
            from.datesUntil(to.plusDays(1)).forEach(days::add);
        } else {
            // A margin against ingest transactions that started before the previous views run but committed after it.
            manifest.query("SELECT DISTINCT event_date FROM lake_file WHERE dataset = 'events' AND removed_at IS NULL "
                    + "AND created_at > COALESCE((SELECT updated_at FROM batch_horizon WHERE id = 1) - interval '1 hour', "
                    + "'-infinity'::timestamptz)", rs -> days.add(rs.getDate(1).toLocalDate()));
        }
        return days;
    }

    /**
     * The batch horizon: for every reading topic partition ever ingested, its watermark is the latest event time
     * committed from it; the horizon is the minimum watermark minus the allowed lateness, floored to the hour.
     * Every reading before it that Kafka had delivered within the lateness is in the lake and so in the views.
     */
    private Instant horizon(Manifest manifest) {
        Instant[] min = {null};
        manifest.query("SELECT min(watermark) FROM (SELECT max(r.max_event_time) AS watermark FROM ingest_range r "
                + "JOIN ingest_run u ON u.run_id = r.run_id WHERE u.status = 'committed' AND r.max_event_time IS NOT NULL "
                + "GROUP BY r.topic, r.partition) w", rs -> {
                    if (rs.getTimestamp(1) != null) {
                        min[0] = rs.getTimestamp(1).toInstant();
                    }
                });
        return min[0] == null ? null
                : min[0].minus(Duration.ofMinutes(allowedLatenessMinutes)).truncatedTo(ChronoUnit.HOURS);
    }

    /**
     * Long format: one row per reading and measure with sensor_id, sensor_type, zone_id, hour_start, day,
     * measure, value (pure). Measures absent in older schema versions (null) are skipped.
     */
    public static Dataset<Row> transform(Dataset<Row> events, SensorType type) {
        List<FieldSpec> measures = ReadingSchema.of(type).measures();
        String stack = measures.stream().map(m -> "'" + m.name() + "', CAST(" + m.name() + " AS DOUBLE)")
                .collect(Collectors.joining(", ", "stack(" + measures.size() + ", ", ") AS (measure, value)"));
        return events.select(col("sensor_id"), lit(type.wireName()).as("sensor_type"), col("zone").as("zone_id"),
                        expr("date_trunc('HOUR', event_time_ms)").as("hour_start"),
                        expr("to_date(event_time_ms)").as("day"), expr(stack))
                .filter(col("value").isNotNull());
    }

    /** Per sensor or zone and hour or day: count, min, max, sum (and distinct sensors for zones). */
    static Dataset<Row> aggregate(Dataset<Row> measures, boolean zone, String bucket) {
        List<String> keys = new ArrayList<>(zone ? List.of("zone_id", "sensor_type") : List.of("sensor_id", "sensor_type", "zone_id"));
        keys.add(bucket);
        keys.add("measure");
        var grouped = measures.groupBy(keys.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new));
        return zone
                ? grouped.agg(countDistinct("sensor_id").as("sensors"), count(lit(1)).as("count"), min("value").as("min"),
                        max("value").as("max"), sum("value").as("sum"))
                : grouped.agg(count(lit(1)).as("count"), min("value").as("min"), max("value").as("max"), sum("value").as("sum"));
    }
}
