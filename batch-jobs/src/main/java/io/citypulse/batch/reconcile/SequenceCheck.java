package io.citypulse.batch.reconcile;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.max;

import io.citypulse.batch.lake.LakeSchema;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.InjectionKind;
import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Per-sensor sequence gaps in the lake: readings a sensor numbered but never delivered. A sensor numbers its
 * readings contiguously (the generator sets {@code seq = eventTimeMillis / intervalMillis}), so a missing seq is a
 * reading that never reached Kafka: data quality, not data loss (offset accounting proves nothing accepted was
 * lost). Where the generator's ground truth is at hand (tests that own it), a gap can also be checked against it:
 * only a SILENT_SENSOR label (the sensor was silenced on purpose) or a MALFORMED label (the reading was replaced by
 * bytes that are now in quarantine) explains one.
 */
final class SequenceCheck {

    /**
     * A run of missing readings of one sensor: seqs (afterSeq, beforeSeq) exclusive, their event times, and the
     * sensor's reading interval as the readings on both sides of the gap give it.
     */
    record Gap(String sensorId, long afterSeq, long beforeSeq, Instant firstMissing, Instant lastMissing,
               long intervalMillis) {

        long missing() {
            return beforeSeq - afterSeq - 1;
        }

        @Override
        public String toString() {
            return sensorId + " seq " + (afterSeq + 1) + ".." + (beforeSeq - 1) + " (" + firstMissing + " .. " + lastMissing + ")";
        }
    }

    private SequenceCheck() {
    }

    /** Gaps in {@code events} (columns sensor_id, seq, event_time_ms). */
    static List<Gap> gaps(Dataset<Row> events) {
        WindowSpec bySensor = Window.partitionBy("sensor_id").orderBy("seq");
        List<Gap> gaps = new ArrayList<>();
        events.select(col("sensor_id"), col("seq"), col("event_time_ms"),
                        lag("seq", 1).over(bySensor).as("prev_seq"), lag("event_time_ms", 1).over(bySensor).as("prev_time"))
                .filter(col("seq").minus(col("prev_seq")).gt(1))
                .collectAsList()
                .forEach(r -> {
                    long seq = r.getLong(1);
                    long prevSeq = r.getLong(3);
                    long time = r.getTimestamp(2).getTime();
                    long prevTime = r.getTimestamp(4).getTime();
                    long interval = (time - prevTime) / (seq - prevSeq);
                    gaps.add(new Gap(r.getString(0), prevSeq, seq, Instant.ofEpochMilli(prevTime + interval),
                            Instant.ofEpochMilli(time - interval), interval));
                });
        return gaps;
    }

    /** The latest Kafka append time among {@code events}: the lake is complete up to about then. */
    static Instant latestAppend(Dataset<Row> events) {
        Row row = events.agg(max(col(LakeSchema.KAFKA_TIMESTAMP))).first();
        return row.isNullAt(0) ? Instant.EPOCH : row.getTimestamp(0).toInstant();
    }

    /** Whether a label explains the gap. */
    static boolean explained(Gap gap, List<InjectionLabel> labels) {
        return labels.stream().anyMatch(l -> l.sensorId().equals(gap.sensorId())
                && (l.kind() == InjectionKind.MALFORMED || l.anomalyType() == AnomalyType.SILENT_SENSOR)
                && !l.from().isAfter(gap.firstMissing()) && !l.to().isBefore(gap.lastMissing()));
    }

    /** Every label on the ground-truth topic, or empty when the topic cannot be read. */
    static Optional<List<InjectionLabel>> labels(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // read-only pass, no group state
        String topic = Topics.GROUND_TRUTH.name();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return Optional.empty();
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<InjectionLabel> labels = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    labels.add(Topics.GROUND_TRUTH.valueSerde().deserializer().deserialize(topic, record.value()));
                }
            }
            return Optional.of(labels);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
