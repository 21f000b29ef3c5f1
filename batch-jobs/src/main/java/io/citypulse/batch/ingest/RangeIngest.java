package io.citypulse.batch.ingest;

import io.citypulse.batch.lake.LakeFile;
import io.citypulse.batch.lake.LakeParquet;
import io.citypulse.batch.lake.LakePaths;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Spark task of the ingest: reads one Kafka partition range with a plain consumer, routes its records with
 * {@link RecordRouter} and writes them as Parquet with {@link HourFiles}, straight to run-unique final keys (each
 * marked pending first, for the cleanup of a killed run). Spark only schedules these tasks: the rows never become
 * Spark rows, which is what makes the ingest fast (ADR 0002). Each file's row count comes from the footer its writer
 * wrote and its size from the bytes written, so no file is read back.
 */
public final class RangeIngest {

    private static final Logger LOG = LoggerFactory.getLogger(RangeIngest.class);

    /** Events buffered per task before they are written out, sensor by sensor; 32k was as fast as 200k in the bench. */
    static final int MAX_BUFFERED_EVENTS = 32_000;
    /** A range whose records stop coming for this long has lost offsets or its broker: fail, never skip. */
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

    private RangeIngest() {
    }

    /** What a task needs besides its range; the same for every task of a run. */
    public record Settings(String bootstrap, LakePaths paths, String runId, Map<String, String> hadoopConf)
            implements Serializable {
    }

    /** A range's outcome: its counts and the files it wrote. */
    public record Outcome(OffsetPlan.PartitionRange range, RecordRouter.Counts counts, List<LakeFile> files)
            implements Serializable {
    }

    /** Ingests {@code range}, dropping readings whose event id is in {@code committedIds} as duplicates of the lake. */
    public static Outcome run(OffsetPlan.PartitionRange range, Settings settings, Set<String> committedIds) {
        long start = System.nanoTime();
        SensorType type = Topics.sensorTypeOf(range.topic()).orElseThrow(
                () -> new IllegalArgumentException(range.topic() + " is not a reading topic"));
        Configuration conf = new Configuration(false);
        settings.hadoopConf().forEach(conf::set);
        LakePaths paths = settings.paths();
        FileSystem fs = fileSystem(paths, conf);
        HourFiles files = new HourFiles(type,
                paths.datasetKey(LakePaths.EVENTS, type.wireName()),
                paths.datasetKey(LakePaths.QUARANTINE, type.wireName()),
                settings.runId() + "-p" + range.partition(), paths::uri,
                key -> touch(fs, paths.uri(paths.pendingKey(settings.runId(), key))), conf, MAX_BUFFERED_EVENTS);
        RecordRouter router = new RecordRouter(type, committedIds, files, range.to() - range.from());
        TopicPartition tp = new TopicPartition(range.topic(), range.partition());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(settings.bootstrap(), tp))) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, range.from());
            long lastProgress = System.nanoTime();
            long position = range.from();
            while (position < range.to()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1)).records(tp)) {
                    if (record.offset() >= range.to()) {
                        break;
                    }
                    router.accept(record.partition(), record.offset(), record.timestamp(), record.value());
                }
                long now = consumer.position(tp); // past control records and compacted gaps too
                if (now > position) {
                    position = now;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                    throw new IllegalStateException(String.format("%s: no record past offset %d for %d s while reading "
                            + "up to %d: offsets lost or broker unreachable", tp, position, STALL_LIMIT.toSeconds(), range.to()));
                }
            }
        }
        files.finish();
        Failpoint.reach("ingest.range-written");
        List<LakeFile> written = new ArrayList<>();
        files.written().forEach((key, file) -> written.add(describe(key, file)));
        RecordRouter.Counts counts = router.counts();
        LOG.info("{}-{} [{},{}): {} records, {} rows, {} quarantined, {} duplicates, {} files in {} ms", range.topic(),
                range.partition(), range.from(), range.to(), counts.records, counts.valid, counts.rejected,
                counts.duplicatesInRange + counts.duplicatesOfLake, written.size(), (System.nanoTime() - start) / 1_000_000);
        return new Outcome(range, counts, written);
    }

    private static FileSystem fileSystem(LakePaths paths, Configuration conf) {
        try {
            return FileSystem.get(URI.create(paths.uri("")), conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the lake bucket " + paths.bucket(), e);
        }
    }

    private static void touch(FileSystem fs, String uri) {
        try {
            fs.create(new Path(uri), true).close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the marker " + uri, e);
        }
    }

    /** The file as the manifest will list it. */
    private static LakeFile describe(String key, LakeParquet.Written file) {
        LakePaths.Partition p = LakePaths.partitionOf(key)
                .orElseThrow(() -> new IllegalStateException("file outside the lake layout: " + key));
        return new LakeFile(key, p.dataset(), p.sensorType(), p.date(), p.hour(), file.rows(), file.bytes());
    }

    private static Properties consumerProperties(String bootstrap, TopicPartition tp) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "citypulse-ingest-" + tp);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // Assigned, never subscribed: no group, no committed offsets (the manifest holds them).
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Offsets deleted between planning and reading must fail the run (OffsetOutOfRangeException), never be skipped.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // Whole fetches: a range is read start to end, so big fetches only save round trips.
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000");
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, String.valueOf(4 << 20));
        return props;
    }
}
