package io.citypulse.speedlayer.app;

import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.contract.topic.DeadLetterHeaders;
import io.citypulse.contract.topic.Topic;
import io.citypulse.contract.topic.Topics;
import io.citypulse.contract.wire.DecodeResult;
import io.citypulse.contract.wire.ReadingCodec;
import io.citypulse.contract.wire.Rejection;
import io.citypulse.speedlayer.detect.CoreOutput;
import io.citypulse.speedlayer.detect.SpeedCore;
import io.citypulse.speedlayer.sink.Checkpoint;
import io.citypulse.speedlayer.sink.PostgresSink;
import io.citypulse.speedlayer.sink.SinkBatch;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop: polls the reading topics, decodes, hands readings to the {@link SpeedCore} and ships what it
 * emits. Commit protocol (README): produce, flush the producer, write sink rows and the partitions'
 * checkpoints (offset + core snapshot) in one PostgreSQL transaction, then commit the offsets to Kafka.
 */
public final class SpeedLayerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpeedLayerService.class);
    static final String REJECTED_BY = "speed-layer";

    private final SpeedLayerConfig config;
    private final SpeedCore core;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final PostgresSink sink;
    private final SpeedMetrics metrics;
    private final Serializer<Anomaly> anomalySerializer = Topics.ANOMALIES.valueSerde().serializer();
    private SinkBatch batch = new SinkBatch();
    /** Next offset to read per owned partition, since the last flush. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    /** The core's name of each partition, built once instead of per record. */
    private final Map<TopicPartition, String> partitionKeys = new HashMap<>();
    /** One thread runs the sink transactions, so polling and detection never wait for PostgreSQL. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "speed-layer-sink");
        thread.setDaemon(true);
        return thread;
    });
    /** The write handed to {@link #writer} and not yet committed to Kafka; at most one. */
    private Future<Map<TopicPartition, OffsetAndMetadata>> inFlight;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private volatile boolean running = true;
    private long lastFlushNanos = System.nanoTime();

    SpeedLayerService(SpeedLayerConfig config, SpeedCore core, Consumer<byte[], byte[]> consumer,
                      Producer<byte[], byte[]> producer, PostgresSink sink, SpeedMetrics metrics) {
        this.config = config;
        this.core = core;
        this.consumer = consumer;
        this.producer = producer;
        this.sink = sink;
        this.metrics = metrics;
    }

    /** Runs until {@link #stop()}; then flushes and commits once more. */
    public void run() throws SQLException {
        List<String> topics = Topics.readingTopics().stream().map(t -> t.name()).toList();
        consumer.subscribe(topics, new Rebalance());
        // Fetch the output topics' metadata now: otherwise the first anomaly's send() blocks the poll loop on it.
        for (Topic<?, ?> output : List.of(Topics.ANOMALIES, Topics.LATE_READINGS, Topics.DEAD_LETTER)) {
            producer.partitionsFor(output.name());
        }
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(100));
                } catch (WakeupException e) {
                    break;
                }
                for (TopicPartition partition : records.partitions()) {
                    handle(partition, records.records(partition));
                }
                completeWrite(false);
                if (flushDue()) {
                    flush(false);
                    updateLagGauges();
                }
            }
            flush(true);
            LOG.info("stopped polling; sinks flushed and offsets committed");
        } catch (WakeupException e) {
            flush(true);
        } finally {
            writer.shutdownNow();
        }
    }

    /** Asks the loop to stop; safe from any thread (the SIGTERM hook). */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** One partition's records of a poll: the partition's key, type and position are worked out once. */
    private void handle(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        String key = partitionKeys.computeIfAbsent(partition, TopicPartition::toString);
        SensorType expected = Topics.sensorTypeOf(partition.topic()).orElseThrow();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            handle(record, key, expected);
        }
        positions.put(partition, records.get(records.size() - 1).offset() + 1);
    }

    private void handle(ConsumerRecord<byte[], byte[]> record, String partitionKey, SensorType expected) {
        DecodeResult decoded = ReadingCodec.decode(record.value(), expected);
        if (decoded instanceof DecodeResult.Rejected rejected) {
            deadLetter(record, rejected.rejection());
            return;
        }
        SensorReading reading = ((DecodeResult.Valid) decoded).reading();
        CoreOutput out = core.onReading(reading, partitionKey);
        switch (out.verdict()) {
            case LATE -> {
                metrics.late();
                producer.send(new ProducerRecord<>(Topics.LATE_READINGS.name(), null, record.key(), record.value()),
                        this::checkSent);
            }
            case DUPLICATE -> metrics.duplicate();
            case ACCEPTED -> {
                metrics.processed(reading.sensorType(), reading.zone());
                batch.latest(reading);
            }
        }
        out.closed().forEach(batch::aggregate);
        for (Anomaly anomaly : out.anomalies()) {
            publish(anomaly, record.timestamp());
        }
    }

    private void publish(Anomaly anomaly, long triggerAppendMs) {
        batch.anomaly(anomaly);
        metrics.anomaly(anomaly.type(), anomaly.severity(), anomaly.zone());
        LOG.debug("anomaly {}", anomaly);
        byte[] key = anomaly.sensorId().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), null, key,
                anomalySerializer.serialize(Topics.ANOMALIES.name(), anomaly)), (meta, error) -> {
                    checkSent(meta, error);
                    if (error == null) {
                        metrics.detectionLatency(PlatformClock.millis() - triggerAppendMs);
                    }
                });
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, Rejection rejection) {
        metrics.rejected(rejection.reason());
        LOG.warn("rejected {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), rejection.describe());
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, utf8(rejection.reason().label()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(rejection.describe()));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(record.topic()));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(DeadLetterHeaders.REJECTED_BY, utf8(REJECTED_BY));
        producer.send(new ProducerRecord<>(Topics.DEAD_LETTER.name(), null, record.key(), record.value(), headers),
                this::checkSent);
    }

    private void checkSent(Object metadata, Exception error) {
        if (error != null) {
            sendFailure.compareAndSet(null, error);
        }
    }

    /**
     * Due every flush interval or at {@code flushMaxRows}; while the previous write is still running the batch
     * keeps growing (bigger transactions, fewer round trips) until it holds twice the row limit.
     */
    private boolean flushDue() {
        boolean due = batch.pendingRows() >= config.flushMaxRows()
                || System.nanoTime() - lastFlushNanos >= config.flushInterval().toNanos();
        return due && (inFlight == null || batch.pendingRows() >= 2L * config.flushMaxRows());
    }

    /**
     * Hands the batch with the partitions' checkpoints (offset + core snapshot, taken here on the poll thread)
     * to the writer thread: producer flush, one sink transaction, then (back on this thread) the Kafka commit.
     * At most one write is in flight; {@code await} waits for it (revoke, shutdown).
     */
    private void flush(boolean await) {
        completeWrite(true);
        lastFlushNanos = System.nanoTime();
        if (positions.isEmpty() && batch.pendingRows() == 0) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        positions.forEach((partition, next) -> {
            batch.checkpoint(new Checkpoint(partition.topic(), partition.partition(), next,
                    core.snapshot(partitionKeys.computeIfAbsent(partition, TopicPartition::toString))));
            offsets.put(partition, new OffsetAndMetadata(next));
        });
        SinkBatch toWrite = batch;
        batch = new SinkBatch();
        positions.clear();
        inFlight = writer.submit(() -> {
            // Everything this batch produced was sent before this point: acknowledged before its checkpoint.
            producer.flush();
            Exception failed = sendFailure.get();
            if (failed != null) {
                throw new IllegalStateException("producing to Kafka failed; not committing", failed);
            }
            try {
                sink.write(toWrite);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL sink transaction failed", e);
            }
            return offsets;
        });
        if (await) {
            completeWrite(true);
        }
    }

    /** Commits the offsets of a finished write to Kafka; {@code block} waits for a running one. */
    private void completeWrite(boolean block) {
        if (inFlight == null || (!block && !inFlight.isDone())) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
            offsets = inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sink transaction", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            inFlight = null;
        }
        // PostgreSQL holds the truth; the Kafka commit is for lag monitoring and tooling: a failure is only logged
        // (e.g. a partition lost meanwhile), and it blocks only where the caller waits anyway (revoke, shutdown).
        if (block) {
            try {
                try {
                    consumer.commitSync(offsets);
                } catch (WakeupException e) {
                    consumer.commitSync(offsets); // stop() woke the consumer; a wakeup fires once
                }
            } catch (KafkaException e) {
                LOG.warn("offset commit to Kafka failed (the PostgreSQL checkpoint stands): {}", e.toString());
            }
        } else {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error instanceof RebalanceInProgressException) {
                    // Every flush while a rebalance runs (up to the session timeout after a kill): expected, not news.
                    LOG.debug("offset commit to Kafka skipped during a rebalance (the PostgreSQL checkpoint stands)");
                } else if (error != null) {
                    LOG.warn("offset commit to Kafka failed (the PostgreSQL checkpoint stands): {}", error.toString());
                }
            });
        }
    }

    private void updateLagGauges() {
        long lag = 0;
        long oldestWatermark = Long.MAX_VALUE;
        for (TopicPartition partition : consumer.assignment()) {
            lag += consumer.currentLag(partition).orElse(0);
            oldestWatermark = Math.min(oldestWatermark,
                    core.watermark(partition.toString()).map(w -> w.toEpochMilli()).orElse(Long.MAX_VALUE));
        }
        metrics.consumerLag(lag);
        if (oldestWatermark != Long.MAX_VALUE) {
            metrics.watermarkLag(PlatformClock.millis() - oldestWatermark);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        writer.shutdownNow();
        consumer.close();
        producer.close(Duration.ofSeconds(10));
    }

    /** Flushes before partitions leave; restores state from the checkpoint when they arrive. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            flush(true);
            partitions.forEach(partition -> core.forget(partition.toString()));
            LOG.info("revoked {} after flush and commit", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another instance owns them already: drop what was not flushed, it replays from the checkpoint.
            partitions.forEach(partition -> {
                core.forget(partition.toString());
                positions.remove(partition);
            });
            LOG.warn("lost {} without a flush; their new owner replays from the checkpoint", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<String, Checkpoint> checkpoints;
            try {
                checkpoints = sink.checkpoints();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read checkpoints from PostgreSQL", e);
            }
            for (TopicPartition partition : partitions) {
                Checkpoint checkpoint = checkpoints.get(partition.toString());
                if (checkpoint == null) {
                    core.forget(partition.toString());
                    consumer.seekToBeginning(List.of(partition));
                    LOG.info("assigned {} without checkpoint: reading from the beginning", partition);
                } else {
                    core.restore(partition.toString(), checkpoint.state());
                    consumer.seek(partition, checkpoint.nextOffset());
                    LOG.info("assigned {}: restored state, resuming at offset {}", partition, checkpoint.nextOffset());
                }
            }
        }
    }
}
