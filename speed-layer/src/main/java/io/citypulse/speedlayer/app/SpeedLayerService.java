package io.citypulse.speedlayer.app;

import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.DeadLetterHeaders;
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
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
    private final SinkBatch batch = new SinkBatch();
    /** Next offset to read per owned partition, since the last flush. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
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
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(100));
                } catch (WakeupException e) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    handle(record);
                }
                if (flushDue()) {
                    flush();
                    updateLagGauges();
                }
            }
            flush();
            LOG.info("stopped polling; sinks flushed and offsets committed");
        } catch (WakeupException e) {
            flush();
        }
    }

    /** Asks the loop to stop; safe from any thread (the SIGTERM hook). */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        positions.put(partition, record.offset() + 1);
        SensorType expected = Topics.sensorTypeOf(record.topic()).orElseThrow();
        DecodeResult decoded = ReadingCodec.decode(record.value(), expected);
        if (decoded instanceof DecodeResult.Rejected rejected) {
            deadLetter(record, rejected.rejection());
            return;
        }
        SensorReading reading = ((DecodeResult.Valid) decoded).reading();
        CoreOutput out = core.onReading(reading, partition.toString());
        switch (out.verdict()) {
            case LATE -> {
                metrics.late();
                producer.send(new ProducerRecord<>(Topics.LATE_READINGS.name(), null, record.key(), record.value()),
                        this::checkSent);
            }
            case DUPLICATE -> metrics.duplicate();
            case ACCEPTED -> {
                metrics.processed(reading.sensorType());
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
        metrics.anomaly(anomaly.type(), anomaly.severity());
        LOG.debug("anomaly {}", anomaly);
        byte[] key = anomaly.sensorId().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), null, key,
                anomalySerializer.serialize(Topics.ANOMALIES.name(), anomaly)), (meta, error) -> {
                    checkSent(meta, error);
                    if (error == null) {
                        metrics.detectionLatency(System.currentTimeMillis() - triggerAppendMs);
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

    private boolean flushDue() {
        return batch.pendingRows() >= config.flushMaxRows()
                || System.nanoTime() - lastFlushNanos >= config.flushInterval().toNanos();
    }

    /** Produce-flush, one sink transaction with the checkpoints, then the Kafka commit. */
    private void flush() {
        lastFlushNanos = System.nanoTime();
        if (positions.isEmpty() && batch.pendingRows() == 0) {
            return;
        }
        producer.flush();
        Exception failed = sendFailure.get();
        if (failed != null) {
            throw new IllegalStateException("producing to Kafka failed; not committing", failed);
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        positions.forEach((partition, next) -> {
            batch.checkpoint(new Checkpoint(partition.topic(), partition.partition(), next,
                    core.snapshot(partition.toString())));
            offsets.put(partition, new OffsetAndMetadata(next));
        });
        try {
            sink.write(batch);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL sink transaction failed", e);
        }
        batch.clear();
        positions.clear();
        consumer.commitSync(offsets);
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
            metrics.watermarkLag(System.currentTimeMillis() - oldestWatermark);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
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
            flush();
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
