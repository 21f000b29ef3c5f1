package io.citypulse.batch.ingest;

import io.citypulse.contract.topic.Topic;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The offset ranges one ingest run takes: per topic partition from the manifest's next offset (or the earliest
 * available offset for a partition never ingested) to the current end offset.
 */
public record OffsetPlan(List<PartitionRange> ranges) {

    /** [from, to) of one topic partition. */
    public record PartitionRange(String topic, int partition, long from, long to) implements Serializable {
        public boolean isEmpty() {
            return from >= to;
        }
    }

    /** Thrown when committed offsets expired from Kafka before they were ingested: data would be lost. */
    public static final class ExpiredOffsetsException extends IllegalStateException {
        ExpiredOffsetsException(String message) {
            super(message);
        }
    }

    /**
     * Asks Kafka for the earliest and end offsets of every partition of {@code topics}.
     *
     * @param committed next offset per "topic:partition" from the manifest
     * @throws ExpiredOffsetsException naming every partition whose committed offset is below the earliest available
     */
    public static OffsetPlan plan(String bootstrap, List<Topic<String, byte[]>> topics, Map<String, Long> committed) {
        List<PartitionRange> ranges = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrap))) {
            for (Topic<String, byte[]> topic : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                        .map(PartitionInfo::partition).sorted().map(p -> new TopicPartition(topic.name(), p)).toList();
                Map<TopicPartition, Long> earliest = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
                for (TopicPartition tp : partitions) {
                    Long next = committed.get(tp.topic() + ":" + tp.partition());
                    long first = earliest.get(tp);
                    long last = end.get(tp);
                    if (next != null && next < first) {
                        gaps.add(String.format("%s partition %d: offsets %d..%d expired from Kafka before ingest "
                                + "(next offset to ingest %d, earliest available %d)", tp.topic(), tp.partition(), next,
                                first - 1, next, first));
                    } else if (next != null && next > last) {
                        gaps.add(String.format("%s partition %d: next offset to ingest %d is beyond the end offset %d "
                                + "(topic recreated?)", tp.topic(), tp.partition(), next, last));
                    } else {
                        ranges.add(new PartitionRange(tp.topic(), tp.partition(), next == null ? first : next, last));
                    }
                }
            }
        }
        if (!gaps.isEmpty()) {
            throw new ExpiredOffsetsException("refusing to ingest with a gap: " + String.join("; ", gaps));
        }
        return new OffsetPlan(ranges);
    }

    private static Properties consumerProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // Only offset look-ups: never join a group or commit anything.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    /** The same plan with each range cut to at most {@code maxRecords} offsets from its start. */
    public OffsetPlan capped(long maxRecords) {
        return new OffsetPlan(ranges.stream()
                .map(r -> new PartitionRange(r.topic(), r.partition(), r.from(), Math.min(r.to(), r.from() + maxRecords)))
                .toList());
    }

    /** Offsets the plan covers (records, unless transaction markers sit in between). */
    public long records() {
        return ranges.stream().mapToLong(r -> Math.max(0, r.to() - r.from())).sum();
    }

    public boolean isEmpty() {
        return ranges.stream().allMatch(PartitionRange::isEmpty);
    }

    /** Non-empty ranges of one topic. */
    public List<PartitionRange> nonEmpty(String topic) {
        return ranges.stream().filter(r -> r.topic().equals(topic) && !r.isEmpty()).toList();
    }

    /** Spark Kafka source offsets JSON, e.g. {@code {"t":{"0":12,"1":40}}}. */
    public static String offsetsJson(String topic, List<PartitionRange> ranges, boolean start) {
        return "{\"" + topic + "\":{" + ranges.stream()
                .map(r -> "\"" + r.partition() + "\":" + (start ? r.from() : r.to()))
                .collect(Collectors.joining(",")) + "}}";
    }

    /** Spark Kafka source assign JSON, e.g. {@code {"t":[0,1]}}. */
    public static String assignJson(String topic, List<PartitionRange> ranges) {
        return "{\"" + topic + "\":[" + ranges.stream().map(r -> String.valueOf(r.partition()))
                .collect(Collectors.joining(",")) + "]}";
    }

    @Override
    public String toString() {
        return ranges.stream().filter(r -> !r.isEmpty())
                .map(r -> r.topic() + "-" + r.partition() + "[" + r.from() + "," + r.to() + ")")
                .collect(Collectors.joining(" "));
    }
}
