package io.citypulse.batch.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.citypulse.batch.cli.JobConfig;
import io.citypulse.batch.cli.JobRunner;
import io.citypulse.batch.lake.IngestRange;
import io.citypulse.batch.lake.LakeFile;
import io.citypulse.batch.lake.LakePaths;
import io.citypulse.batch.lake.LakeRecovery;
import io.citypulse.batch.lake.LakeSchema;
import io.citypulse.batch.lake.LakeStore;
import io.citypulse.batch.lake.Manifest;
import io.citypulse.batch.lake.Publisher;
import io.citypulse.batch.metrics.JobSummary;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topic;
import io.citypulse.contract.topic.Topics;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Batch ingest: Kafka reading topics → Parquet lake on S3, from the manifest's committed offsets to the current
 * end offsets, committed atomically with the manifest (see batch-jobs/README.md, "Commit protocol").
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingest new Kafka records of every reading topic into the Parquet lake.")
public final class IngestJob implements JobRunner.SparkJob {

    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Option(names = "--master", description = "Spark master, e.g. local[2]; default: set by spark-submit")
    String master;

    @Option(names = "--dry-run", description = "Plan the offset ranges and print them; write nothing")
    boolean dryRun;

    @Option(names = "--topics", split = ",", description = "Sensor types to ingest (default: traffic,weather,energy)")
    List<String> types = List.of("traffic", "weather", "energy");

    public static void main(String[] args) {
        System.exit(JobRunner.main(new IngestJob(), args));
    }

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public String master() {
        return master;
    }

    /** Options for tests and the bench, which run the job in-process. */
    public static IngestJob withOptions(boolean dryRun) {
        IngestJob job = new IngestJob();
        job.dryRun = dryRun;
        return job;
    }

