package io.citypulse.batch.reconcile;

import io.citypulse.batch.cli.JobConfig;
import io.citypulse.batch.cli.JobRunner;
import io.citypulse.batch.ingest.OffsetPlan;
import io.citypulse.batch.lake.IngestRange;
import io.citypulse.batch.lake.LakeFile;
import io.citypulse.batch.lake.LakePaths;
import io.citypulse.batch.lake.LakeSchema;
import io.citypulse.batch.lake.LakeStore;
import io.citypulse.batch.lake.Manifest;
import io.citypulse.batch.metrics.JobSummary;
import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Reconciliation: proves nothing was lost. Per ingested range, the records Kafka holds (counted again) equal
 * lake rows + quarantined rows + duplicates dropped, the manifest agrees with the files' real row counts, and
 * per-sensor sequence numbers have no gap the generator did not inject. Exit 1 with a report otherwise.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true, description = "Check that the lake accounts for every Kafka record.")
public final class ReconcileJob implements JobRunner.SparkJob {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileJob.class);

    @Option(names = "--master", description = "Spark master, e.g. local[2]; default: set by spark-submit")
    String master;

    @Option(names = "--dry-run", description = "Accepted for symmetry: reconcile never writes")
    boolean dryRun;

    @Option(names = "--window-hours", description = "Check ranges of runs committed in the last N hours and the event "
            + "files of those days; 0 checks everything (needs every range still in Kafka) (default ${DEFAULT-VALUE})")
    int windowHours = 48;

    @Option(names = "--skip-sequence-check", description = "Only account for offsets; do not look for sequence gaps")
    boolean skipSequenceCheck;

    private final List<String> problems = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(JobRunner.main(new ReconcileJob(), args));
    }

    @Override
    public String name() {
        return "reconcile";
    }

    @Override
    public String master() {
        return master;
    }

    /** What the last run found wrong; empty when it passed. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public void run(SparkSession spark, JobConfig config, JobSummary summary) {
        problems.clear();
        LakeStore store = new LakeStore(new LakePaths(config.s3Bucket()), spark.sparkContext().hadoopConfiguration());
        try (Manifest manifest = Manifest.open(config)) {
            List<IngestRange> ranges = manifest.committedRanges(windowHours);
            java.time.LocalDate firstDay = windowHours <= 0 ? java.time.LocalDate.MIN
                    : java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(windowHours / 24 + 1);
            Map<SensorType, List<String>> eventFiles = new HashMap<>();
            List<String> quarantineFiles = new ArrayList<>();
            List<LakeFile> liveEvents = manifest.liveFiles(LakePaths.EVENTS);
            Map<SensorType, List<LakeFile>> eventDays = new HashMap<>();
            liveEvents.stream().filter(f -> store.exists(f.key())).forEach(f -> eventDays.computeIfAbsent(
                    SensorType.fromWireName(f.sensorType()).orElseThrow(), t -> new ArrayList<>()).add(f));
            long rows = checkFiles(store, liveEvents, eventFiles, null);
            rows += checkFiles(store, manifest.liveFiles(LakePaths.QUARANTINE), null, quarantineFiles);
            Dataset<Row> quarantine = quarantineFiles.isEmpty() ? null
                    : spark.read().parquet(quarantineFiles.toArray(String[]::new));
            for (SensorType type : SensorType.values()) {
                String topic = Topics.readings(type).name();
                List<IngestRange> topicRanges = ranges.stream().filter(r -> r.topic().equals(topic)).toList();
                if (topicRanges.isEmpty()) {
                    continue;
                }
                List<String> files = eventFiles.getOrDefault(type, List.of());
                List<String> recent = eventDays.getOrDefault(type, List.of()).stream()
                        .filter(f -> !f.date().isBefore(firstDay)).map(f -> store.paths().uri(f.key())).toList();
                Dataset<Row> events = files.isEmpty() ? null : spark.read().parquet(files.toArray(String[]::new));
                checkRanges(spark, config, topic, topicRanges, events,
                        quarantine == null ? null : quarantine.filter(quarantine.col("topic").equalTo(topic)));
                if (!skipSequenceCheck && !recent.isEmpty()) {
                    checkSequences(config, spark.read().parquet(recent.toArray(String[]::new)));
                }
            }
            summary.put("rows", rows).put("files", eventFiles.values().stream().mapToInt(List::size).sum() + quarantineFiles.size())
                    .put("ranges", ranges.size()).put("problems", problems.size());
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> LOG.error("reconcile: {}", p));
            problems.forEach(p -> System.out.println("RECONCILE FAIL " + p));
            summary.fail(problems.size() + " problem(s), first: " + problems.get(0));
        }
    }

    /** Compares each live file with the manifest; returns the rows of files present. */
    private long checkFiles(LakeStore store, List<LakeFile> files, Map<SensorType, List<String>> events, List<String> quarantine) {
        long rows = 0;
        for (LakeFile f : files) {
            if (!store.exists(f.key())) {
                problems.add("lake file missing: " + f.key() + " (manifest: " + f.rows() + " rows)");
                continue;
            }
            long actual = store.rowCount(f.key());
            if (actual != f.rows()) {
                problems.add("lake file " + f.key() + " holds " + actual + " rows, the manifest says " + f.rows());
            }
            rows += actual;
            String uri = store.paths().uri(f.key());
            if (events != null) {
                events.computeIfAbsent(SensorType.fromWireName(f.sensorType()).orElseThrow(), t -> new ArrayList<>()).add(uri);
            } else {
                quarantine.add(uri);
            }
        }
        return rows;
    }

    private void checkRanges(SparkSession spark, JobConfig config, String topic, List<IngestRange> ranges,
                             Dataset<Row> events, Dataset<Row> quarantine) {
        Map<String, Long> kafka = RangeCounts.count(spark, kafkaRecords(spark, config, topic, ranges), "partition", "offset", topic, ranges);
        Map<String, Long> lake = events == null ? Map.of()
                : RangeCounts.count(spark, events, LakeSchema.KAFKA_PARTITION, LakeSchema.KAFKA_OFFSET, topic, ranges);
        Map<String, Long> quarantined = quarantine == null ? Map.of()
                : RangeCounts.count(spark, quarantine, LakeSchema.KAFKA_PARTITION, LakeSchema.KAFKA_OFFSET, topic, ranges);
        for (IngestRange r : ranges) {
            String key = RangeCounts.key(r);
            long inKafka = kafka.getOrDefault(key, 0L);
            long inLake = lake.getOrDefault(key, 0L);
            long inQuarantine = quarantined.getOrDefault(key, 0L);
            String where = r.topic() + "-" + r.partition() + " [" + r.fromOffset() + "," + r.toOffset() + ") of " + r.runId();
            if (inKafka != r.records()) {
                problems.add(where + ": Kafka holds " + inKafka + " records, the manifest recorded " + r.records());
            }
            if (inKafka != inLake + inQuarantine + r.duplicatesDropped()) {
                problems.add(where + ": Kafka " + inKafka + " != lake " + inLake + " + quarantine " + inQuarantine
                        + " + duplicates dropped " + r.duplicatesDropped());
            }
            if (inLake != r.rowsWritten() || inQuarantine != r.rowsQuarantined()) {
                problems.add(where + ": lake/quarantine rows " + inLake + "/" + inQuarantine + ", the manifest recorded "
                        + r.rowsWritten() + "/" + r.rowsQuarantined());
            }
        }
    }

    /** The topic's records again, over the span of every committed range of each partition. */
    private static Dataset<Row> kafkaRecords(SparkSession spark, JobConfig config, String topic, List<IngestRange> ranges) {
        Map<Integer, long[]> span = new HashMap<>();
        for (IngestRange r : ranges) {
            span.merge(r.partition(), new long[] {r.fromOffset(), r.toOffset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        List<OffsetPlan.PartitionRange> spans = span.entrySet().stream().filter(e -> e.getValue()[1] > e.getValue()[0])
                .map(e -> new OffsetPlan.PartitionRange(topic, e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
        // Spark's Kafka source, not the ingest's consumer: the count comes from an independent reader.
        return spark.read().format("kafka")
                .option("kafka.bootstrap.servers", config.kafkaBootstrap())
                .option("assign", OffsetPlan.assignJson(topic, spans))
                .option("startingOffsets", OffsetPlan.offsetsJson(topic, spans, true))
                .option("endingOffsets", OffsetPlan.offsetsJson(topic, spans, false))
                // Offsets that vanished since the ingest are a failure of the proof, never skipped.
                .option("failOnDataLoss", "true")
                // Spark seeks before every poll, dropping what a fetch held beyond max.poll.records: take whole fetches.
                .option("kafka.max.poll.records", "100000")
                .option("kafka.max.partition.fetch.bytes", String.valueOf(32 * 1024 * 1024))
                .option("kafka.fetch.max.bytes", String.valueOf(64 * 1024 * 1024))
                .load()
                .select("partition", "offset");
    }

    private void checkSequences(JobConfig config, Dataset<Row> events) {
        List<SequenceCheck.Gap> gaps = SequenceCheck.gaps(events);
        if (gaps.isEmpty()) {
            return;
        }
        Optional<List<InjectionLabel>> labels = SequenceCheck.labels(config.kafkaBootstrap());
        for (SequenceCheck.Gap gap : gaps) {
            if (labels.isEmpty()) {
                problems.add("sequence gap " + gap + " (ground-truth labels unavailable)");
            } else if (!SequenceCheck.explained(gap, labels.get())) {
                problems.add("sequence gap " + gap + " not covered by a SILENT_SENSOR or MALFORMED label");
            }
        }
    }
}
