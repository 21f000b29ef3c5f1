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
import io.citypulse.batch.cli.LatenessOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Reconciliation: proves nothing was lost. Per ingested range, the records Kafka holds (counted again) equal
 * lake rows + quarantined rows + duplicates dropped, and the manifest agrees with the files' real row counts; exit 1
 * with a report otherwise. It also reports data quality: readings that sensors numbered but never sent (sequence
 * gaps), per sensor type and settled hour, into {@code sequence_gap_hourly}, the summary and its metrics. A gap is
 * not a loss (a sensor may skip a reading) and fails the run only with {@code --strict-sequences}, for runs that own
 * the generator's ground truth.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true, description = "Check that the lake accounts for every Kafka record.")
public final class ReconcileJob implements JobRunner.SparkJob {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileJob.class);

    @Option(names = "--master", description = "Spark master, e.g. local[2]; default: set by spark-submit")
    String master;

    @Option(names = "--dry-run", description = "Check and print; do not store the sequence-gap report")
    boolean dryRun;

    @Option(names = "--window-hours", description = "Check ranges of runs committed in the last N hours and the event "
            + "files of those days; 0 checks everything (needs every range still in Kafka) (default ${DEFAULT-VALUE})")
    int windowHours = 48;

    @Option(names = "--skip-sequence-check", description = "Only account for offsets; do not look for sequence gaps")
    boolean skipSequenceCheck;

    @Option(names = "--strict-sequences", description = "Fail on a settled sequence gap that no SILENT_SENSOR or "
            + "MALFORMED label of the generator's ground truth explains (for runs that own the ground truth)")
    boolean strictSequences;

    @Mixin
    LatenessOption lateness = new LatenessOption();

    private Duration ingestPeriod = Duration.ofHours(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--ingest-period-minutes", paramLabel = "MINUTES", description = "How often the ingest runs: a "
            + "missing reading is judged once it is older than the latest append minus the allowed lateness and one "
            + "period, when a late reading would be in the lake (default 60)")
    void ingestPeriodMinutes(int minutes) {
        if (minutes < 0) {
            throw new ParameterException(spec.commandLine(), "--ingest-period-minutes must not be negative: " + minutes);
        }
        ingestPeriod = Duration.ofMinutes(minutes);
    }

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
            Map<SensorType, GapReport> reports = new TreeMap<>();
            List<String> quarantineFiles = new ArrayList<>();
            List<LakeFile> liveEvents = manifest.liveFiles(LakePaths.EVENTS);
            Map<SensorType, List<LakeFile>> eventDays = new HashMap<>();
            liveEvents.stream().filter(f -> store.exists(f.key())).forEach(f -> eventDays.computeIfAbsent(
                    SensorType.fromWireName(f.sensorType()).orElseThrow(), t -> new ArrayList<>()).add(f));
            long rows = checkFiles(store, liveEvents, eventFiles, null);
            rows += checkFiles(store, manifest.liveFiles(LakePaths.QUARANTINE), null, quarantineFiles);
            Dataset<Row> quarantine = quarantineFiles.isEmpty() ? null
                    : spark.read().parquet(quarantineFiles.toArray(String[]::new));
            for (SensorType type : SensorType.all()) {
                String topic = Topics.readings(type).name();
                List<IngestRange> topicRanges = ranges.stream().filter(r -> r.topic().equals(topic)).toList();
                if (topicRanges.isEmpty()) {
                    continue;
                }
                List<String> files = eventFiles.getOrDefault(type, List.of());
                List<LakeFile> recentFiles = eventDays.getOrDefault(type, List.of()).stream()
                        .filter(f -> !f.date().isBefore(firstDay)).toList();
                Dataset<Row> events = files.isEmpty() ? null : spark.read().parquet(files.toArray(String[]::new));
                checkRanges(spark, config, topic, topicRanges, events,
                        quarantine == null ? null : quarantine.filter(quarantine.col("topic").equalTo(topic)));
                if (!skipSequenceCheck) {
                    checkSequences(spark, manifest, store, type, recentFiles).ifPresent(r -> reports.put(type, r));
                }
            }
            summary.put("rows", rows).put("files", eventFiles.values().stream().mapToInt(List::size).sum() + quarantineFiles.size())
                    .put("ranges", ranges.size());
            if (!reports.isEmpty()) {
                reportSequences(manifest, reports, config, summary);
            }
            summary.put("problems", problems.size());
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

    /**
     * The gap report of one type over the hours not settled by an earlier run; the hour before them is read too, so
     * that a gap crossing into them is seen from the reading before it.
     */
    private Optional<GapReport> checkSequences(SparkSession spark, Manifest manifest, LakeStore store, SensorType type,
                                               List<LakeFile> recentFiles) {
        Instant firstHour = firstUnsettledHour(manifest, type);
        Instant readFrom = firstHour.minus(Duration.ofHours(1));
        List<LakeFile> files = recentFiles.stream().filter(f -> !f.hourStart().isBefore(readFrom)).toList();
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Dataset<Row> events = spark.read().parquet(files.stream().map(f -> store.paths().uri(f.key())).toArray(String[]::new));
        Instant cutoff = GapReport.cutoff(SequenceCheck.latestAppend(events), lateness.threshold(), ingestPeriod);
        Set<Instant> hours = files.stream().map(LakeFile::hourStart).collect(Collectors.toSet());
        return Optional.of(GapReport.of(SequenceCheck.gaps(events), hours, firstHour, cutoff));
    }

    /** Hours before this were reported by an earlier run; the start of the reconcile window when none was. */
    private Instant firstUnsettledHour(Manifest manifest, SensorType type) {
        Instant[] last = {null};
        manifest.query("SELECT max(hour_start) FROM sequence_gap_hourly WHERE sensor_type = ?", rs -> {
            if (rs.getTimestamp(1) != null) {
                last[0] = rs.getTimestamp(1).toInstant();
            }
        }, type.wireName());
        return last[0] == null ? Instant.EPOCH : last[0].plus(Duration.ofHours(1));
    }

    /** Stores the settled hours (unless a dry run), puts the figures in the summary, and judges gaps if strict. */
    private void reportSequences(Manifest manifest, Map<SensorType, GapReport> reports, JobConfig config,
                                 JobSummary summary) {
        int judged = 0;
        int pending = 0;
        int hours = 0;
        for (SensorType type : SensorType.all()) {
            GapReport report = reports.get(type);
            summary.put("missing_readings", type.wireName(), report == null ? 0 : report.missingReadings());
            if (report == null) {
                continue;
            }
            judged += report.judged().size();
            pending += report.pending().size();
            hours += report.hours().size();
            report.hours().stream().filter(h -> h.missing() > 0).forEach(h -> LOG.warn(
                    "sequence gaps: {} {}: {} readings missing on {} sensors ({} gaps)", type.wireName(), h.start(),
                    h.missing(), h.sensors(), h.gaps()));
        }
        summary.put("sequence_gaps", judged).put("pending_gaps", pending).put("settled_hours", hours);
        if (!dryRun) {
            manifest.inTransaction(() -> reports.forEach((type, report) -> {
                for (GapReport.Hour h : report.hours()) {
                    manifest.update("INSERT INTO sequence_gap_hourly (hour_start, sensor_type, sensors_with_gaps, gaps, "
                            + "missing_readings) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hour_start, sensor_type) DO UPDATE "
                            + "SET sensors_with_gaps = EXCLUDED.sensors_with_gaps, gaps = EXCLUDED.gaps, "
                            + "missing_readings = EXCLUDED.missing_readings, computed_at = now()",
                            h.start(), type.wireName(), h.sensors(), h.gaps(), h.missing());
                }
            }));
        }
        if (strictSequences) {
            judgeAgainstGroundTruth(reports, config);
        }
    }

    private void judgeAgainstGroundTruth(Map<SensorType, GapReport> reports, JobConfig config) {
        List<SequenceCheck.Gap> gaps = reports.values().stream().flatMap(r -> r.judged().stream()).toList();
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