    @Override
    public void run(SparkSession spark, JobConfig config, JobSummary summary) {
        List<SensorType> sensorTypes = parseTypes();
        LakeStore store = new LakeStore(new LakePaths(config.s3Bucket()), spark.sparkContext().hadoopConfiguration());
        try (Manifest manifest = Manifest.open(config)) {
            manifest.lockLakeWriter();
            int aborted = LakeRecovery.recover(manifest, store);
            summary.put("runs_aborted", aborted);
            List<Topic<String, byte[]>> topics = sensorTypes.stream().map(Topics::readings).toList();
            OffsetPlan plan = OffsetPlan.plan(config.kafkaBootstrap(), topics, manifest.committedOffsets());
            if (plan.isEmpty() || dryRun) {
                summary.note(plan.isEmpty() ? "nothing new to ingest" : "dry run: " + plan);
                return;
            }
            String runId = "ingest-" + RUN_TIME.format(java.time.Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
            manifest.startRun(runId, "ingest");
            LOG.info("run {} takes {}", runId, plan);
            try {
                commit(spark, config, store, manifest, runId, sensorTypes, plan, summary);
            } catch (RuntimeException e) {
                abandon(store, manifest, runId, e);
                throw e;
            }
        }
    }

    private void commit(SparkSession spark, JobConfig config, LakeStore store, Manifest manifest, String runId,
                        List<SensorType> sensorTypes, OffsetPlan plan, JobSummary summary) {
        List<IngestRange> ranges = new ArrayList<>();
        // One Spark job per topic, submitted together: a topic's last, uneven partitions leave a core idle that
        // another topic's tasks fill. Every job finishes (or fails) before the run goes on or cleans up.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, sensorTypes.size()), r -> {
                    Thread t = new Thread(r, "ingest-topic");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<List<IngestRange>>> futures = new ArrayList<>();
            for (SensorType type : sensorTypes) {
                List<OffsetPlan.PartitionRange> topicRanges = plan.nonEmpty(Topics.readings(type).name());
                if (!topicRanges.isEmpty()) {
                    futures.add(pool.submit(() -> ingestTopic(spark, config, store, manifest, runId, type, topicRanges)));
                }
            }
            RuntimeException failure = null;
            for (java.util.concurrent.Future<List<IngestRange>> future : futures) {
                try {
                    ranges.addAll(future.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException(e.getCause().getMessage(), e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while ingesting", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
        List<LakeFile> files = Publisher.publish(store, runId);
        LOG.info("run {} published {} files", runId, files.size());
        long rows = ranges.stream().mapToLong(IngestRange::rowsWritten).sum();
        long quarantined = ranges.stream().mapToLong(IngestRange::rowsQuarantined).sum();
        check(rows, files, LakePaths.EVENTS);
        check(quarantined, files, LakePaths.QUARANTINE);
        Failpoint.reach("ingest.before-commit");
        manifest.commitIngest(runId, files, ranges);
        store.delete(store.paths().stagingKey(runId));
        summary.put("rows", rows)
                .put("bytes", files.stream().mapToLong(LakeFile::bytes).sum())
                .put("files", files.size())
                .put("records_read", ranges.stream().mapToLong(IngestRange::records).sum())
                .put("rows_quarantined", quarantined)
                .put("duplicates_dropped", ranges.stream().mapToLong(IngestRange::duplicatesDropped).sum());
        summary.note("run " + runId);
    }

    /** The footers must hold exactly the rows we counted; anything else is a bug or a foreign writer. */
    private static void check(long expected, List<LakeFile> files, String dataset) {
        long actual = files.stream().filter(f -> f.dataset().equals(dataset)).mapToLong(LakeFile::rows).sum();
        if (actual != expected) {
            throw new IllegalStateException(dataset + " files hold " + actual + " rows, the run counted " + expected);
        }
    }

    private static void abandon(LakeStore store, Manifest manifest, String runId, RuntimeException cause) {
        try {
            store.readLines(store.paths().planKey(runId)).forEach(store::delete);
            store.delete(store.paths().stagingKey(runId));
            manifest.finishRun(runId, "failed", String.valueOf(cause.getMessage()));
        } catch (RuntimeException cleanup) {
            cause.addSuppressed(cleanup); // the next run's recovery finishes the cleanup
        }
    }

    /**
     * Reads, decodes, deduplicates and stages one topic in one pass; returns its ranges with their outcome.
     *
     * <p>Decoding feeds the staging write directly and counts every partition on the way (an accumulator each task
     * adds to once, when its records are exhausted). Event ids already committed to the lake are looked up afterwards,
     * only in the hours the run touched, against the staged files; if any is found (a reading re-sent across runs),
     * the staged events are dropped and the topic is redone by {@link #ingestTopicTwoPass}, which filters them out.
     * Rejected records, if the count says there are any, are written to quarantine by a second read.
     */
    private List<IngestRange> ingestTopic(SparkSession spark, JobConfig config, LakeStore store, Manifest manifest,
                                          String runId, SensorType type, List<OffsetPlan.PartitionRange> ranges) {
        String topic = Topics.readings(type).name();
        CollectionAccumulator<DecodePartition.PartitionStats> accumulator =
                spark.sparkContext().collectionAccumulator(topic + ".decode-stats");
        Dataset<Row> decoded = read(spark, config.kafkaBootstrap(), topic, ranges)
                .mapPartitions(new DecodePartition(type, accumulator), Encoders.row(DecodePartition.schema(type)));
        String staging = store.paths().stagingDatasetKey(runId, LakePaths.EVENTS, type.wireName());
        writeEvents(decoded.filter(col(DecodePartition.KIND).equalTo(DecodePartition.VALID)), type, store.paths().uri(staging));
        Map<Integer, DecodePartition.PartitionStats> stats = new HashMap<>();
        boolean exact = true;
        for (DecodePartition.PartitionStats s : accumulator.value()) {
            if (s.partition >= 0 && stats.put(s.partition, s) != null) {
                exact = false; // a partition counted twice (a retried task): do not trust the counts
            }
        }
        long records = stats.values().stream().mapToLong(s -> s.records).sum();
        if (!exact) {
            LOG.warn("{}: a partition was counted twice; redoing the topic in two passes", topic);
            store.delete(staging);
            return ingestTopicTwoPass(spark, config, store, manifest, runId, type, ranges);
        }
        LOG.info("{}: events staged in one pass, {} records", topic, records);
        Set<String> touched = new HashSet<>();
        stats.values().forEach(s -> touched.addAll(s.touchedHours));
        Dataset<Row> existingIds = committedEventIds(spark, store, manifest, type, touched);
        if (existingIds != null && !spark.read().parquet(store.paths().uri(staging)).select("event_id")
                .join(broadcast(existingIds), new String[] {"event_id"}, "left_semi").isEmpty()) {
            LOG.info("{}: staged events repeat committed ones; redoing the topic in two passes", topic);
            store.delete(staging);
            return ingestTopicTwoPass(spark, config, store, manifest, runId, type, ranges);
        }
        long rejected = stats.values().stream().mapToLong(s -> s.rejected).sum();
        if (rejected > 0) {
            String quarantine = store.paths().stagingDatasetKey(runId, LakePaths.QUARANTINE, type.wireName());
            writeQuarantine(transform(read(spark, config.kafkaBootstrap(), topic, ranges), type)
                    .filter(col(DecodePartition.KIND).equalTo(DecodePartition.REJECTED)), store.paths().uri(quarantine));
        }
        List<IngestRange> result = new ArrayList<>();
        for (OffsetPlan.PartitionRange r : ranges) {
            DecodePartition.PartitionStats s = stats.get(r.partition());
            result.add(new IngestRange(runId, topic, r.partition(), r.from(), r.to(), s == null ? 0 : s.records,
                    s == null ? 0 : s.valid, s == null ? 0 : s.rejected, s == null ? 0 : s.duplicates,
                    s == null || s.valid == 0 ? null : java.time.Instant.ofEpochMilli(s.maxEventTimeMs)));
        }
        return result;
    }

    /** Reads, decodes, deduplicates (also against the lake) and stages one topic; returns its ranges with their outcome. */
    private List<IngestRange> ingestTopicTwoPass(SparkSession spark, JobConfig config, LakeStore store, Manifest manifest,
                                          String runId, SensorType type, List<OffsetPlan.PartitionRange> ranges) {
        String topic = Topics.readings(type).name();
        Dataset<Row> decoded = transform(read(spark, config.kafkaBootstrap(), topic, ranges), type)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<Integer, Row> stats = partitionStats(decoded);
            LOG.info("{}: decoded {} partitions", topic, stats.size());
            Dataset<Row> valid = decoded.filter(col(DecodePartition.KIND).equalTo(DecodePartition.VALID));
            Map<Integer, Long> lakeDuplicates = new HashMap<>();
            Set<String> touchedHours = new HashSet<>();
            valid.select(LakeSchema.EVENT_DATE, LakeSchema.EVENT_HOUR).distinct().collectAsList()
                    .forEach(r -> touchedHours.add(r.getString(0) + "/" + r.getInt(1)));
            Dataset<Row> existingIds = committedEventIds(spark, store, manifest, type, touchedHours);
            if (existingIds != null) {
                valid.join(broadcast(existingIds), new String[] {"event_id"}, "left_semi")
                        .groupBy(LakeSchema.KAFKA_PARTITION).count().collectAsList()
                        .forEach(r -> lakeDuplicates.put(r.getInt(0), r.getLong(1)));
                valid = valid.join(broadcast(existingIds), new String[] {"event_id"}, "left_anti");
            }
            String staging = store.paths().stagingDatasetKey(runId, LakePaths.EVENTS, type.wireName());
            writeEvents(valid, type, store.paths().uri(staging));
            LOG.info("{}: events staged", topic);
            long rejected = stats.values().stream().mapToLong(r -> r.getLong(2)).sum();
            if (rejected > 0) {
                String quarantine = store.paths().stagingDatasetKey(runId, LakePaths.QUARANTINE, type.wireName());
                writeQuarantine(decoded.filter(col(DecodePartition.KIND).equalTo(DecodePartition.REJECTED)),
                        store.paths().uri(quarantine));
            }
            List<IngestRange> result = new ArrayList<>();
            for (OffsetPlan.PartitionRange r : ranges) {
                Row s = stats.get(r.partition());
                long records = s == null ? 0 : s.getLong(0);
                long validRows = s == null ? 0 : s.getLong(1);
                long quarantined = s == null ? 0 : s.getLong(2);
                long inRunDuplicates = s == null ? 0 : s.getLong(3);
                long againstLake = lakeDuplicates.getOrDefault(r.partition(), 0L);
                Timestamp maxEvent = s == null ? null : s.getTimestamp(4);
                result.add(new IngestRange(runId, topic, r.partition(), r.from(), r.to(), records, validRows - againstLake,
                        quarantined, inRunDuplicates + againstLake, maxEvent == null ? null : maxEvent.toInstant()));
            }
            return result;
        } finally {
            decoded.unpersist();
        }
    }

    /** The Kafka records of the given ranges: partition, offset, timestamp, value. One Spark partition per Kafka partition. */
    public static Dataset<Row> read(SparkSession spark, String bootstrap, String topic, List<OffsetPlan.PartitionRange> ranges) {
        return spark.read().format("kafka")
                .option("kafka.bootstrap.servers", bootstrap)
                .option("assign", OffsetPlan.assignJson(topic, ranges))
                .option("startingOffsets", OffsetPlan.offsetsJson(topic, ranges, true))
                .option("endingOffsets", OffsetPlan.offsetsJson(topic, ranges, false))
                // Offsets that vanish between planning and reading must fail the run, never be skipped.
                .option("failOnDataLoss", "true")
                // Spark seeks before every poll, which drops whatever the fetch held beyond max.poll.records: with
                // the default 500 records per poll most fetched bytes are thrown away. Take whole fetches per poll.
                .option("kafka.max.poll.records", "100000")
                .option("kafka.max.partition.fetch.bytes", String.valueOf(32 * 1024 * 1024))
                .option("kafka.fetch.max.bytes", String.valueOf(64 * 1024 * 1024))
                .load()
                .select("partition", "offset", "timestamp", "value");
    }

    /** Decodes every record with the contract codec and labels it valid, rejected or duplicate (pure). */
    public static Dataset<Row> transform(Dataset<Row> records, SensorType type) {
        return records.mapPartitions(new DecodePartition(type), Encoders.row(DecodePartition.schema(type)));
    }

    /** Per Kafka partition: records, valid, rejected, duplicates, max event time of valid rows. */
    private static Map<Integer, Row> partitionStats(Dataset<Row> decoded) {
        Column kind = col(DecodePartition.KIND);
        Map<Integer, Row> stats = new HashMap<>();
        decoded.groupBy(LakeSchema.KAFKA_PARTITION)
                .agg(count(lit(1)).as("records"),
                        sum(when(kind.equalTo(DecodePartition.VALID), 1L).otherwise(0L)).as("valid"),
                        sum(when(kind.equalTo(DecodePartition.REJECTED), 1L).otherwise(0L)).as("rejected"),
                        sum(when(kind.equalTo(DecodePartition.DUPLICATE), 1L).otherwise(0L)).as("duplicates"),
                        max(when(kind.equalTo(DecodePartition.VALID), col("event_time_ms"))).as("max_event_time"))
                .collectAsList()
                .forEach(r -> stats.put(r.getInt(0), org.apache.spark.sql.RowFactory.create(
                        r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.get(5))));
        return stats;
    }

    /** Event ids already in the lake's committed files of the hours this run touches, or null if none. */
    private static Dataset<Row> committedEventIds(SparkSession spark, LakeStore store, Manifest manifest, SensorType type,
                                                  Set<String> touched) {
        Set<LocalDate> dates = new HashSet<>();
        touched.forEach(h -> dates.add(LocalDate.parse(h.substring(0, h.indexOf('/')))));
        if (dates.isEmpty()) {
            return null;
        }
        List<LakeFile> live;
        synchronized (manifest) { // topics run concurrently; the manifest is one JDBC connection
            live = manifest.liveFiles(LakePaths.EVENTS, type.wireName(), dates);
        }
        String[] uris = live.stream()
                .filter(f -> touched.contains(f.date() + "/" + f.hour()))
                .map(f -> store.paths().uri(f.key())).toArray(String[]::new);
        return uris.length == 0 ? null : spark.read().parquet(uris).select("event_id");
    }

    /** Sorted by sensor and time inside each hour so dictionary, RLE and delta encodings find runs. */
    private static void writeEvents(Dataset<Row> valid, SensorType type, String uri) {
        List<Column> columns = new ArrayList<>();
        LakeSchema.eventColumns(type).forEach(name -> columns.add(col(name)));
        columns.add(col(LakeSchema.EVENT_DATE));
        columns.add(col(LakeSchema.EVENT_HOUR));
        valid.select(columns.toArray(Column[]::new))
                .sortWithinPartitions(LakeSchema.EVENT_DATE, LakeSchema.EVENT_HOUR, "sensor_id", "event_time_ms")
                .write().mode(SaveMode.ErrorIfExists)
                .partitionBy(LakeSchema.EVENT_DATE, LakeSchema.EVENT_HOUR)
                .parquet(uri);
    }

    private static void writeQuarantine(Dataset<Row> rejected, String uri) {
        List<Column> columns = new ArrayList<>();
        LakeSchema.QUARANTINE_COLUMNS.forEach(name -> columns.add(col(name)));
        columns.add(col(LakeSchema.EVENT_DATE));
        columns.add(col(LakeSchema.EVENT_HOUR));
        rejected.select(columns.toArray(Column[]::new))
                .sortWithinPartitions(LakeSchema.EVENT_DATE, LakeSchema.EVENT_HOUR, LakeSchema.KAFKA_PARTITION, LakeSchema.KAFKA_OFFSET)
                .write().mode(SaveMode.ErrorIfExists)
                .partitionBy(LakeSchema.EVENT_DATE, LakeSchema.EVENT_HOUR)
                .parquet(uri);
    }

    private List<SensorType> parseTypes() {
        List<SensorType> result = new ArrayList<>();
        for (String name : types) {
            result.add(SensorType.fromWireName(name.trim()).orElseThrow(() -> new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--topics: '" + name + "' is not traffic, weather or energy")));
        }
        return result;
    }
}
