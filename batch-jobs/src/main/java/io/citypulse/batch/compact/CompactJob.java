package io.citypulse.batch.compact;

import io.citypulse.batch.cli.JobConfig;
import io.citypulse.batch.cli.JobRunner;
import io.citypulse.batch.ingest.Failpoint;
import io.citypulse.batch.lake.LakeFile;
import io.citypulse.batch.lake.LakePaths;
import io.citypulse.batch.lake.LakeRecovery;
import io.citypulse.batch.lake.LakeStore;
import io.citypulse.batch.lake.Manifest;
import io.citypulse.batch.lake.Publisher;
import io.citypulse.batch.metrics.JobSummary;
import io.citypulse.contract.event.SensorType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Compaction: rewrites lake partitions (sensor type, date, hour) made of many small files into files near a
 * target size, keeping every row. New files are committed and old ones marked removed in one manifest
 * transaction; the old objects are deleted after the commit.
 */
@Command(name = "compact", mixinStandardHelpOptions = true, description = "Merge small lake files into files near the target size.")
public final class CompactJob implements JobRunner.SparkJob {

    private static final Logger LOG = LoggerFactory.getLogger(CompactJob.class);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Option(names = "--master", description = "Spark master, e.g. local[2]; default: set by spark-submit")
    String master;

    @Option(names = "--dry-run", description = "List the partitions that would be compacted; write nothing")
    boolean dryRun;

    @Option(names = "--target-file-mb", description = "Target file size in MB (default ${DEFAULT-VALUE})")
    int targetFileMb = 128;

    @Option(names = "--date", description = "Only compact this event date (YYYY-MM-DD)")
    LocalDate date;

    @Option(names = "--min-files", description = "Compact a partition only from this many files (default ${DEFAULT-VALUE})")
    int minFiles = 2;

    public static void main(String[] args) {
        System.exit(JobRunner.main(new CompactJob(), args));
    }

    /** Options for tests and the bench, which run the job in-process. */
    public static CompactJob withTarget(int targetFileMb) {
        CompactJob job = new CompactJob();
        job.targetFileMb = targetFileMb;
        return job;
    }

    @Override
    public String name() {
        return "compact";
    }

    @Override
    public String master() {
        return master;
    }

    @Override
    public void run(SparkSession spark, JobConfig config, JobSummary summary) {
        if (targetFileMb < 1) {
            throw new IllegalArgumentException("--target-file-mb must be at least 1, got " + targetFileMb);
        }
        LakeStore store = new LakeStore(new LakePaths(config.s3Bucket()), spark.sparkContext().hadoopConfiguration());
        try (Manifest manifest = Manifest.open(config)) {
            manifest.lockLakeWriter(Manifest.LAKE_WRITER_WAIT);
            summary.put("runs_aborted", LakeRecovery.recover(manifest, store));
            Map<LakePaths.Partition, List<LakeFile>> candidates = candidates(manifest);
            summary.put("partitions", candidates.size());
            if (candidates.isEmpty() || dryRun) {
                summary.note(candidates.isEmpty() ? "nothing to compact" : "dry run: " + candidates.keySet());
                return;
            }
            String runId = "compact-" + RUN_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
            manifest.startRun(runId, "compact");
            try {
                compact(spark, store, manifest, runId, candidates, summary);
            } catch (RuntimeException e) {
                try {
                    LakeRecovery.deleteObjectsOf(store, runId);
                    manifest.finishRun(runId, "failed", String.valueOf(e.getMessage()));
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }

    private void compact(SparkSession spark, LakeStore store, Manifest manifest, String runId,
                         Map<LakePaths.Partition, List<LakeFile>> candidates, JobSummary summary) {
        long targetBytes = targetFileMb * 1024L * 1024L;
        List<LakeFile> removed = new ArrayList<>();
        for (Map.Entry<LakePaths.Partition, List<LakeFile>> entry : candidates.entrySet()) {
            LakePaths.Partition p = entry.getKey();
            List<LakeFile> files = entry.getValue();
            long bytes = files.stream().mapToLong(LakeFile::bytes).sum();
            int outputs = (int) Math.max(1, Math.ceil((double) bytes / targetBytes));
            String[] uris = files.stream().map(f -> store.paths().uri(f.key())).toArray(String[]::new);
            String staging = LakePaths.partitionDirectory(
                    store.paths().stagingDatasetKey(runId, p.dataset(), p.sensorType()), p.date(), p.hour());
            write(transform(spark.read().parquet(uris), outputs, p.dataset()), store.paths().uri(staging));
            removed.addAll(files);
        }
        List<LakeFile> added = Publisher.publish(store, runId);
        long before = removed.stream().mapToLong(LakeFile::rows).sum();
        long after = added.stream().mapToLong(LakeFile::rows).sum();
        if (before != after) {
            throw new IllegalStateException("compaction would change the row count from " + before + " to " + after);
        }
        Failpoint.reach("compact.before-commit");
        manifest.commitCompaction(runId, added, removed);
        removed.forEach(f -> store.delete(f.key()));
        store.delete(store.paths().stagingKey(runId));
        summary.put("rows", after).put("bytes", added.stream().mapToLong(LakeFile::bytes).sum()).put("files", added.size())
                .put("files_removed", removed.size());
        summary.note("run " + runId);
        LOG.info("compacted {} files into {} in {} partitions", removed.size(), added.size(), candidates.size());
    }

    /** Rows of one partition into {@code outputs} files, re-sorted by sensor and time (pure). */
    public static Dataset<Row> transform(Dataset<Row> rows, int outputs, String dataset) {
        return LakePaths.EVENTS.equals(dataset)
                ? rows.coalesce(outputs).sortWithinPartitions("sensor_id", "event_time_ms")
                : rows.coalesce(outputs).sortWithinPartitions("kafka_partition", "kafka_offset");
    }

    private static void write(Dataset<Row> rows, String uri) {
        rows.write().mode(SaveMode.ErrorIfExists).parquet(uri);
    }

    /** Partitions with at least --min-files live files whose average is under half the target size. */
    private Map<LakePaths.Partition, List<LakeFile>> candidates(Manifest manifest) {
        long targetBytes = targetFileMb * 1024L * 1024L;
        Map<LakePaths.Partition, List<LakeFile>> byPartition = new LinkedHashMap<>();
        for (String dataset : List.of(LakePaths.EVENTS, LakePaths.QUARANTINE)) {
            for (SensorType type : SensorType.all()) {
                for (LakeFile f : manifest.liveFiles(dataset, type.wireName(), date == null ? null : List.of(date))) {
                    byPartition.computeIfAbsent(new LakePaths.Partition(dataset, f.sensorType(), f.date(), f.hour()),
                            k -> new ArrayList<>()).add(f);
                }
            }
        }
        byPartition.values().removeIf(files -> files.size() < minFiles
                || files.stream().mapToLong(LakeFile::bytes).sum() / files.size() >= targetBytes / 2);
        return byPartition;
    }
}
