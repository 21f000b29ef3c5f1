package io.citypulse.api.statistics;

import io.citypulse.api.config.ApiConfig;
import io.citypulse.api.config.GrouplessConsumer;
import io.citypulse.api.error.ProblemException;
import io.citypulse.contract.topic.DeadLetterHeaders;
import io.citypulse.contract.topic.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the dead-letter topic's records since a time by their reason header: from each partition's offset at that
 * time (Kafka's time index) to its end when the scan starts. Bounded in records and time, so a flood of rejects
 * answers quickly, marked incomplete.
 */
@ApplicationScoped
public class DeadLetterScan {

    static final int MAX_RECORDS = 500_000;
    private static final Duration MAX_SCAN = Duration.ofSeconds(5);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);

    @Inject
    ApiConfig config;

    public DeadLetterStatistics since(Instant from, Instant to) {
        String topic = Topics.DEAD_LETTER.name();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, KAFKA_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, KAFKA_TIMEOUT);
            consumer.assign(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp start = starts.get(p);
                long offset = start == null ? ends.get(p) : start.offset();
                consumer.seek(p, offset);
                if (offset < ends.get(p)) {
                    remaining.put(p, ends.get(p));
                }
            }
            Map<String, Long> byReason = new TreeMap<>();
            long read = 0;
            long deadline = System.nanoTime() + MAX_SCAN.toNanos();
            while (!remaining.isEmpty() && read < MAX_RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition p = new TopicPartition(record.topic(), record.partition());
                    Long end = remaining.get(p);
                    if (end != null && record.offset() < end) {
                        byReason.merge(reason(record), 1L, Long::sum);
                        read++;
                    }
                }
                remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
            return DeadLetterStatistics.of(topic, from, to, byReason, remaining.isEmpty());
        } catch (KafkaException e) {
            throw ProblemException.unavailable("Kafka at " + config.kafka().bootstrapServers() + " did not answer: "
                    + e.getMessage());
        }
    }

    private static String reason(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(DeadLetterHeaders.REASON);
        return header == null ? "unknown" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Properties properties() {
        Properties props = GrouplessConsumer.properties(config, "citypulse-api-dead-letter-scan");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // An HTTP caller is waiting.
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        return props;
    }
}
