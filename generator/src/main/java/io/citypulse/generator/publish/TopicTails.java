package io.citypulse.generator.publish;

import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import io.citypulse.contract.wire.DecodeResult;
import io.citypulse.contract.wire.ReadingCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Where the reading topics end: the latest event time among their last records, so a restarted city resumes. */
public final class TopicTails {

    /** Records read back from each partition's end: enough to step over injected duplicates and malformed bytes. */
    private static final int TAIL = 32;

    private TopicTails() {
    }

    /** The latest event time among the last records of every partition of the types' topics; empty if all are empty. */
    public static Optional<Instant> latestEventTime(String bootstrapServers, Collection<SensorType> types) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // A read-only look at the tails: no group, no committed offsets.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (SensorType type : types) {
                var topic = Topics.readings(type);
                for (int p = 0; p < topic.partitions(); p++) {
                    partitions.add(new TopicPartition(topic.name(), p));
                }
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<TopicPartition> nonEmpty = partitions.stream().filter(tp -> end.get(tp) > begin.get(tp)).toList();
            consumer.assign(nonEmpty);
            nonEmpty.forEach(tp -> consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - TAIL)));
            Instant latest = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (nonEmpty.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the ends of the reading topics within 30 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (ReadingCodec.decode(record.value()) instanceof DecodeResult.Valid valid
                            && (latest == null || valid.reading().eventTime().isAfter(latest))) {
                        latest = valid.reading().eventTime();
                    }
                }
            }
            return Optional.ofNullable(latest);
        }
    }
}
