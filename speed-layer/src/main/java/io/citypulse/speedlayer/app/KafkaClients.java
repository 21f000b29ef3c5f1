package io.citypulse.speedlayer.app;

import io.citypulse.contract.time.PlatformClock;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The speed layer's Kafka clients, one factory method each (public for the benchmark's relay anchor). */
public final class KafkaClients {

    private KafkaClients() {
    }

    public static KafkaConsumer<byte[], byte[]> consumer(SpeedLayerConfig config, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // Offsets follow the PostgreSQL checkpoint, committed only after the sink transaction.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A partition without a checkpoint is read from its beginning (see README: commit protocol).
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Only committed records of transactional producers: aborted ones must not reach the windows.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Rebalances move only the partitions that change owner; the others keep their in-memory state.
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // A killed instance's partitions move after 10 s instead of 45 s; heartbeats stay at the 3 s default.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        // Large polls for catch-up; one record costs microseconds, so 5000 stay far below max.poll.interval.ms.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        // Keys and values stay raw: rejected and late records are forwarded byte for byte.
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    public static KafkaProducer<byte[], byte[]> producer(SpeedLayerConfig config, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // No duplicates from the producer's own retries; replays after a crash are deduped by anomaly_id.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Anomalies are latency-sensitive: batch for at most 1 ms.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // Uncompressed: anomalies are few and small, and an lz4 batch allocates a 64 KB block buffer per 1 ms batch.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(PlatformClock.stampingSends(props));
    }
}
