package io.citypulse.batch.ingest;

import static org.apache.spark.sql.functions.broadcast;

import io.citypulse.batch.cli.JobConfig;
import io.citypulse.batch.cli.JobRunner;
import io.citypulse.batch.lake.IngestRange;
import io.citypulse.batch.lake.LakeFile;
import io.citypulse.batch.lake.LakePaths;
import io.citypulse.batch.lake.LakeRecovery;
import io.citypulse.batch.lake.LakeStore;
import io.citypulse.batch.lake.Manifest;
import io.citypulse.batch.metrics.JobSummary;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topic;
import io.citypulse.contract.topic.Topics;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

    @Option(names = "--topics", split = ",", description = "Sensor types to ingest (default: every declared type)")
    List<String> types = SensorType.all().stream().map(SensorType::wireName).toList();

    /** Bounds a run after an outage: a task holds every event id of its range to drop repeats. */
    long maxRecordsPerPartition = 5_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--max-records-per-partition", paramLabel = "N", defaultValue = "5000000",
            description = "Take at most N records of each topic partition; a backlog beyond is the next run's "
                    + "(default ${DEFAULT-VALUE})")
    void maxRecordsPerPartition(long n) {
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--max-records-per-partition must be at least 1, got " + n);
        }
        maxRecordsPerPartition = n;
    }

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
    public static IngestJob withOptions(boolean dryRun, long maxRecordsPerPartition) {
        IngestJob job = new IngestJob();
        job.dryRun = dryRun;
        job.maxRecordsPerPartition = maxRecordsPerPartition;
        return job;
    }

    @Override
    public void run(SparkSession spark, JobConfig config, JobSummary summary) {
        List<SensorType> sensorTypes = parseTypes();
        LakeStore store = new LakeStore(new LakePaths(config.s3Bucket()), spark.sparkContext().hadoopConfiguration());
        try (Manifest manifest = Manifest.open(config)) {
            long start = System.nanoTime();
            manifest.lockLakeWriter(Manifest.LAKE_WRITER_WAIT);
            int aborted = LakeRecovery.recover(manifest, store);
            summary.put("runs_aborted", aborted);
            List<Topic<String, byte[]>> topics = sensorTypes.stream().map(Topics::readings).toList();
            OffsetPlan available = OffsetPlan.plan(config.kafkaBootstrap(), topics, manifest.committedOffsets());
            OffsetPlan plan = available.capped(maxRecordsPerPartition);
            long backlog = available.records() - plan.records();
            if (plan.isEmpty() || dryRun) {
                summary.note(plan.isEmpty() ? "nothing new to ingest" : "dry run: " + plan);
                return;
            }
            String runId = "ingest-" + RUN_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
            manifest.startRun(runId, "ingest");
            LOG.info("run {} takes {} (recovered and planned in {} ms)", runId, plan, (System.nanoTime() - start) / 1_000_000);
            try {
                ingest(spark, config, store, manifest, runId, sensorTypes, plan, summary);
                if (backlog > 0) {
                    summary.note("run " + runId + "; " + backlog + " records beyond --max-records-per-partition "
                            + maxRecordsPerPartition + " are left for the next run");
                }
            } catch (RuntimeException e) {
                abandon(store, manifest, runId, e);
                throw e;
            }
        }
    }

    /** Writes the planned ranges, checks them and commits them with the manifest. */
    private void ingest(SparkSession spark, JobConfig config, LakeStore store, Manifest manifest, String runId,
                        List<SensorType> sensorTypes, OffsetPlan plan, JobSummary summary) {
        RangeIngest.Settings settings = new RangeIngest.Settings(config.kafkaBootstrap(), store.paths(), runId,
                hadoopSettings(spark));
        List<OffsetPlan.PartitionRange> ranges = new ArrayList<>();
        sensorTypes.forEach(type -> ranges.addAll(plan.nonEmpty(Topics.readings(type).name())));
        long start = System.nanoTime();
        List<RangeIngest.Outcome> outcomes = new ArrayList<>(write(spark, ranges, settings, Set.of()));
        for (SensorType type : sensorTypes) {
            redoIfLakeHoldsDuplicates(spark, store, manifest, settings, type, outcomes);
        }
        List<LakeFile> files = outcomes.stream().flatMap(o -> o.files().stream()).toList();
        LOG.info("run {} wrote {} files from {} ranges in {} ms", runId, files.size(), ranges.size(),
                (System.nanoTime() - start) / 1_000_000);
        List<IngestRange> ingested = outcomes.stream().map(o -> toIngestRange(runId, o)).toList();
        long rows = ingested.stream().mapToLong(IngestRange::rowsWritten).sum();
        long quarantined = ingested.stream().mapToLong(IngestRange::rowsQuarantined).sum();
        check(rows, files, LakePaths.EVENTS);
        check(quarantined, files, LakePaths.QUARANTINE);
        Failpoint.reach("ingest.before-commit");
        start = System.nanoTime();
        manifest.commitIngest(runId, files, ingested);
        store.delete(store.paths().stagingKey(runId)); // the pending markers: the files are the manifest's now
        LOG.info("run {} committed in {} ms", runId, (System.nanoTime() - start) / 1_000_000);
        summary.put("rows", rows)
                .put("bytes", files.stream().mapToLong(LakeFile::bytes).sum())
                .put("files", files.size())
                .put("records_read", ingested.stream().mapToLong(IngestRange::records).sum())
                .put("rows_quarantined", quarantined)
                .put("duplicates_dropped", ingested.stream().mapToLong(IngestRange::duplicatesDropped).sum());
        summary.note("run " + runId);
    }

    /**
     * Writes every range as one Spark task (see {@link RangeIngest}) and returns their outcomes. Spark keeps only a
     * successful attempt's result, and a retried task overwrites the files of its failed attempt.
     */
    private static List<RangeIngest.Outcome> write(SparkSession spark, List<OffsetPlan.PartitionRange> ranges,
                                                   RangeIngest.Settings settings, Set<String> committedIds) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        // Longest first: tasks start in order, so the big ranges do not finish last on a lone core.
        List<OffsetPlan.PartitionRange> ordered = ranges.stream()
                .sorted(Comparator.comparingLong((OffsetPlan.PartitionRange r) -> r.to() - r.from()).reversed()).toList();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Set<String>> ids = jsc.broadcast(committedIds);
        try {
            return jsc.parallelize(ordered, ordered.size()).map(r -> RangeIngest.run(r, settings, ids.value())).collect();
        } finally {
            ids.destroy();
        }
    }

    /**
     * A reading re-sent after its original was committed is in the lake already. Such ids can only sit in the lake
     * hours this run touches, so those hours' committed ids are checked against what the type wrote; if any is
     * there, the type's files are deleted and its ranges written again with those ids dropped as duplicates. Rare,
     * so the common run reads Kafka once.
     */
    private static void redoIfLakeHoldsDuplicates(SparkSession spark, LakeStore store, Manifest manifest,
                                                  RangeIngest.Settings settings, SensorType type,
                                                  List<RangeIngest.Outcome> outcomes) {
        String topic = Topics.readings(type).name();
        List<RangeIngest.Outcome> ofType = outcomes.stream().filter(o -> o.range().topic().equals(topic)).toList();
        Set<Long> hours = new HashSet<>();
        ofType.forEach(o -> hours.addAll(o.counts().eventHours));
        String[] committed = committedEventFiles(store, manifest, type, hours);
        String[] written = ofType.stream().flatMap(o -> o.files().stream())
                .filter(f -> f.dataset().equals(LakePaths.EVENTS)).map(f -> store.paths().uri(f.key())).toArray(String[]::new);
        if (committed.length == 0 || written.length == 0) {
            return;
        }
        Dataset<Row> committedIds = spark.read().parquet(committed).select("event_id");
        if (spark.read().parquet(written).select("event_id").join(broadcast(committedIds), new String[] {"event_id"}, "left_semi")
                .isEmpty()) {
            return;
        }
        LOG.info("{}: events written repeat committed ones; writing the topic again without them", topic);
        Set<String> ids = new HashSet<>(committedIds.as(Encoders.STRING()).collectAsList());
        ofType.forEach(o -> o.files().forEach(f -> store.delete(f.key())));
        outcomes.removeAll(ofType);
        outcomes.addAll(write(spark, ofType.stream().map(RangeIngest.Outcome::range).toList(), settings, ids));
    }

    /** URIs of the committed event files of {@code type} in the given epoch hours. */
    private static String[] committedEventFiles(LakeStore store, Manifest manifest, SensorType type, Set<Long> hours) {
        Set<LocalDate> dates = new HashSet<>();
        hours.forEach(h -> dates.add(LakePaths.dateOfEpochHour(h)));
        if (dates.isEmpty()) {
            return new String[0];
        }
        return manifest.liveFiles(LakePaths.EVENTS, type.wireName(), dates).stream()
                .filter(f -> hours.contains(LakePaths.epochHour(f.date(), f.hour())))
                .map(f -> store.paths().uri(f.key())).toArray(String[]::new);
    }

    private static IngestRange toIngestRange(String runId, RangeIngest.Outcome outcome) {
        OffsetPlan.PartitionRange r = outcome.range();
        RecordRouter.Counts c = outcome.counts();
        return new IngestRange(runId, r.topic(), r.partition(), r.from(), r.to(), c.records, c.valid, c.rejected,
                c.duplicatesInRange + c.duplicatesOfLake, c.valid == 0 ? null : Instant.ofEpochMilli(c.maxEventTimeMs),
                c.valueBytes);
    }

    /** The driver's Hadoop settings (S3A endpoint, credentials, ...) for the tasks' Parquet writers. */
    private static Map<String, String> hadoopSettings(SparkSession spark) {
        Map<String, String> settings = new HashMap<>();
        spark.sparkContext().hadoopConfiguration().forEach(e -> settings.put(e.getKey(), e.getValue()));
        return settings;
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
            LakeRecovery.deleteObjectsOf(store, runId);
            manifest.finishRun(runId, "failed", String.valueOf(cause.getMessage()));
        } catch (RuntimeException cleanup) {
            cause.addSuppressed(cleanup); // the next run's recovery finishes the cleanup
        }
    }

    private List<SensorType> parseTypes() {
        List<SensorType> result = new ArrayList<>();
        for (String name : types) {
            result.add(SensorType.fromWireName(name.trim()).orElseThrow(() -> new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--topics: '" + name + "' is not a declared sensor type ("
                    + SensorType.names() + ")")));
        }
        return result;
    }
}
